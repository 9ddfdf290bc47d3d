#include <algorithm>

#include "api/context.hpp"
#include "accounts/account_service.hpp"
#include "api/json_io.hpp"
#include "chat/chat_service.hpp"
#include "moderation/moderation_service.hpp"
#include "reels/reel_service.hpp"
#include "streams/stream_service.hpp"

namespace onair::api {

json::object render_report(const moderation::Report& r) {
  return json::object{{"id", r.id},
                      {"reporter", render_user(r.reporter)},
                      {"itemType", r.item_type},
                      {"itemId", r.item_id},
                      {"reason", r.reason},
                      {"status", r.status},
                      {"createdAt", format_iso8601(r.created_at)},
                      {"resolvedAt", r.resolved_at ? json::value(format_iso8601(*r.resolved_at)) : json::value(nullptr)},
                      {"resolvedBy", r.resolved_by ? json::value(render_user(*r.resolved_by)) : json::value(nullptr)},
                      {"resolution", r.resolution ? json::value(*r.resolution) : json::value(nullptr)}};
}

json::object render_ban(const moderation::Ban& ban) {
  return json::object{{"creator", render_user(ban.creator)},
                      {"user", render_user(ban.user)},
                      {"until", ban.until ? json::value(format_iso8601(*ban.until)) : json::value(nullptr)},
                      {"reason", ban.reason},
                      {"createdAt", format_iso8601(ban.created_at)},
                      {"createdBy", render_user(ban.created_by)}};
}

json::object render_logged_action(const moderation::LoggedAction& a) {
  auto optional_user = [](const std::optional<User>& u) { return u ? json::value(render_user(*u)) : json::value(nullptr); };
  auto optional_text = [](const std::optional<std::string>& t) { return t ? json::value(*t) : json::value(nullptr); };
  return json::object{{"id", std::to_string(a.id)},
                      {"action", a.action},
                      {"creator", optional_user(a.creator)},
                      {"actor", render_user(a.actor)},
                      {"user", optional_user(a.user)},
                      {"itemType", optional_text(a.item_type)},
                      {"itemId", optional_text(a.item_id)},
                      {"reason", a.reason},
                      {"until", a.until ? json::value(format_iso8601(*a.until)) : json::value(nullptr)},
                      {"createdAt", format_iso8601(a.created_at)}};
}

namespace {

http::Response log_response(const Result<moderation::ActionPage>& page) {
  if (!page) return error_response(page.error());
  json::array items;
  for (const auto& a : page->items) items.push_back(render_logged_action(a));
  return page_response(std::move(items), page->next_cursor);
}

/// Suspends an account: sessions revoked everywhere, logins refused, a live stream ended.
Status suspend(Services& s, const User& op, const std::string& handle, std::optional<TimeMs> until,
               const std::string& reason) {
  auto user = s.accounts.suspend(op, handle, until, reason);
  if (!user) return std::move(user).error();
  if (auto open = s.streams.open_by_author(user->id)) {
    auto ended = s.streams.end_by_system(open->id, "ended_by_operator");
    if (!ended && ended.error().code != ErrorCode::stream_ended) return std::move(ended).error();
  }
  return ok_status();
}

/// A signed-in account: visitors moderate nothing.
Result<User> account(const http::Request& req, Services& s) { return authenticate(req, s); }

bool plausible_handle(const std::string& handle) { return !handle.empty() && handle.size() <= 30; }

json::object render_chat_settings(const moderation::ChatSettings& settings) {
  json::array words;
  for (const auto& w : settings.blocked_words) words.push_back(json::string(w));
  return json::object{{"slowModeSeconds", settings.slow_mode_seconds},
                      {"followersOnlyChat", settings.followers_only},
                      {"followersOnlyMinutes", settings.min_follow_minutes},
                      {"blockedWords", std::move(words)}};
}

/// PUT /api/me/chat-settings: fields left out keep their value.
Result<moderation::ChatSettings> read_chat_settings(const json::object& body, moderation::ChatSettings current) {
  FieldReader f(body);
  auto slow = f.integer("slowModeSeconds", false, 0, moderation::kMaxSlowModeSeconds);
  auto followers = f.boolean("followersOnlyChat", false);
  auto min_follow = f.integer("followersOnlyMinutes", false, 0, moderation::kMaxMinFollowMinutes);
  if (!f.ok()) return f.take_error();
  if (slow) current.slow_mode_seconds = *slow;
  if (followers) current.followers_only = *followers;
  if (min_follow) current.min_follow_minutes = *min_follow;
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

/// Does what a resolution says to the reported item; the report is marked resolved afterwards.
Status carry_out(Services& s, const User& op, const moderation::Report& report, const std::string& action) {
  if (action == "dismiss") return ok_status();
  if (action == "end_stream") {
    if (report.item_type != "live_stream") return Error::validation("action", "end_stream is for a reported live stream");
    auto ended = s.streams.end_by_system(report.item_id, "ended_by_operator");
    if (!ended && ended.error().code != ErrorCode::stream_ended) return std::move(ended).error();
    return ok_status();
  }
  if (action == "remove_item") {
    if (report.item_type == "reel") return s.reels.remove(op, report.item_id);
    if (report.item_type == "live_stream") {
      auto ended = s.streams.end_by_system(report.item_id, "ended_by_operator");
      if (!ended && ended.error().code != ErrorCode::stream_ended) return std::move(ended).error();
      return ok_status();
    }
    if (report.item_type == "chat_message") {
      auto message = s.chat.find(report.item_id);
      if (!message) return ok_status();  // gone already
      auto removed = s.chat.remove(op, message->stream_id, message->id);
      if (!removed && removed.error().code != ErrorCode::not_found) return removed;
      return ok_status();
    }
    return Error::validation("action", "A reported user is suspended, not removed: use suspend_user");
  }
  if (action == "suspend_user") {
    // The reported user, or whoever made the reported item.
    std::string user_id = report.item_id;
    if (report.item_type == "live_stream") {
      auto stream = s.streams.get(report.item_id);
      if (!stream) return std::move(stream).error();
      user_id = stream->author.id;
    } else if (report.item_type == "reel") {
      auto reel = s.reels.get(report.item_id);
      if (!reel) return std::move(reel).error();
      user_id = reel->author.id;
    } else if (report.item_type == "chat_message") {
      auto message = s.chat.find(report.item_id);
      if (!message) return Error::not_found("The reported message");
      user_id = message->author.id;
    }
    auto user = s.accounts.find(user_id);
    if (!user) return std::move(user).error();
    return suspend(s, op, user->handle, std::nullopt, "report: " + report.reason);
  }
  return Error::validation("action", "action must be dismiss, remove_item, end_stream or suspend_user");
}

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

  router.add("POST", "/api/reports", [&s, &moderation](const http::Request& req, const http::PathParams&) {
    auto user = account(req, s);
    if (!user) return error_response(user.error());
    auto body = parse_object(req);
    if (!body) return error_response(body.error());
    FieldReader f(*body);
    auto type = f.string("itemType", true, 1, 20);
    auto item = f.string("itemId", true, 1, 64);
    auto reason = f.string("reason", true, 1, 500, TextKind::multiline);
    if (!f.ok()) return error_response(f.take_error());
    auto report = moderation.report(*user, moderation::ReportInput{*type, *item, *reason});
    if (!report) return error_response(report.error());
    return json_response(201, json::object{{"report", render_report(*report)}});
  });

  router.add("GET", "/api/admin/reports", [&s, &moderation](const http::Request& req, const http::PathParams&) {
    auto op = authenticate_admin(req, s);
    if (!op) return error_response(op.error());
    auto status = req.query_param("status").value_or("open");
    if (status != "open" && status != "resolved") {
      return error_response(Error::validation("status", "status must be open or resolved"));
    }
    auto limit = read_limit(req, 50, 100);
    if (!limit) return error_response(limit.error());
    auto page = moderation.reports(status, req.query_param("cursor"), *limit);
    if (!page) return error_response(page.error());
    json::array items;
    for (const auto& r : page->items) items.push_back(render_report(r));
    return page_response(std::move(items), page->next_cursor);
  });

  router.add("POST", "/api/admin/reports/{id}/resolve",
             [&s, &moderation](const http::Request& req, const http::PathParams& p) {
               auto op = authenticate_admin(req, s);
               if (!op) return error_response(op.error());
               auto body = parse_object(req);
               if (!body) return error_response(body.error());
               FieldReader f(*body);
               auto action = f.string("action", true, 1, 20);
               if (!f.ok()) return error_response(f.take_error());
               if (p["id"].size() > 64) return error_response(Error::not_found("Report"));
               auto report = moderation.find_report(p["id"]);
               if (!report) return error_response(report.error());
               if (report->status != "open") {
                 return error_response(Error{ErrorCode::conflict, "This report is resolved already", {}});
               }
               if (auto done = carry_out(s, *op, *report, *action); !done) return error_response(done.error());
               auto resolved = moderation.resolve(*op, p["id"], *action);
               if (!resolved) return error_response(resolved.error());
               return json_response(200, json::object{{"report", render_report(*resolved)}});
             });

  router.add("POST", "/api/admin/users/{handle}/suspend",
             [&s](const http::Request& req, const http::PathParams& p) {
               auto op = authenticate_admin(req, s);
               if (!op) return error_response(op.error());
               if (!plausible_handle(p["handle"])) return error_response(Error::not_found("User @" + p["handle"]));
               auto body = parse_object(req, true);
               if (!body) return error_response(body.error());
               FieldReader f(*body);
               auto reason = f.string("reason", true, 1, 500, TextKind::multiline);
               std::optional<std::string> until_text;
               if (auto it = body->find("until"); it != body->end() && !it->value().is_null()) {
                 until_text = f.string("until", true, 1, 40);
               }
               if (!f.ok()) return error_response(f.take_error());
               std::optional<TimeMs> until;
               if (until_text) {
                 auto parsed = parse_iso8601(*until_text);
                 if (!parsed || *parsed <= s.clock.now_ms()) {
                   return error_response(Error::validation("until", "until must be a time in the future (ISO 8601)"));
                 }
                 until = *parsed;
               }
               auto done = suspend(s, *op, p["handle"], until, *reason);
               return done ? no_content() : error_response(done.error());
             });

  router.add("DELETE", "/api/admin/users/{handle}/suspend",
             [&s](const http::Request& req, const http::PathParams& p) {
               auto op = authenticate_admin(req, s);
               if (!op) return error_response(op.error());
               if (!plausible_handle(p["handle"])) return error_response(Error::not_found("User @" + p["handle"]));
               auto done = s.accounts.lift_suspension(*op, p["handle"]);
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
    // Their watching of the open stream ends: the count drops and the media backend lets them go
    // (the relay's sockets were closed on UserBanned; LiveKit removes the participant).
    if (auto open = s.streams.open_by_author(ban->creator.id)) (void)s.streams.leave(ban->user, open->id);
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

  router.add("GET", "/api/users/{creator}/moderation-log",
             [&s, &moderation](const http::Request& req, const http::PathParams& p) {
               auto user = account(req, s);
               if (!user) return error_response(user.error());
               if (!plausible_handle(p["creator"])) return error_response(Error::not_found("User @" + p["creator"]));
               auto limit = read_limit(req, 50, 100);
               if (!limit) return error_response(limit.error());
               return log_response(moderation.log(*user, p["creator"], req.query_param("cursor"), *limit));
             });

  router.add("GET", "/api/admin/moderation-log", [&s, &moderation](const http::Request& req, const http::PathParams&) {
    auto op = authenticate_admin(req, s);
    if (!op) return error_response(op.error());
    auto limit = read_limit(req, 50, 100);
    if (!limit) return error_response(limit.error());
    return log_response(moderation.full_log(req.query_param("cursor"), *limit));
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
