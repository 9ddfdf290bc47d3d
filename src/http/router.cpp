#include "http/router.hpp"

#include "http/responses.hpp"

namespace onair::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

}  // namespace

const std::string& PathParams::operator[](std::string_view name) const {
  static const std::string kEmpty;
  for (const auto& [key, value] : items_) {
    if (key == name) return value;
  }
  return kEmpty;
}

void Router::add(std::string method, std::string_view pattern, Handler handler, Lane lane) {
  Route route{std::move(method), {}, std::move(handler), lane};
  for (auto segment : split_path(pattern)) route.segments.emplace_back(segment);
  if (lane == Lane::expensive) expensive_.push_back(routes_.size());
  routes_.push_back(std::move(route));
}

void Router::add_deferred(std::string method, std::string_view pattern, DeferredHandler handler) {
  DeferredEntry entry{std::move(method), {}, std::move(handler)};
  for (auto segment : split_path(pattern)) entry.segments.emplace_back(segment);
  deferred_.push_back(std::move(entry));
}

const DeferredHandler* Router::match_deferred(const Request& request, PathParams& params) const {
  if (deferred_.empty()) return nullptr;
  auto path = split_path(request.path);
  for (const auto& entry : deferred_) {
    if (entry.method != request.method && !(request.method == "HEAD" && entry.method == "GET")) continue;
    PathParams found;
    if (!match(entry.segments, path, found)) continue;
    params = std::move(found);
    return &entry.handler;
  }
  return nullptr;
}

bool Router::match(const std::vector<std::string>& segments, const std::vector<std::string_view>& path,
                   PathParams& params) {
  if (segments.size() != path.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto& segment = segments[i];
    if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') {
      params.add(segment.substr(1, segment.size() - 2), std::string(path[i]));
    } else if (segment != path[i]) {
      return false;
    }
  }
  return true;
}

void Router::add_upload(std::string method, std::string_view pattern, Handler check, Handler handler,
                        std::uint64_t max_bytes) {
  UploadEntry entry{std::move(method), {}, std::move(check), std::move(handler), max_bytes};
  for (auto segment : split_path(pattern)) entry.segments.emplace_back(segment);
  uploads_.push_back(std::move(entry));
}

std::optional<Router::Upload> Router::match_upload(const Request& request) const {
  auto parts = split_path(request.path);
  for (const auto& entry : uploads_) {
    PathParams params;
    if (entry.method == request.method && match(entry.segments, parts, params)) {
      return Upload{&entry.check, &entry.handler, entry.max_bytes, std::move(params)};
    }
  }
  return std::nullopt;
}

void Router::add_websocket(std::string_view pattern, WsRoute route) {
  WsEntry entry{{}, std::move(route)};
  for (auto segment : split_path(pattern)) entry.segments.emplace_back(segment);
  websockets_.push_back(std::move(entry));
}

const WsRoute* Router::match_websocket(const std::string& path, Fields& params) const {
  auto parts = split_path(path);
  for (const auto& entry : websockets_) {
    PathParams found;
    if (match(entry.segments, parts, found)) {
      params = found.items();
      return &entry.route;
    }
  }
  return nullptr;
}

Lane Router::lane(const Request& request) const {
  // Runs on the network thread for every request: only the few expensive routes are looked at,
  // and a request of another method costs a comparison each.
  std::vector<std::string_view> path;
  for (auto index : expensive_) {
    const auto& route = routes_[index];
    if (route.method != request.method) continue;
    if (path.empty()) path = split_path(request.path);
    PathParams params;
    if (match(route.segments, path, params)) return Lane::expensive;
  }
  return Lane::ordinary;
}

Response Router::dispatch(const Request& request) const {
  auto path = split_path(request.path);
  bool other_method = false;
  for (const auto& route : routes_) {
    PathParams params;
    if (!match(route.segments, path, params)) continue;
    if (route.method == request.method || (request.method == "HEAD" && route.method == "GET")) {
      return route.handler(request, params);
    }
    other_method = true;
  }
  if (other_method) {
    return error_response(405, "method_not_allowed", request.method + " is not allowed on " + request.path);
  }
  if (fallback_ && (request.method == "GET" || request.method == "HEAD")) {
    return fallback_(request, PathParams{});
  }
  return error_response(404, "not_found", "No such endpoint: " + request.method + " " + request.path);
}

Response Router::render_error(const Error& error) const {
  if (render_error_) return render_error_(error);
  return error_response(500, error_code_name(error.code), error.message);
}

}  // namespace onair::http
