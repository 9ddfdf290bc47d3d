#include "livekit/webhook.hpp"

#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <boost/json/parse.hpp>

#include "core/crypto.hpp"
#include "livekit/json_fields.hpp"

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
  e.id = json_fields::text(o, "id");
  e.event = json_fields::text(o, "event");
  e.created_at = json_fields::integer(o, "createdAt", "created_at");
  if (auto* r = json_fields::object(o, "room")) e.room = parse_room(*r);
  if (auto* p = json_fields::object(o, "participant")) e.participant = parse_participant(*p);
  if (auto* t = json_fields::object(o, "track")) e.track = parse_track(*t);
  if (auto* g = json_fields::object(o, "egressInfo", "egress_info")) e.egress = parse_egress(*g);
  if (e.event.empty()) return Error::validation("event", "The webhook names no event");
  return e;
}

}  // namespace onair::livekit
