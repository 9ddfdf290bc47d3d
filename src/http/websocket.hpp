#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/message_sink.hpp"
#include "core/result.hpp"
#include "core/scheduler.hpp"
#include "http/message.hpp"

namespace onair::http {

using onair::SharedBytes;
using onair::Scheduler;

/// The server side of one WebSocket as handlers see it: a message sink.
using WsConnection = MessageSink;

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
