#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "livekit/access_token.hpp"
#include "livekit/livekit_client.hpp"

namespace onair::livekit {

/// One LiveKit webhook, as far as onair reads it.
struct WebhookEvent {
  std::string id;     // "EV_…": the same on every retry and duplicate
  std::string event;  // "room_started", "participant_joined", "track_published", "egress_ended", …
  std::int64_t created_at = 0;  // Unix seconds
  std::optional<RoomInfo> room;
  std::optional<ParticipantInfo> participant;
  std::optional<TrackInfo> track;
  std::optional<EgressInfo> egress;

  /// The room the event concerns (egress events name it in egressInfo).
  std::string room_name() const;
};

/// Verifies webhooks the way LiveKit's WebhookReceiver does: the `Authorization` header is a
/// JWT (no "Bearer") signed with the API secret, issued by the API key, not expired, whose
/// `sha256` claim is base64(SHA-256(raw body)); only then is the body parsed. Failures are
/// `unauthenticated` (bad signature, issuer, time or body hash) or `invalid_json`.
class WebhookReceiver {
 public:
  explicit WebhookReceiver(const TokenSigner& signer) : signer_(signer) {}

  Result<WebhookEvent> receive(std::string_view body, std::string_view authorization,
                               std::int64_t now_seconds) const;

 private:
  const TokenSigner& signer_;
};

/// base64(SHA-256(body)), standard alphabet with padding: the `sha256` claim.
std::string body_digest(std::string_view body);

}  // namespace onair::livekit
