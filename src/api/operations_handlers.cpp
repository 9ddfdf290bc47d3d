#include <charconv>
#include <memory>

#include <fmt/format.h>

#include "accounts/account_service.hpp"
#include "analytics/analytics_service.hpp"
#include "api/context.hpp"
#include "api/json_io.hpp"
#include "core/rate_limiter.hpp"
#include "events/event_hub.hpp"
#include "http/request_stats.hpp"
#include "livekit/twirp_client.hpp"
#include "media/relay.hpp"
#include "streams/stream_service.hpp"

namespace onair::api {

Result<User> authenticate_admin(const http::Request& req, Services& s) {
  auto user = authenticate(req, s);
  if (!user) return user;
  // The session cache may predate an `onair admin grant`: ask the database before refusing.
  if (!user->is_admin) user->is_admin = s.accounts.is_admin_now(user->id);
  if (!user->is_admin) return Error{ErrorCode::forbidden, "Only operators (admins) can do this", {}};
  return user;
}

namespace {

/// What clients report (API.md "Analytics"); anything else is refused, so made-up kinds never
/// reach a creator's analytics.
constexpr std::string_view kClientEventKinds[] = {"playback_error", "publish_error", "reconnect"};

bool known_kind(const std::string& kind) {
  for (auto k : kClientEventKinds) {
    if (kind == k) return true;
  }
  return false;
}

json::array render_counts(const std::vector<analytics::CountPoint>& points) {
  json::array out;
  for (const auto& p : points) out.push_back(json::object{{"at", format_iso8601(p.at)}, {"count", p.count}});
  return out;
}

}  // namespace

void register_operations_routes(http::Router& router, Services& s) {
  router.add("POST", "/api/client-events", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    auto body = parse_object(req);
    if (!body) return error_response(body.error());
    FieldReader f(*body);
    auto stream_id = f.string("streamId", false, 1, kMaxIdLength);
    auto kind = f.string("kind", true, 1, 40);
    auto message = f.string("message", true, 1, 500, TextKind::multiline);
    auto detail = f.string("detail", false, 0, 2000, TextKind::multiline);
    if (!f.ok()) return error_response(f.take_error());
    if (!known_kind(*kind)) {
      return error_response(Error::validation("kind", "kind must be playback_error, publish_error or reconnect"));
    }
    if (!s.limits.client_events->allow(user->id, s.clock.now_ms())) {
      return error_response(Error{ErrorCode::rate_limited, "Too many client events; slow down", {}});
    }
    std::string text = *message;
    if (detail && !detail->empty()) text += "\n" + *detail;
    auto recorded = s.streams.record_client_event(*user, stream_id.value_or(""), *kind, text);
    return recorded ? no_content() : error_response(recorded.error());
  });

  router.add("GET", "/api/admin/streams", [&s](const http::Request& req, const http::PathParams&) {
    auto admin = authenticate_admin(req, s);
    if (!admin) return error_response(admin.error());
    std::vector<StreamStatus> statuses{StreamStatus::created, StreamStatus::live, StreamStatus::interrupted,
                                       StreamStatus::ended};
    if (auto text = req.query_param("status")) {
      auto status = parse_stream_status(*text);
      if (!status) {
        return error_response(Error::validation("status", "status must be created, live, interrupted or ended"));
      }
      statuses = {*status};
    }
    auto limit = read_limit(req, 20, 100);
    if (!limit) return error_response(limit.error());
    auto cursor = req.query_param("cursor");
    if (cursor && cursor->empty()) cursor.reset();
    auto page = s.streams.list_by_status(statuses, cursor, *limit);
    if (!page) return error_response(page.error());
    json::array items;
    for (const auto& stream : page->items) items.push_back(render_stream(stream));
    return page_response(std::move(items), page->next_cursor);
  });

  router.add("POST", "/api/admin/streams/{id}/end", [&s](const http::Request& req, const http::PathParams& p) {
    auto admin = authenticate_admin(req, s);
    if (!admin) return error_response(admin.error());
    if (p["id"].size() > kMaxIdLength) return error_response(Error::not_found("Live stream"));
    auto body = parse_object(req, true);
    if (!body) return error_response(body.error());
    FieldReader f(*body);
    auto save = f.boolean("saveRecording", false);
    if (!f.ok()) return error_response(f.take_error());
    auto ended = s.streams.end(*admin, p["id"], save.value_or(false));
    if (!ended) return error_response(ended.error());
    return render_end(*ended, s);
  });

