#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/scheduler.hpp"
#include "http/message.hpp"

namespace onair::http {

using onair::SharedBytes;
using onair::Scheduler;

/// The server side of one WebSocket as handlers see it. Thread-safe.
class WsConnection {
 public:
  virtual ~WsConnection() = default;
  /// Queues a message. Messages leave in order with one write in flight; nothing blocks.
  virtual void send(SharedBytes bytes, bool binary) = 0;
  /// Bytes queued and not yet written: the receiver's backlog.
  virtual std::size_t queued_bytes() const = 0;
  /// Sends the queued messages, then a close frame with `code` and `reason`.
  virtual void close(int code, std::string reason) = 0;
};

/// One WebSocket's events, delivered one at a time (never concurrently) on network threads: a
/// handler must not block.
class WsHandler {
 public:
  virtual ~WsHandler() = default;
  virtual void on_open(const std::shared_ptr<WsConnection>& connection) = 0;
  virtual void on_message(std::string_view data, bool binary) = 0;
  virtual void on_close() = 0;
};

struct WsAccept {
  std::shared_ptr<WsHandler> handler;
  std::size_t max_message_bytes = 64 * 1024;
};

/// Decides on an upgrade request; runs on the worker pool, so it may block. An Error answers the
/// upgrade with the API error response instead.
using WsRoute = std::function<Result<WsAccept>(const Request&, const Fields& params)>;

}  // namespace onair::http
