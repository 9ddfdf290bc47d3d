#pragma once

#include <memory>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "core/config.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "api/json_io.hpp"

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

namespace onair::livekit {
class WebhookReceiver;
class RoomEvents;
class TwirpClient;
}
namespace onair::http {
class RequestStats;
}
namespace onair::analytics {
class AnalyticsService;
}
namespace onair::chat {
class ChatService;
}
namespace onair::store {
struct ChatMessage;
}

namespace onair::api {

/// The request rate limits, owned by the app and set from its configuration (rate_limits()).
struct RateLimits {
  std::unique_ptr<Limiter> signups;         // new accounts per address (ONAIR_SIGNUPS_PER_HOUR)
  std::unique_ptr<Limiter> login_attempts;  // sign-in attempts per address
  std::unique_ptr<Limiter> login_failures;  // wrong passwords per account and address
  std::unique_ptr<Limiter> chat_messages;   // per user
  std::unique_ptr<Limiter> reactions;       // per user
  std::unique_ptr<Limiter> client_events;   // per user
};
/// The limits for `config`. With `shared` (PostgreSQL) the sign-up and sign-in limits are kept in
/// the database, so they hold across every instance; the per-user ones are each instance's own.
RateLimits rate_limits(const Config& config, store::Database* shared);

/// What handlers call. Owned by the app; outlives the router.
struct Services {
  const Config& config;
  store::Database& db;
  accounts::AccountService& accounts;
  streams::StreamService& streams;
  payments::WalletService& wallets;
  const Clock& clock;
  RateLimits& limits;
  events::EventHub& hub;  // the /ws event sockets
  reels::ReelService& reels;
  notify::NotificationService& notifications;
  analytics::AnalyticsService& analytics;
  chat::ChatService& chat;
  const http::RequestStats& http_stats;
  TimeMs started_at = 0;
  // Those of one media plane only: the built-in relay's, or LiveKit's.
  media::Relay* relay = nullptr;
  const media::StreamTokenSigner* relay_tokens = nullptr;
  const livekit::WebhookReceiver* livekit_webhooks = nullptr;
  livekit::RoomEvents* livekit_events = nullptr;
  const livekit::TwirpClient* livekit_api = nullptr;
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
void register_livekit_routes(http::Router& router, Services& services);
void register_chat_routes(http::Router& router, Services& services);
/// `message` of API.md: `{id, streamId, author, text, createdAt}`.
json::object render_chat_message(const store::ChatMessage& message);
/// `{stream, reel|null}` for an ended stream.
http::Response render_end(const LiveStream& stream, Services& services);

/// Path ids are bounded: anything longer than this cannot exist.
constexpr std::size_t kMaxIdLength = 64;

/// A route on `{id}` of a `what` (e.g. "Reel"): authenticates, answers not_found for an id that
/// cannot exist, then runs `body(request, user, id)`.
template <typename Body>
http::Handler id_route(Services& s, const char* what, Body body) {
  return [&s, what, body](const http::Request& req, const http::PathParams& p) -> http::Response {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    const std::string& id = p["id"];
    if (id.empty() || id.size() > kMaxIdLength) return error_response(Error::not_found(what));
    return body(req, *user, id);
  };
}

}  // namespace onair::api
