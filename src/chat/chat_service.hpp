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
#include "store/chat_repository.hpp"

namespace onair::store {
class Database;
}
namespace onair::streams {
class StreamService;
}

namespace onair::chat {

inline constexpr std::array<std::string_view, 5> kReactionKinds{"heart", "fire", "clap", "laugh", "wow"};

/// Told about chat to push to clients: a new message, a removed one, and reaction counts (at
/// most every `ChatService::kReactionInterval` per stream).
class ChatListener {
 public:
  virtual ~ChatListener() = default;
  virtual void on_message(const LiveStream& stream, const store::ChatMessage& message) = 0;
  virtual void on_removed(const LiveStream& stream, std::int64_t message_id) = 0;
  virtual void on_reactions(const std::string& stream_id, const std::string& author_id,
                            const std::map<std::string, std::int64_t>& counts) = 0;
};

/// Live chat and reactions. Who may take part is the stream service's rule (the owner, admins,
/// viewers who joined, anyone the gate lets in); they are remembered as the stream's audience,
/// whose event sockets receive the chat. Reactions are counted in memory and reported in
/// batches. Blocking: call from the worker pool.
class ChatService {
 public:
  static constexpr std::chrono::milliseconds kReactionInterval{250};

  /// `stream_per_second`: messages into one stream per second from everyone but its creator
  /// together (a burst of three seconds' worth), so many accounts cannot flood one chat.
  ChatService(store::Database& db, streams::StreamService& streams, Scheduler& scheduler, const Clock& clock,
              int stream_per_second = 10);
  ~ChatService();

  void set_listener(ChatListener* listener) { listener_ = listener; }

  /// `text` is validated by the caller. stream_ended once the stream has ended; rate_limited when
  /// the stream's chat is at its ceiling.
  Result<store::ChatMessage> post(const User& user, const std::string& stream_id, const std::string& text);
  /// Messages after `after_id`, or the newest `limit` without it; oldest first either way.
  Result<std::vector<store::ChatMessage>> list(const User& user, const std::string& stream_id,
                                               std::optional<std::int64_t> after_id, int limit);
  /// The stream's owner or an admin removes a message.
  Status remove(const User& actor, const std::string& stream_id, std::int64_t message_id);
  /// `kind` is one of kReactionKinds (validated by the caller).
  Status react(const User& user, const std::string& stream_id, const std::string& kind);

  /// `user_id` may see the stream's chat pushed live from now on.
  void admit(const std::string& stream_id, const std::string& user_id);
  bool admitted(const std::string& stream_id, const std::string& user_id) const;
  /// The stream ended: forget its audience.
  void forget(const std::string& stream_id);

 private:
  Result<LiveStream> take_part(const User& user, const std::string& stream_id);
  void flush_reactions();

  store::Database& db_;
  streams::StreamService& streams_;
  RateLimiter per_stream_;
  Scheduler& scheduler_;
  const Clock& clock_;
  ChatListener* listener_ = nullptr;

  mutable std::mutex mutex_;  // guards audience_, pending_, flush_
  std::unordered_map<std::string, std::set<std::string>> audience_;
  struct PendingReactions {
    std::string author_id;
    std::map<std::string, std::int64_t> counts;
  };
  std::map<std::string, PendingReactions> pending_;
  std::shared_ptr<Scheduler::Timer> flush_;
};

}  // namespace onair::chat
