#include <algorithm>

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

json::object render_chat_settings(const moderation::ChatSettings& settings) {
  json::array words;
  for (const auto& w : settings.blocked_words) words.push_back(json::string(w));
  return json::object{{"slowModeSeconds", settings.slow_mode_seconds},
                      {"followersOnlyChat", settings.followers_only},
                      {"blockedWords", std::move(words)}};
}

/// PUT /api/me/chat-settings: fields left out keep their value.
Result<moderation::ChatSettings> read_chat_settings(const json::object& body, moderation::ChatSettings current) {
  FieldReader f(body);
  auto slow = f.integer("slowModeSeconds", false, 0, moderation::kMaxSlowModeSeconds);
  auto followers = f.boolean("followersOnlyChat", false);
  if (!f.ok()) return f.take_error();
  if (slow) current.slow_mode_seconds = *slow;
  if (followers) current.followers_only = *followers;
  if (auto it = body.find("blockedWords"); it != body.end()) {
    if (!it->value().is_array()) return Error::validation("blockedWords", "blockedWords must be an array of words");
    const auto& list = it->value().as_array();
    if (list.size() > moderation::kMaxBlockedWords) {
      return Error::validation("blockedWords", "At most 500 blocked words");
    }
    std::vector<std::string> words;
    for (const auto& item : list) {
      json::object one{{"word", item}};
      FieldReader w(one);
      auto word = w.string("word", true, 1, 50);
      if (!w.ok()) return Error::validation("blockedWords", "Each blocked word must be text of 1–50 characters");
      if (std::find(words.begin(), words.end(), *word) == words.end()) words.push_back(*word);
    }
    current.blocked_words = std::move(words);
  }
  return current;
}

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

  router.add("GET", "/api/me/chat-settings", [&s, &moderation](const http::Request& req, const http::PathParams&) {
    auto user = account(req, s);
    if (!user) return error_response(user.error());
    return json_response(200, json::object{{"chatSettings", render_chat_settings(moderation.chat_settings(*user))}});
  });

  router.add("PUT", "/api/me/chat-settings", [&s, &moderation](const http::Request& req, const http::PathParams&) {
    auto user = account(req, s);
    if (!user) return error_response(user.error());
    auto body = parse_object(req);
    if (!body) return error_response(body.error());
    auto wanted = read_chat_settings(*body, moderation.chat_settings(*user));
    if (!wanted) return error_response(wanted.error());
    auto saved = moderation.set_chat_settings(*user, *wanted);
    if (!saved) return error_response(saved.error());
    return json_response(200, json::object{{"chatSettings", render_chat_settings(*saved)}});
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
    auto remove_messages = f.boolean("removeMessages", false);
    if (!f.ok()) return error_response(f.take_error());
    input.remove_messages = remove_messages.value_or(false);
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
