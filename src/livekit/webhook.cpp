#include "livekit/webhook.hpp"

#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <boost/json/parse.hpp>

#include "core/crypto.hpp"

namespace onair::livekit {

std::string WebhookEvent::room_name() const {
  if (room && !room->name.empty()) return room->name;
  if (egress) return egress->room_name;
  return {};
}

std::string body_digest(std::string_view body) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest);
  return crypto::base64_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

Result<WebhookEvent> WebhookReceiver::receive(std::string_view body, std::string_view authorization,
                                              std::int64_t now_seconds) const {
  if (authorization.empty()) return Error{ErrorCode::unauthenticated, "The webhook is not signed", {}};
  auto claims = signer_.verify(authorization, now_seconds);
  if (!claims) return std::move(claims).error();
  auto* sha = claims->if_contains("sha256");
  if (sha == nullptr || !sha->is_string() ||
      !crypto::equal_constant_time(std::string_view(sha->as_string()), body_digest(body))) {
    return Error{ErrorCode::unauthenticated, "The webhook body does not match its signature", {}};
  }
  boost::system::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) return Error{ErrorCode::invalid_json, "The webhook body is not a JSON object", {}};
  const auto& o = parsed.as_object();
  WebhookEvent e;
  auto text = [&](std::string_view name) {
    auto* v = o.if_contains(name);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  e.id = text("id");
  e.event = text("event");
  const boost::json::value* v = o.if_contains("createdAt");
  if (v == nullptr) v = o.if_contains("created_at");
  if (v != nullptr) {
    if (v->is_string()) {
      try {
        e.created_at = std::stoll(std::string(v->as_string()));
      } catch (const std::exception&) {
      }
    } else if (v->is_int64()) {
      e.created_at = v->as_int64();
    }
  }
  auto sub = [&](std::string_view camel, std::string_view snake) -> const boost::json::object* {
    auto* v = o.if_contains(camel);
    if (v == nullptr) v = o.if_contains(snake);
    return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
  };
  if (auto* r = sub("room", "room")) e.room = parse_room(*r);
  if (auto* p = sub("participant", "participant")) e.participant = parse_participant(*p);
  if (auto* t = sub("track", "track")) e.track = parse_track(*t);
  if (auto* g = sub("egressInfo", "egress_info")) e.egress = parse_egress(*g);
  if (e.event.empty()) return Error::validation("event", "The webhook names no event");
  return e;
}

}  // namespace onair::livekit