  router.add("GET", "/api/admin/overview", [&s](const http::Request& req, const http::PathParams&) {
    auto admin = authenticate_admin(req, s);
    if (!admin) return error_response(admin.error());
    json::object streams;
    for (auto status : {StreamStatus::created, StreamStatus::live, StreamStatus::interrupted, StreamStatus::ended}) {
      streams[to_string(status)] = 0;
    }
    json::object body{{"eventSockets", s.hub.sockets()}, {"mediaBackend", s.config.media_backend}};
    auto o = s.analytics.overview();
    for (const auto& [status, n] : o.streams_by_status) streams[to_string(status)] = n;
    body["streams"] = std::move(streams);
    body["users"] = o.totals.users;
    body["reels"] = o.totals.reels;
    body["last24h"] = json::object{{"streamsStarted", o.last_24h.streams_started},
                                   {"watchSessions", o.last_24h.watch_sessions},
                                   {"uniqueViewers", o.last_24h.unique_viewers},
                                   {"purchases", o.last_24h.purchases},
                                   {"revenueCredits", o.last_24h.revenue_credits}};
    body["notifications"] = json::object{{"emailPending", o.totals.queues.email_pending},
                                         {"emailFailed", o.totals.queues.email_failed},
                                         {"fanoutJobsPending", o.totals.queues.fanout_jobs_pending}};
    json::array top;
    for (const auto& stream : o.top_live) top.push_back(render_stream(stream));
    body["topLive"] = std::move(top);
    return json_response(200, std::move(body));
  });

  router.add("GET", "/api/admin/streams/{id}/analytics", [&s](const http::Request& req, const http::PathParams& p) {
    auto admin = authenticate_admin(req, s);
    if (!admin) return error_response(admin.error());
    if (p["id"].empty() || p["id"].size() > kMaxIdLength) return error_response(Error::not_found("Live stream"));
    auto a = s.analytics.stream(p["id"]);
    if (!a) return error_response(a.error());
    json::object clients;
    for (const auto& [kind, n] : a->client_events) clients[kind] = n;
    json::array timeline;
    for (const auto& e : a->timeline) {
      timeline.push_back(json::object{{"kind", e.kind}, {"detail", e.detail}, {"at", format_iso8601(e.at)}});
    }
    json::object analytics{{"uniqueViewers", a->unique_viewers},
                           {"watchSessions", a->watch_sessions},
                           {"currentViewers", a->stream.viewer_count},
                           {"peakViewers", a->stream.peak_viewers},
                           {"totalWatchMs", a->total_watch_ms},
                           {"averageWatchMs", a->average_watch_ms},
                           {"durationMs", a->duration_ms ? json::value(*a->duration_ms) : json::value(nullptr)},
                           {"purchases", a->purchases},
                           {"revenueCredits", a->revenue_credits},
                           {"followersNotified", a->followers_notified},
                           {"clientEvents", std::move(clients)},
                           {"timeline", std::move(timeline)}};
    return json_response(200, json::object{{"stream", render_stream(a->stream)}, {"analytics", std::move(analytics)}});
  });

