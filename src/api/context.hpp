#pragma once

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace onair::accounts {
class AccountService;
}
namespace onair::streams {
class StreamService;
}
namespace onair::payments {
class WalletService;
}
namespace onair::store {
class Database;
}
namespace onair::notify {
class NotificationService;
}
namespace onair::store {
struct Notification;
}
namespace onair::reels {
class ReelService;
}
namespace onair::events {
class EventHub;
}
namespace onair::media {
class Relay;
class StreamTokenSigner;
}

namespace onair::api {

/// What handlers call. Owned by the app; outlives the router.
struct Services {
  const Config& config;
  store::Database& db;
  accounts::AccountService& accounts;
  streams::StreamService& streams;
  payments::WalletService& wallets;
  const Clock& clock;
  media::Relay* relay = nullptr;                              // the built-in relay, when it is the backend
  const media::StreamTokenSigner* relay_tokens = nullptr;
  events::EventHub* hub = nullptr;                              // the /ws event sockets
  reels::ReelService* reels = nullptr;
  notify::NotificationService* notifications = nullptr;
};

/// The signed-in user from `Authorization: Bearer …` or the `onair_session` cookie.
Result<User> authenticate(const http::Request& request, Services& services);

/// Adds every API route to `router`.
void register_routes(http::Router& router, Services& services);

void register_auth_routes(http::Router& router, Services& services);
void register_user_routes(http::Router& router, Services& services);
void register_stream_routes(http::Router& router, Services& services);
void register_wallet_routes(http::Router& router, Services& services);
void register_health_routes(http::Router& router, Services& services);
void register_relay_routes(http::Router& router, Services& services);
void register_event_routes(http::Router& router, Services& services);
void register_operations_routes(http::Router& router, Services& services);
void register_reel_routes(http::Router& router, Services& services);
void register_notification_routes(http::Router& router, Services& services);
/// `{stream, reel|null}` for an ended stream.
http::Response render_end(const LiveStream& stream, Services& services);

/// Path ids are bounded: anything longer than this cannot exist.
constexpr std::size_t kMaxIdLength = 64;

}  // namespace onair::api
