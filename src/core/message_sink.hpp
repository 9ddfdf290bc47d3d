#pragma once

#include <cstddef>
#include <string>

#include "core/scheduler.hpp"

namespace onair {

/// Something a message can be sent to: a WebSocket session implements it (one write in flight, a
/// queue behind it). Relay publishers, relay viewers and `/ws` clients are all sinks. Thread-safe;
/// nothing blocks.
class MessageSink {
 public:
  virtual ~MessageSink() = default;
  /// Queues a message; messages leave in order.
  virtual void send(SharedBytes bytes, bool binary) = 0;
  /// Bytes queued and not yet written: the receiver's backlog.
  virtual std::size_t backlog() const = 0;
  /// Sends what is queued, then closes with `code` and `reason`.
  virtual void close(int code, std::string reason) = 0;
};

}  // namespace onair
