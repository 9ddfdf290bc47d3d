#include "api/context.hpp"
#include "api/json_io.hpp"
#include "moderation/moderation_service.hpp"

namespace onair::api {

json::object render_ban(const moderation::Ban& ban) {
  return json::object{{"creator", render_user(ban.creator)},
                      {"user", render_user(ban.user)},
                      {"until", ban.until ? json::value(format_iso8601(*ban.until)) : json::value(nullptr)},
                      {"reason", ban.reason},
                      {"createdAt", format_iso8601(ban.created_at)},
                      {"createdBy", render_user(ban.created_by)}};
}

namespace {

/// A signed-in account: visitors moderate nothing.
Result<User> account(const http::Request& req, Services& s) { return authenticate(req, s); }

bool plausible_handle(const std::string& handle) { return !handle.empty() && handle.size() <= 30; }

}  // namespace

/// API.md "Moderation": a channel's moderators and bans.
void register_moderation_routes(http::Router& router, Services& s) {
  auto& moderation = *s.moderation;

  router.add("GET", "/api/me/moderators", [&s, &moderation](const http::Request& req, const http::PathParams&) {
    auto user = account(req, s);
    if (!user) return error_response(user.error());
    auto list = moderation.moderators(*user);
    if (!list) return error_response(list.error());
    json::array items;
    for (const auto& m : *list) items.push_back(render_user(m));
    return json_response(200, json::object{{"items", std::move(items)}});
  });

  router.add("PUT", "/api/me/moderators/{handle}",
             [&s, &moderation](const http::Request& req, const http::PathParams& p) {
               auto user = account(req, s);
               if (!user) return error_response(user.error());
               if (!plausible_handle(p["handle"])) return error_response(Error::not_found("User @" + p["handle"]));
               auto done = moderation.appoint(*user, p["handle"]);
               return done ? no_content() : error_response(done.error());
             });

  router.add("DELETE", "/api/me/moderators/{handle}",
             [&s, &moderation](const http::Request& req, const http::PathParams& p) {
               auto user = account(req, s);
               if (!user) return error_response(user.error());
               if (!plausible_handle(p["handle"])) return error_response(Error::not_found("User @" + p["handle"]));
               auto done = moderation.dismiss(*user, p["handle"]);
               return done ? no_content() : error_response(done.error());
             });

  router.add("POST", "/api/users/{creator}/bans", [&s, &moderation](const http::Request& req, const http::PathParams& p) {
    auto user = account(req, s);
    if (!user) return error_response(user.error());
    if (!plausible_handle(p["creator"])) return error_response(Error::not_found("User @" + p["creator"]));
    auto body = parse_object(req);
    if (!body) return error_response(body.error());
    FieldReader f(*body);
    moderation::BanInput input;
    auto handle = f.string("handle", true, 1, 30);
    // null (or nothing): a ban; a number: a timeout of that many seconds.
    std::optional<std::int64_t> duration;
    if (auto it = body->find("durationSeconds"); it != body->end() && !it->value().is_null()) {
      duration = f.integer("durationSeconds", true, 1, moderation::kMaxBanSeconds);
    }
    auto reason = f.string("reason", false, 0, 500, TextKind::multiline);
    if (!f.ok()) return error_response(f.take_error());
    input.handle = *handle;
    input.duration_seconds = duration;
    input.reason = reason.value_or("");
    auto ban = moderation.ban(*user, p["creator"], input);
    if (!ban) return error_response(ban.error());
    return json_response(201, json::object{{"ban", render_ban(*ban)}});
  });

  router.add("GET", "/api/users/{creator}/bans", [&s, &moderation](const http::Request& req, const http::PathParams& p) {
    auto user = account(req, s);
    if (!user) return error_response(user.error());
    if (!plausible_handle(p["creator"])) return error_response(Error::not_found("User @" + p["creator"]));
    auto list = moderation.bans(*user, p["creator"]);
    if (!list) return error_response(list.error());
    json::array items;
    for (const auto& b : *list) items.push_back(render_ban(b));
    return json_response(200, json::object{{"items", std::move(items)}});
  });

  router.add("DELETE", "/api/users/{creator}/bans/{handle}",
             [&s, &moderation](const http::Request& req, const http::PathParams& p) {
               auto user = account(req, s);
               if (!user) return error_response(user.error());
               if (!plausible_handle(p["creator"]) || !plausible_handle(p["handle"])) {
                 return error_response(Error::not_found("User"));
               }
               auto done = moderation.unban(*user, p["creator"], p["handle"]);
               return done ? no_content() : error_response(done.error());
             });
}

}  // namespace onair::api
