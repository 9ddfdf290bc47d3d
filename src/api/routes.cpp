#include "accounts/account_service.hpp"
#include "api/context.hpp"

namespace onair::api {

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
    token = *cookie;
  } else {
    return Error{ErrorCode::unauthenticated, "Sign in to continue", {}};
  }
  return services.accounts.authenticate(token);
}

void register_routes(http::Router& router, Services& services) {
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
}

}  // namespace onair::api
