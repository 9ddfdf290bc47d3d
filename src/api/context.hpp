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

namespace onair::moderation {
class ModerationService;
}
namespace onair::schedule {
class ScheduleService;
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
  std::unique_ptr<Limiter> visitor_joins;   // joins without an account, per address
  std::unique_ptr<Limiter> thumbnails;      // live thumbnails, per stream
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
  Scheduler* scheduler = nullptr;  // timers of long-polled requests (HLS)
  moderation::ModerationService* moderation = nullptr;
  schedule::ScheduleService* schedule = nullptr;
  // Those of one media plane only: the built-in relay's, or LiveKit's.
  media::Relay* relay = nullptr;
  const media::StreamTokenSigner* relay_tokens = nullptr;
  const livekit::WebhookReceiver* livekit_webhooks = nullptr;
  livekit::RoomEvents* livekit_events = nullptr;
  const livekit::TwirpClient* livekit_api = nullptr;
};

/// The signed-in user from `Authorization: Bearer …` or the `onair_session` cookie.
Result<User> authenticate(const http::Request& request, Services& services);
/// The hash of the session token the request carries (bearer or cookie), or "" without one.
std::string session_hash(const http::Request& request);
/// The signed-in user when they are an operator (admin rights read fresh); forbidden otherwise.
Result<User> authenticate_admin(const http::Request& request, Services& services);

/// Visitors (API-NOTES "Visitors"): someone without an account watching public streams. A visitor
/// is a User whose id is "guest:<id>", the id kept in the `onair_guest` cookie.
bool is_visitor(std::string_view user_id);
inline bool is_visitor(const User& user) { return is_visitor(user.id); }
/// The signed-in user, or a visitor when the request has no credentials (or a session cookie that
/// no longer holds). A bad bearer token is still 401.
Result<User> authenticate_or_visit(const http::Request& request, Services& services);
/// The `Set-Cookie` value that keeps a visitor's id, when the request did not carry it already.
std::optional<std::string> visitor_cookie(const http::Request& request, const User& visitor);
/// What a visitor is told of a stream they need an account for: 401 with what the stream is.
Error visitor_refused(const LiveStream& stream);
/// A gate's refusal (followers only, paid) of stream `stream_id` as a visitor hears it:
/// visitor_refused. Other errors stay as they are.
Error for_visitor(Services& services, const std::string& stream_id, Error error);

/// Adds every API route to `router`.
void register_routes(http::Router& router, Services& services);

void register_auth_routes(http::Router& router, Services& services);
void register_user_routes(http::Router& router, Services& services);
void register_stream_routes(http::Router& router, Services& services);
void register_wallet_routes(http::Router& router, Services& services);
void register_health_routes(http::Router& router, Services& services);
void register_relay_routes(http::Router& router, Services& services);
void register_moderation_routes(http::Router& router, Services& services);
void register_event_routes(http::Router& router, Services& services);
void register_operations_routes(http::Router& router, Services& services);
void register_reel_routes(http::Router& router, Services& services);
void register_notification_routes(http::Router& router, Services& services);
void register_livekit_routes(http::Router& router, Services& services);
void register_chat_routes(http::Router& router, Services& services);
void register_schedule_routes(http::Router& router, Services& services);
/// `message` of API.md: `{id, streamId, author, text, createdAt}`.
json::object render_chat_message(const store::ChatMessage& message);
/// `{stream, reel|null}` for an ended stream.
http::Response render_end(const LiveStream& stream, Services& services);

/// Path ids are bounded: anything longer than this cannot exist.
constexpr std::size_t kMaxIdLength = 64;

/// A route on `{id}` of a `what` (e.g. "Reel"): authenticates, answers not_found for an id that
/// cannot exist, then runs `body(request, user, id)`.
template <typename Body>
http::Handler id_route(Services& s, const char* what, Body body, bool visitors = false) {
  return [&s, what, body, visitors](const http::Request& req, const http::PathParams& p) -> http::Response {
    auto user = visitors ? authenticate_or_visit(req, s) : authenticate(req, s);
    if (!user) return error_response(user.error());
    const std::string& id = p["id"];
    if (id.empty() || id.size() > kMaxIdLength) return error_response(Error::not_found(what));
    return body(req, *user, id);
  };
}
/// id_route open to visitors too (the user may be a visitor: is_visitor).
template <typename Body>
http::Handler visitor_id_route(Services& s, const char* what, Body body) {
  return id_route(s, what, std::move(body), true);
}

}  // namespace onair::api