  router.add("GET", "/api/admin/viewers", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate_admin(req, s);
    if (!user) return error_response(user.error());
    int minutes = 60;
    if (auto text = req.query_param("minutes"); text && !text->empty()) {
      auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), minutes);
      if (ec != std::errc{} || end != text->data() + text->size() || minutes < 1 || minutes > 1440) {
        return error_response(Error::validation("minutes", "minutes must be a whole number from 1 to 1440"));
      }
    }
    json::array points;
    for (const auto& p : s.analytics.activity(minutes)) {
      points.push_back(json::object{{"at", format_iso8601(p.at)}, {"viewers", p.viewers}, {"liveStreams", p.live_streams}});
    }
    return json_response(200, json::object{{"points", std::move(points)}});
  });

  router.add("GET", "/api/live-streams/{id}/analytics",
             id_route(s, "Live stream", [&s](const http::Request&, const User& session_user, const std::string& id) {
               // An operator granted a moment ago may read it at once, whatever the session cache holds.
               User user = session_user;
               if (!user.is_admin) user.is_admin = s.accounts.is_admin_now(user.id);
               auto a = s.analytics.for_creator(user, id);
               if (!a) return error_response(a.error());
               json::array timeline;
               for (const auto& p : a->viewer_timeline) {
                 timeline.push_back(json::object{{"at", format_iso8601(p.at)}, {"viewers", p.viewers}});
               }
               json::object errors;
               for (const auto& [kind, n] : a->base.client_events) errors[kind] = n;
               const auto& b = a->base;
               return json_response(
                   200, json::object{{"durationMs", b.duration_ms ? json::value(*b.duration_ms) : json::value(nullptr)},
                                     {"peakViewers", b.stream.peak_viewers},
                                     {"uniqueViewers", b.unique_viewers},
                                     {"totalWatchMs", b.total_watch_ms},
                                     {"averageWatchMs", b.average_watch_ms},
                                     {"viewerTimeline", std::move(timeline)},
                                     {"chatTimeline", render_counts(a->chat_timeline)},
                                     {"reactionTimeline", render_counts(a->reaction_timeline)},
                                     {"chatMessages", a->chat_messages},
                                     {"reactions", a->reactions},
                                     {"newFollowers", a->new_followers},
                                     {"revenueCredits", b.revenue_credits},
                                     {"errors", std::move(errors)},
                                     {"notifications", json::object{{"sent", a->reach.sent},
                                                                    {"emailed", a->reach.emailed},
                                                                    {"opened", a->reach.opened}}}});
             }));

  router.add("GET", "/metrics", [&s](const http::Request&, const http::PathParams&) {
    std::string text;
    auto gauge = [&text](const char* name, const char* help, const std::string& value) {
      text += fmt::format("# HELP {0} {1}\n# TYPE {0} gauge\n{0} {2}\n", name, help, value);
    };
    auto counter = [&text](const char* name, const char* help, std::uint64_t value) {
      text += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", name, help, value);
    };
    text += "# HELP onair_live_streams Live streams by status.\n# TYPE onair_live_streams gauge\n";
    for (const auto& [status, n] : s.streams.count_by_status()) {
      text += fmt::format("onair_live_streams{{status=\"{}\"}} {}\n", to_string(status), n);
    }
    gauge("onair_event_sockets", "Connected /ws event sockets.", std::to_string(s.hub.sockets()));
    gauge("onair_start_time_seconds", "When this server started (Unix seconds).", std::to_string(s.started_at / 1000));
    text += s.http_stats.prometheus();
    if (s.relay != nullptr) {
      auto g = s.relay->gauges();
      const auto& c = s.relay->counters();
      gauge("onair_relay_streams", "Streams the built-in relay holds.", std::to_string(g.streams));
      gauge("onair_relay_publishers", "Publishers connected to the relay.", std::to_string(g.publishers));
      gauge("onair_relay_viewers", "Viewer sockets connected to the relay.", std::to_string(g.viewers));
      counter("onair_relay_received_bytes_total", "Media bytes received from publishers.", c.bytes_in.load());
      counter("onair_relay_sent_bytes_total", "Media bytes queued to viewers.", c.bytes_out.load());
      counter("onair_relay_viewer_skips_total", "Times a slow viewer was sent ahead to the next keyframe.",
              c.viewer_skips.load());
      counter("onair_relay_viewers_dropped_total", "Viewers closed for never keeping up.", c.viewers_dropped.load());
    }
    {
      auto q = s.analytics.queues();
      gauge("onair_email_deliveries_pending", "Emails waiting to be sent or retried.", std::to_string(q.email_pending));
      gauge("onair_email_deliveries_failed", "Emails that failed for good.", std::to_string(q.email_failed));
      gauge("onair_fanout_jobs_pending", "Notification fan-outs not finished.", std::to_string(q.fanout_jobs_pending));
    }
    if (s.livekit_api != nullptr) {
      gauge("onair_livekit_breaker_open", "1 while RoomService calls are refused by the circuit breaker.",
            s.livekit_api->breaker_state() == livekit::CircuitBreaker::State::open ? "1" : "0");
      gauge("onair_livekit_egress_breaker_open", "1 while Egress calls are refused by the circuit breaker.",
            s.livekit_api->egress_breaker_state() == livekit::CircuitBreaker::State::open ? "1" : "0");
    }
    http::Response res;
    res.content_type = "text/plain; version=0.0.4";
    res.body = std::move(text);
    return res;
  });
}

}  // namespace onair::api
