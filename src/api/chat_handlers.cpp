#include <memory>
#include <charconv>

#include "api/context.hpp"
#include "api/json_io.hpp"
#include "chat/chat_service.hpp"
#include "core/rate_limiter.hpp"

namespace onair::api {

json::object render_chat_message(const store::ChatMessage& m) {
  return json::object{{"id", std::to_string(m.id)},
                      {"streamId", m.stream_id},
                      {"author", render_user(m.author)},
                      {"text", m.text},
                      {"createdAt", format_iso8601(m.created_at)}};
}

namespace {

/// A chat message id is a positive whole number (sent as a string).
std::optional<std::int64_t> parse_message_id(std::string_view text) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace

void register_chat_routes(http::Router& router, Services& s) {

  router.add("POST", "/api/live-streams/{id}/chat",
             id_route(s, "Live stream", [&s](const http::Request& req, const User& user, const std::string& id) {
               auto body = parse_object(req);
               if (!body) return error_response(body.error());
               FieldReader f(*body);
               auto text = f.string("text", true, 1, 500, TextKind::multiline);
               if (!f.ok()) return error_response(f.take_error());
               if (!s.limits.chat_messages->allow(user.id, s.clock.now_ms())) {
                 return error_response(Error{ErrorCode::rate_limited, "You are sending messages too fast", {}});
               }
               auto message = s.chat.post(user, id, *text, req.remote);
               if (!message) return error_response(message.error());
               return json_response(201, json::object{{"message", render_chat_message(*message)}});
             }));

  router.add("GET", "/api/live-streams/{id}/chat",
             visitor_id_route(s, "Live stream", [&s](const http::Request& req, const User& user, const std::string& id) {
               std::optional<std::int64_t> after;  // none: the newest messages
               if (auto text = req.query_param("after"); text && !text->empty()) {
                 auto parsed = parse_message_id(*text);
                 if (!parsed) return error_response(Error::validation("after", "after must be a chat message id"));
                 after = *parsed;
               }
               auto limit = read_limit(req, 50, 100);
               if (!limit) return error_response(limit.error());
               auto items = s.chat.list(user, id, after, *limit);
               if (!items) return error_response(is_visitor(user) ? for_visitor(s, id, items.error()) : items.error());
               json::array out;
               for (const auto& m : *items) out.push_back(render_chat_message(m));
               return json_response(200, json::object{{"items", std::move(out)}});
             }));

  router.add("DELETE", "/api/live-streams/{id}/chat/{messageId}",
             [&s](const http::Request& req, const http::PathParams& p) -> http::Response {
               auto user = authenticate(req, s);
               if (!user) return error_response(user.error());
               const std::string& id = p["id"];
               if (id.empty() || id.size() > kMaxIdLength) return error_response(Error::not_found("Live stream"));
               auto message_id = parse_message_id(p["messageId"]);
               if (!message_id) return error_response(Error::not_found("Chat message"));
               auto removed = s.chat.remove(*user, id, *message_id);
               return removed ? no_content() : error_response(removed.error());
             });

  router.add("POST", "/api/live-streams/{id}/reactions",
             id_route(s, "Live stream", [&s](const http::Request& req, const User& user, const std::string& id) {
               auto body = parse_object(req);
               if (!body) return error_response(body.error());
               FieldReader f(*body);
               auto kind = f.string("kind", true, 1, 20);
               if (!f.ok()) return error_response(f.take_error());
               bool known = false;
               for (auto k : chat::kReactionKinds) known = known || *kind == k;
               if (!known) {
                 return error_response(Error::validation("kind", "kind must be heart, fire, clap, laugh or wow"));
               }
               if (!s.limits.reactions->allow(user.id, s.clock.now_ms())) {
                 return error_response(Error{ErrorCode::rate_limited, "You are reacting too fast", {}});
               }
               auto reacted = s.chat.react(user, id, *kind);
               return reacted ? no_content() : error_response(reacted.error());
             }));
}

}  // namespace onair::api
