#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace onair::media {

/// publish and watch open the relay's WebSockets; hls reads a stream's HLS playlist and media
/// (one token for the whole watching session: every playlist and part request carries it).
enum class StreamRole { publish, watch, hls };

/// What a relay token grants: one role, on one stream, for one user, until `expires_at`.
struct StreamTokenClaims {
  StreamRole role = StreamRole::watch;
  std::string stream_id;
  std::string user_id;
  std::string watch_id;  // empty for publish tokens
  TimeMs expires_at = 0;
};

/// Signs and checks the relay's stream-scoped tokens: base64url(claims) "." base64url(HMAC-SHA-256).
class StreamTokenSigner {
 public:
  explicit StreamTokenSigner(std::string key) : key_(std::move(key)) {}

  std::string sign(const StreamTokenClaims& claims) const;
  /// unauthenticated when malformed, forged or expired at `now`.
  Result<StreamTokenClaims> verify(std::string_view token, TimeMs now) const;

 private:
  std::string key_;
};

}  // namespace onair::media
