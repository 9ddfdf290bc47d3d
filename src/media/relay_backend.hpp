#pragma once

#include <string>

#include "core/clock.hpp"
#include "media/stream_token.hpp"
#include "streams/media_backend.hpp"

namespace onair::media {

/// The built-in relay as a media backend: rooms live inside this server, so opening and closing
/// them cannot fail; credentials are the relay's WebSocket URLs with a signed, expiring,
/// stream-scoped token.
class RelayBackend final : public streams::MediaBackend {
 public:
  /// `public_url` is http(s)://host[:port]; WebSocket URLs use ws(s):// on the same host.
  RelayBackend(std::string public_url, std::string token_key, int token_ttl_seconds, const Clock& clock);

  Status open_room(const LiveStream& stream) override;
  Result<streams::MediaCredentials> publish_credentials(const LiveStream& stream) override;
  Result<streams::MediaCredentials> watch_credentials(const LiveStream& stream, const User& viewer,
                                                      const std::string& watch_id) override;
  void close_room(const LiveStream& stream, bool save_recording) override;

  const StreamTokenSigner& signer() const { return signer_; }

 private:
  std::string ws_base_;
  StreamTokenSigner signer_;
  TimeMs ttl_ms_;
  const Clock& clock_;
};

}  // namespace onair::media
