#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/model.hpp"
#include "store/database.hpp"

namespace onair::store {

struct ChatMessage {
  std::int64_t id = 0;
  std::string stream_id;
  User author;
  std::string text;
  TimeMs created_at = 0;
};

/// Live chat messages.
namespace chat {

/// Stores a message and returns it with its id.
ChatMessage insert(Conn& conn, const std::string& stream_id, const User& author, const std::string& text, TimeMs now);
/// Messages after `after_id`, oldest first, at most `limit`.
std::vector<ChatMessage> list_after(Conn& conn, const std::string& stream_id, std::int64_t after_id, int limit);
/// The newest `limit` messages, oldest first (what a newcomer sees).
std::vector<ChatMessage> latest(Conn& conn, const std::string& stream_id, int limit);
/// The message `id`, if it exists (its stream, author and text).
std::optional<ChatMessage> find(Conn& conn, std::int64_t id);
/// When `author_id` last wrote in the stream's chat, if ever.
std::optional<TimeMs> last_message_at(Conn& conn, const std::string& stream_id, const std::string& author_id);
/// Removes every message `author_id` wrote in the stream; their ids.
std::vector<std::int64_t> remove_by_author(Conn& conn, const std::string& stream_id, const std::string& author_id);
/// Removes a message of the stream; false when there is no such message.
bool remove(Conn& conn, const std::string& stream_id, std::int64_t id);
/// Adds `n` reactions to the stream's bucket starting at `bucket`.
void count_reactions(Conn& conn, const std::string& stream_id, TimeMs bucket, std::int64_t n);

}  // namespace chat
}  // namespace onair::store
