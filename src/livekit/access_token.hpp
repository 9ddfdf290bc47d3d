#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"

namespace onair::livekit {

/// LiveKit's `video` grant. Every field is optional: an unset field is left out of the token, as
/// LiveKit's own SDK does. Note that LiveKit reads an absent `canPublish`/`canSubscribe` as true,
/// so participant tokens always set all three publish/subscribe/data flags.
struct VideoGrant {
  std::optional<bool> room_create, room_list, room_record, room_admin, room_join;
  std::string room;
  std::optional<bool> can_publish, can_subscribe, can_publish_data;
  /// Lowercase source names as LiveKit encodes them: "camera", "microphone", "screen_share", …
  std::vector<std::string> can_publish_sources;
  std::optional<bool> hidden;
};

/// The claims of one token. `ttl_seconds` counts from `now_seconds` (`nbf`).
struct TokenClaims {
  std::string identity;  // `sub`; required with roomJoin
  std::string name;
  std::string metadata;
  std::optional<std::string> sha256;  // webhooks: base64(SHA-256(body))
  VideoGrant video;
  std::int64_t now_seconds = 0;
  std::int64_t ttl_seconds = 600;
};

/// Mints and verifies LiveKit access tokens: HS256 JWTs whose header is `{"alg":"HS256"}` and
/// whose claims are the grants plus `iss` (the API key), `exp`, `nbf` and `sub`, exactly as
/// `livekit-server-sdk`'s AccessToken emits them. The HMAC key schedule is computed once, so
/// minting costs two SHA-256 compressions over the token plus its JSON and base64 encoding.
/// Thread-safe (immutable after construction).
class TokenSigner {
 public:
  TokenSigner(std::string api_key, std::string_view api_secret);
  ~TokenSigner();
  TokenSigner(const TokenSigner&) = delete;
  TokenSigner& operator=(const TokenSigner&) = delete;

  const std::string& api_key() const { return api_key_; }

  std::string mint(const TokenClaims& claims) const;

  /// Verifies an HS256 token signed with this secret: signature, `iss` == the API key, `exp`
  /// present and not passed, `nbf` reached (both with `leeway_seconds`). Returns the claims, or
  /// `unauthenticated` with the reason. A leading "Bearer " is accepted.
  Result<boost::json::object> verify(std::string_view token, std::int64_t now_seconds,
                                     std::int64_t leeway_seconds = 10) const;

 private:
  std::string signature(std::string_view signing_input) const;
  void sign_into(std::string_view signing_input, unsigned char* digest) const;  // 32 bytes

  std::string api_key_;
  struct KeySchedule;
  std::unique_ptr<KeySchedule> keys_;  // opaque so this header stays free of OpenSSL
};

/// URL-safe base64 without padding (JWT segments), table driven.
void append_base64url(std::string& out, std::string_view bytes);

}  // namespace onair::livekit
