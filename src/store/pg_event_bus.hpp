#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "events/bus_codec.hpp"
#include "events/event_bus.hpp"
#include "store/database.hpp"

namespace onair::store {

/// The event bus of instances sharing one PostgreSQL: an event reaches this instance's
/// subscribers at once and every other instance's through `NOTIFY onair_events` (a sender thread
/// batches events into payloads of at most ~8 kB; a listener thread on its own connection hears
/// the others'). If the database is unreachable, events wait in a bounded queue and the
/// connections are made again. Thread-safe; publish never blocks.
class PgEventBus final : public events::LocalBus {
 public:
  /// `instance_id` marks this instance's payloads (it skips its own); a stream whose event was
  /// too large to travel whole is read back from `db`.
  PgEventBus(std::string conninfo, std::string instance_id, Database& db);
  ~PgEventBus() override;
  PgEventBus(const PgEventBus&) = delete;
  PgEventBus& operator=(const PgEventBus&) = delete;

  void publish(const events::LiveEvent& event) override;
  /// Starts the sender and listener threads; returns once listening (or after `wait` without).
  void start(std::chrono::milliseconds wait = std::chrono::seconds(5));
  void stop();
  bool listening() const { return listening_.load(); }

  static constexpr const char* kChannel = "onair_events";
  static constexpr std::size_t kMaxPayload = 7900;   // PostgreSQL's bound is 8000 bytes
  static constexpr std::size_t kMaxQueued = 100'000;  // events waiting for the sender

 private:
  void send_loop();
  void listen_loop();
  void receive(const char* payload);

  std::string conninfo_;
  std::string instance_id_;
  events::StreamLoader load_;
  std::mutex mutex_;  // guards queue_, stopping_, dropped_
  std::condition_variable wake_;
  std::deque<events::LiveEvent> queue_;
  bool stopping_ = false;
  std::uint64_t dropped_ = 0;
  std::atomic<bool> listening_{false};
  std::atomic<bool> stop_listening_{false};
  std::thread sender_;
  std::thread listener_;
};

}  // namespace onair::store
