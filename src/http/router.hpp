#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"
#include "http/websocket.hpp"

namespace onair::http {

/// Values of `{name}` segments in a matched pattern, in order.
class PathParams {
 public:
  const Fields& items() const { return items_; }
  void add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }
  /// The value of `{name}`; empty when the pattern has no such segment.
  const std::string& operator[](std::string_view name) const;

 private:
  Fields items_;
};

using Handler = std::function<Response(const Request&, const PathParams&)>;

/// Answers a deferred request; callable from any thread, once (later calls do nothing).
using Respond = std::function<void(Response)>;
/// A handler that may answer later (a long poll, e.g. an LL-HLS blocking playlist reload). It runs
/// on the worker pool, must not block, and must see that `respond` is called exactly once, now or
/// later (bounded by a timer of its own). The request lives only while the handler runs: copy
/// what a later answer needs.
using DeferredHandler = std::function<void(const Request&, const PathParams&, Respond)>;

/// Where a route's handler runs. `expensive` routes (password hashing: 64 MiB and ~0.1 s each)
/// run on a small pool of their own, so a storm of them never delays ordinary requests.
enum class Lane { ordinary, expensive };

/// Maps (method, path pattern) to handlers. Patterns are literal segments and `{name}` segments,
/// e.g. `/api/live-streams/{id}/join`. Unmatched GET/HEAD requests go to the fallback (static
/// files); a known path with another method answers 405.
class Router {
 public:
  void add(std::string method, std::string_view pattern, Handler handler, Lane lane = Lane::ordinary);
  /// A route whose handler answers when it is ready (see DeferredHandler).
  void add_deferred(std::string method, std::string_view pattern, DeferredHandler handler);
  /// The deferred route for `request` (GET also serves HEAD) and its `{name}` values, or nullptr.
  const DeferredHandler* match_deferred(const Request& request, PathParams& params) const;
  /// The lane of the route `request` goes to (ordinary when none matches).
  Lane lane(const Request& request) const;
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }
  /// An endpoint whose body may be large: `check` runs on the headers alone (an error answer stops
  /// the upload before its body is read); then the body is streamed to a temp file
  /// (Request::body_file, at most `max_bytes`) and `handler` runs.
  void add_upload(std::string method, std::string_view pattern, Handler check, Handler handler,
                  std::uint64_t max_bytes);
  struct Upload {
    const Handler* check;
    const Handler* handler;
    std::uint64_t max_bytes;
    PathParams params;
  };
  std::optional<Upload> match_upload(const Request& request) const;
  /// A WebSocket endpoint; upgrade requests to other paths are refused.
  void add_websocket(std::string_view pattern, WsRoute route);
  /// The WebSocket route for `path` and its `{name}` values, or nullptr.
  const WsRoute* match_websocket(const std::string& path, Fields& params) const;

  /// How an Error becomes a response: the api layer's one error table, so a refused WebSocket
  /// upgrade answers exactly as an HTTP handler would. Without one, every error is a 500.
  void set_error_renderer(std::function<Response(const Error&)> render) { render_error_ = std::move(render); }
  Response render_error(const Error& error) const;

  /// Runs the matching handler. Not thread-hostile: routes are fixed before serving starts.
  Response dispatch(const Request& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" for parameters
    Handler handler;
    Lane lane = Lane::ordinary;
  };
  static bool match(const std::vector<std::string>& segments, const std::vector<std::string_view>& path,
                    PathParams& params);

  struct DeferredEntry {
    std::string method;
    std::vector<std::string> segments;
    DeferredHandler handler;
  };
  struct WsEntry {
    std::vector<std::string> segments;
    WsRoute route;
  };
  struct UploadEntry {
    std::string method;
    std::vector<std::string> segments;
    Handler check;
    Handler handler;
    std::uint64_t max_bytes;
  };
  std::vector<Route> routes_;
  std::vector<std::size_t> expensive_;  // indexes into routes_ of the Lane::expensive ones
  std::vector<WsEntry> websockets_;
  std::vector<DeferredEntry> deferred_;
  std::vector<UploadEntry> uploads_;
  Handler fallback_;
  std::function<Response(const Error&)> render_error_;
};

}  // namespace onair::http
