#include <charconv>

#include "api/context.hpp"
#include "api/json_io.hpp"
#include "notify/notification_service.hpp"

namespace onair::api {
namespace {

json::object render_preferences(const notify::Preferences& p) {
  json::object types;
  for (const auto& [type, c] : p.by_type) types[type] = json::object{{"inApp", c.in_app}, {"email", c.email}};
  json::array muted;
  for (const auto& handle : p.muted_handles) muted.push_back(json::value(handle));
  return json::object{{"preferences", std::move(types)}, {"mutedCreators", std::move(muted)}};
}

Result<notify::PreferencesPatch> read_patch(const json::object& body) {
  notify::PreferencesPatch patch;
  if (const auto* prefs = body.if_contains("preferences"); prefs && !prefs->is_null()) {
    if (!prefs->is_object()) return Error::validation("preferences", "preferences must be an object");
    for (const auto& [key, value] : prefs->as_object()) {
      std::string type(key);
      const auto& known = notify::notification_types();
      if (std::find(known.begin(), known.end(), type) == known.end()) {
        return Error::validation("preferences." + type, "Unknown notification type " + type);
      }
      if (!value.is_object()) return Error::validation("preferences." + type, "Each type takes {inApp, email}");
      FieldReader f(value.as_object());
      auto in_app = f.boolean("inApp", false);
      auto email = f.boolean("email", false);
      if (!f.ok()) {
        auto e = f.take_error();
        e.details = {{"field", "preferences." + type + "." + std::get<std::string>(e.details[0].second)}};
        return e;
      }
      patch.channels[type] = {in_app, email};
    }
  }
  if (const auto* muted = body.if_contains("mutedCreators"); muted && !muted->is_null()) {
    if (!muted->is_array() || muted->as_array().size() > 1000) {
      return Error::validation("mutedCreators", "mutedCreators must be a list of at most 1000 handles");
    }
    std::vector<std::string> handles;
    for (const auto& h : muted->as_array()) {
      if (!h.is_string() || h.as_string().empty() || h.as_string().size() > 30) {
        return Error::validation("mutedCreators", "mutedCreators must hold handles");
      }
      handles.emplace_back(h.as_string());
    }
    patch.muted_handles = std::move(handles);
  }
  return patch;
}

}  // namespace

json::object render_notification(const store::Notification& n) {
  return json::object{{"id", n.id},
                      {"type", n.type},
                      {"actor", render_user(n.actor)},
                      {"title", n.title},
                      {"body", n.body},
                      {"link", n.link},
                      {"createdAt", format_iso8601(n.created_at)},
                      {"readAt", n.read_at ? json::value(format_iso8601(*n.read_at)) : json::value(nullptr)},
                      {"subjectId", n.subject_id}};
}

void register_notification_routes(http::Router& router, Services& s) {
  router.add("GET", "/api/notifications", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    auto limit = read_limit(req, 20, 50);
    if (!limit) return error_response(limit.error());
    auto cursor = req.query_param("cursor");
    if (cursor && cursor->empty()) cursor.reset();
    auto page = s.notifications.list(*user, cursor, *limit);
    if (!page) return error_response(page.error());
    json::array items;
    for (const auto& n : page->items) items.push_back(render_notification(n));
    return page_response(std::move(items), page->next_cursor, json::object{{"unreadCount", page->unread_count}});
  });

  router.add("POST", "/api/notifications/read-all", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    s.notifications.mark_all_read(*user);
    return no_content();
  });

  router.add("POST", "/api/notifications/{id}/read", [&s](const http::Request& req, const http::PathParams& p) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    if (p["id"].size() > kMaxIdLength) return error_response(Error::not_found("Notification"));
    auto done = s.notifications.mark_read(*user, p["id"]);
    return done ? no_content() : error_response(done.error());
  });

  // One-click unsubscribe from an email (RFC 8058): no session, the signed token says who and what.
  auto unsubscribe = [&s](bool page) {
    return [&s, page](const http::Request& req, const http::PathParams&) {
      auto done = s.notifications.unsubscribe(req.query_param("token").value_or(""));
      if (!done) return error_response(done.error());
      if (!page) return no_content();
      http::Response res;
      res.content_type = "text/html; charset=utf-8";
      res.body = "<!doctype html><title>Unsubscribed</title><p>You will get no more emails like this. "
                 "Change it any time in your notification settings.</p>";
      return res;
    };
  };
  router.add("POST", "/api/notifications/unsubscribe", unsubscribe(false));
  router.add("GET", "/api/notifications/unsubscribe", unsubscribe(true));

  router.add("GET", "/api/me/notification-preferences", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    return json_response(200, render_preferences(s.notifications.preferences(*user)));
  });

  router.add("PUT", "/api/me/notification-preferences", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    auto body = parse_object(req);
    if (!body) return error_response(body.error());
    auto patch = read_patch(*body);
    if (!patch) return error_response(patch.error());
    auto updated = s.notifications.update_preferences(*user, *patch);
    if (!updated) return error_response(updated.error());
    return json_response(200, render_preferences(*updated));
  });
}

}  // namespace onair::api
