#include "accounts/account_service.hpp"
#include "api/context.hpp"

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "streams/stream_service.hpp"

namespace onair::api {

namespace {

bool changes_state(const http::Request& request) {
  return request.method != "GET" && request.method != "HEAD" && request.method != "OPTIONS";
}

bool is_websocket_upgrade(const http::Request& request) {
  auto upgrade = request.header("upgrade");
  return upgrade && equals_ignoring_case(*upgrade, "websocket");
}

/// "scheme://host[:port]" of a URL.
std::string_view origin_of(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return url;
  auto path = url.find('/', scheme + 3);
  return path == std::string_view::npos ? url : url.substr(0, path);
}

/// Whether a browser's `Origin` is the app's own: ONAIR_PUBLIC_URL's origin, or the host the
/// request was sent to (the same server reached by another name, e.g. localhost).
bool own_origin(const http::Request& request, std::string_view origin, const Config& config) {
  if (origin == origin_of(config.public_url)) return true;
  auto host = request.header("host");
  if (!host) return false;
  auto scheme = origin.find("://");
  return scheme != std::string_view::npos && origin.substr(scheme + 3) == *host;
}

constexpr std::string_view kVisitorPrefix = "guest:";

/// The visitor id the `onair_guest` cookie holds, if it holds one that random_id() could make.
std::optional<std::string> visitor_id(const http::Request& request) {
  auto cookie = request.cookie("onair_guest");
  if (!cookie || cookie->size() != 20) return std::nullopt;
  for (char c : *cookie) {
    if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) return std::nullopt;
  }
  return cookie;
}

}  // namespace

bool is_visitor(std::string_view user_id) { return user_id.starts_with(kVisitorPrefix); }

Result<User> authenticate_or_visit(const http::Request& request, Services& services) {
  auto user = authenticate(request, services);
  // A bad bearer token, or a session cookie sent by another site, is refused; no credentials, or
  // a session that has ended, make a visitor.
  if (user || request.header("authorization") || user.error().code != ErrorCode::unauthenticated) return user;
  User visitor;
  visitor.id = std::string(kVisitorPrefix) + visitor_id(request).value_or(crypto::random_id());
  return visitor;
}

std::optional<std::string> visitor_cookie(const http::Request& request, const User& visitor) {
  if (!is_visitor(visitor) || visitor_id(request)) return std::nullopt;
  return "onair_guest=" + visitor.id.substr(kVisitorPrefix.size()) + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400";
}

Error visitor_refused(const LiveStream& stream) {
  return Error{ErrorCode::unauthenticated,
               stream.gating == Gating::paid ? "Sign in to buy this live stream"
                                             : "Sign in and follow @" + stream.author.handle + " to watch",
               {{"gating", std::string(to_string(stream.gating))},
                {"priceCredits", stream.price_credits},
                {"title", stream.title},
                {"authorHandle", stream.author.handle},
                {"authorDisplayName", stream.author.display_name}}};
}

Error for_visitor(Services& services, const std::string& stream_id, Error error) {
  if (error.code != ErrorCode::followers_only && error.code != ErrorCode::payment_required) return error;
  auto stream = services.streams.get(stream_id);
  return stream ? visitor_refused(*stream) : std::move(stream).error();
}

std::string session_hash(const http::Request& request) {
  constexpr std::string_view kBearer = "Bearer ";
  if (auto header = request.header("authorization")) {
    if (header->size() > kBearer.size() && header->substr(0, kBearer.size()) == kBearer) {
      return crypto::sha256_hex(std::string(header->substr(kBearer.size())));
    }
    return "";
  }
  if (auto cookie = request.cookie("onair_session")) return crypto::sha256_hex(*cookie);
  return "";
}

Result<User> authenticate(const http::Request& request, Services& services) {
  std::string token;
  if (auto header = request.header("authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (header->size() > kBearer.size() && header->substr(0, kBearer.size()) == kBearer) {
      token = std::string(header->substr(kBearer.size()));
    } else {
      return Error{ErrorCode::unauthenticated, "Authorization must be 'Bearer <token>'", {}};
    }
  } else if (auto cookie = request.cookie("onair_session")) {
    // A cookie rides along with requests other sites make: a foreign page must not act with it
    // (cross-site request forgery, cross-site WebSocket hijacking).
    auto origin = request.header("origin");
    if ((changes_state(request) || is_websocket_upgrade(request)) && origin &&
        !own_origin(request, *origin, services.config)) {
      return Error{ErrorCode::forbidden, "Requests from another site cannot use this session", {}};
    }
    token = *cookie;
  } else {
    return Error{ErrorCode::unauthenticated, "Sign in to continue", {}};
  }
  return services.accounts.authenticate(token);
}

void register_routes(http::Router& router, Services& services) {
  router.set_error_renderer([](const Error& error) { return error_response(error); });
  register_health_routes(router, services);
  register_auth_routes(router, services);
  register_user_routes(router, services);
  register_stream_routes(router, services);
  register_wallet_routes(router, services);
  register_relay_routes(router, services);
  register_event_routes(router, services);
  register_operations_routes(router, services);
  register_reel_routes(router, services);
  register_notification_routes(router, services);
  register_livekit_routes(router, services);
  register_chat_routes(router, services);
  if (services.moderation != nullptr) register_moderation_routes(router, services);
  if (services.schedule != nullptr) register_schedule_routes(router, services);
}

}  // namespace onair::api
