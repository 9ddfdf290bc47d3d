#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "core/scheduler.hpp"
#include "events/event_bus.hpp"
#include "store/chat_repository.hpp"

namespace onair::store {
class Conn;
class Database;
}
namespace onair::streams {
class StreamService;
}

namespace onair::chat {

class BlockedWords;

inline constexpr std::array<std::string_view, 5> kReactionKinds{"heart", "fire", "clap", "laugh", "wow"};

/// Live chat and reactions. Who may take part is the stream service's rule (the owner, admins,
/// viewers who joined, anyone the gate lets in); of followers-only and paid streams they are
/// remembered as the stream's audience, whose event sockets receive the chat (a public stream's
/// chat reaches everyone following it). Reaction counts are also kept, in buckets of
/// kReactionBucket, for the creator's insights. What is pushed goes out on the event bus: messages,
/// removals, reaction counts (counted in memory, at most every kReactionInterval per stream) and
/// admissions to the audience (so every instance knows it). Blocking: call from the worker pool.
class ChatService {
 public:
  static constexpr std::chrono::milliseconds kReactionInterval{250};
  static constexpr std::chrono::milliseconds kReactionBucket{5000};

  /// `stream_per_second`: messages into one stream per second from everyone but its creator
  /// together (a burst of three seconds' worth), so many accounts cannot flood one chat.
  ChatService(store::Database& db, streams::StreamService& streams, Scheduler& scheduler, const Clock& clock,
              events::EventBus& bus, int stream_per_second = 10);
  ~ChatService();

  /// `text` is validated by the caller. stream_ended once the stream has ended; rate_limited when
  /// the stream's chat is at its ceiling. `address`: the client's (the ban evasion check).
  Result<store::ChatMessage> post(const User& user, const std::string& stream_id, const std::string& text,
                                  const std::string& address = {});
  /// Messages after `after_id`, or the newest `limit` without it; oldest first either way.
  Result<std::vector<store::ChatMessage>> list(const User& user, const std::string& stream_id,
                                               std::optional<std::int64_t> after_id, int limit);
  /// The message `id` (decimal, as on the wire), if it exists.
  std::optional<store::ChatMessage> find(const std::string& id);
  /// The stream's owner, their moderators or an admin removes a message.
  Status remove(const User& actor, const std::string& stream_id, std::int64_t message_id);
  /// `kind` is one of kReactionKinds (validated by the caller).
  Status react(const User& user, const std::string& stream_id, const std::string& kind);

  /// `user_id` may see the stream's chat pushed live from now on (on every instance).
  void admit(const std::string& stream_id, const std::string& user_id);
  bool admitted(const std::string& stream_id, const std::string& user_id) const;

 private:
  /// Follows the bus: admissions from any instance; an ended stream's audience is forgotten.
  void on_event(const events::LiveEvent& event);
  Result<LiveStream> take_part(const User& user, const std::string& stream_id);
  /// The channel's rules for a message (API.md "Moderation"): bans, followers-only chat, slow mode
  /// (the creator, moderators and admins exempt), blocked words (everyone but the creator).
  Status chat_rules(store::Conn& conn, const LiveStream& stream, const User& user, const std::string& text,
                    const std::string& address);
  /// The channel's blocked words compiled (ICU work done once per list, not per message).
  std::shared_ptr<const BlockedWords> compiled(const std::string& creator_id, const std::vector<std::string>& words);
  void flush_reactions();

  store::Database& db_;
  streams::StreamService& streams_;
  RateLimiter per_stream_;
  Scheduler& scheduler_;
  const Clock& clock_;
  events::EventBus& bus_;

  mutable std::mutex mutex_;  // guards audience_, pending_, flush_
  std::unordered_map<std::string, std::set<std::string>> audience_;
  struct PendingReactions {
    std::string author_id;
    bool open = false;
    std::map<std::string, std::int64_t> counts;
  };
  std::map<std::string, PendingReactions> pending_;
  std::shared_ptr<Scheduler::Timer> flush_;

  struct CompiledWords {
    std::vector<std::string> words;  // the list they were compiled from
    std::shared_ptr<const BlockedWords> matcher;
  };
  std::mutex words_mutex_;  // guards words_
  std::unordered_map<std::string, CompiledWords> words_;  // by creator id, at most kCompiledChannels
  static constexpr std::size_t kCompiledChannels = 1024;
};

}  // namespace onair::chat
