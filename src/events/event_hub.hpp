#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/message_sink.hpp"

namespace onair::events {

/// Routes real-time events to the event sockets (`GET /ws`) that should see them: stream changes
/// to the stream's author and to clients that subscribed to it, user events to all of a user's
/// sockets. Each message is built once and shared. A socket whose backlog passes the bound is
/// closed (the client reconnects and refetches). Thread-safe.
class EventHub {
 public:
  explicit EventHub(std::size_t max_backlog = 1u << 20) : max_backlog_(max_backlog) {}

  /// Registers a socket of `user_id`, opened with the session whose token hash is `session` (empty:
  /// a visitor's); the returned id names it in the calls below.
  std::uint64_t connect(const std::string& user_id, std::shared_ptr<MessageSink> subscriber,
                        const std::string& session = {});
  /// The session ended (logout, suspension): its sockets get `message`, then close (4001).
  void sign_out(const std::string& session, const SharedBytes& message);
  void disconnect(std::uint64_t socket);
  /// At most kMaxSubscriptions streams per socket; false when over.
  bool subscribe(std::uint64_t socket, const std::string& stream_id);
  void unsubscribe(std::uint64_t socket, const std::string& stream_id);
  /// The "live" topic: changes of every stream that show in live lists.
  void subscribe_live(std::uint64_t socket);
  void unsubscribe_live(std::uint64_t socket);

  void publish_stream(const std::string& stream_id, const std::string& author_id, const SharedBytes& message);
  /// Like publish_stream, but only to sockets whose user `allowed` accepts (the author's always).
  void publish_stream_if(const std::string& stream_id, const std::string& author_id, const SharedBytes& message,
                         const std::function<bool(const std::string& user_id)>& allowed);
  void publish_to_user(const std::string& user_id, const SharedBytes& message);
  /// To the sockets on the live topic whose user `allowed` accepts.
  void publish_live(const SharedBytes& message, const std::function<bool(const std::string& user_id)>& allowed);
  /// `user_id` is banned from the stream until `until_ms` (epoch ms; 0: for good): their sockets
  /// subscribed to it get `message` and are unsubscribed, and no more of the stream's events reach
  /// them (whether or not they subscribe again) until then or until readmit().
  void expel(const std::string& stream_id, const std::string& user_id, std::int64_t until_ms,
             const SharedBytes& message);
  void readmit(const std::string& stream_id, const std::string& user_id);
  std::size_t sockets() const;
  /// Whether `user_id` has an open socket.
  bool connected(const std::string& user_id) const;

  static constexpr std::size_t kMaxSubscriptions = 64;

 private:
  struct Socket {
    std::string user_id;
    std::shared_ptr<MessageSink> subscriber;
    std::set<std::string> streams;
    std::string session;
  };
  using Targets = std::vector<std::shared_ptr<MessageSink>>;
  /// Sends outside the lock (a snapshot of the targets is taken under it).
  void deliver(const Targets& targets, const SharedBytes& message) const;

  std::size_t max_backlog_;
  mutable std::mutex mutex_;  // guards everything below
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, Socket> sockets_;
  std::unordered_map<std::string, std::set<std::uint64_t>> by_user_;
  std::unordered_map<std::string, std::set<std::uint64_t>> by_stream_;
  std::unordered_map<std::string, std::unordered_map<std::string, std::int64_t>> expelled_;  // stream → user → until
  std::set<std::uint64_t> live_;  // on the live topic
};

}  // namespace onair::events
