#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "media/stream_token.hpp"
#include "streams/media_backend.hpp"

namespace onair::events {
class EventBus;
}

namespace onair::media {

/// Whether a stream's HLS may be served without a token when ONAIR_HLS_CDN is on: public and not
/// sensitive (a sensitive stream is shown only after the viewer acknowledges it).
bool hls_open_to_all(const LiveStream& stream);

/// The built-in relay as a media backend: rooms live inside this server, so opening and closing
/// them cannot fail; credentials are the relay's WebSocket URLs with a signed, expiring,
/// stream-scoped token. Watch tokens live `token_ttl_seconds` (they only open the socket); a publish
/// token lives 12 hours so the broadcaster can reconnect with it while the stream is open (the
/// relay refuses it once the stream has ended).
class RelayBackend final : public streams::MediaBackend {
 public:
  /// `public_url` is http(s)://host[:port]; WebSocket URLs use ws(s):// on the same host.
  /// `relay` may be null (credentials only, for tests of the layers above). An ended watching
  /// session is published on `bus` (WatchEnded), so the relay holding its socket closes it.
  RelayBackend(std::string public_url, std::string token_key, int token_ttl_seconds, const Clock& clock,
               class Relay* relay = nullptr, events::EventBus* bus = nullptr);

  Status open_room(const LiveStream& stream) override;
  Result<streams::MediaCredentials> publish_credentials(const LiveStream& stream) override;
  Result<streams::MediaCredentials> watch_credentials(const LiveStream& stream, const User& viewer,
                                                      const std::string& watch_id) override;
  void end_watch(const LiveStream& stream, const std::string& viewer_id, const std::string& watch_id) override;
  streams::RecordingOutcome close_room(const LiveStream& stream, bool save_recording) override;
  bool records() const override { return relay_ != nullptr; }

  const StreamTokenSigner& signer() const { return signer_; }
  /// HLS of public, not sensitive streams without a token (one URL a CDN can cache for everyone).
  void open_hls_to_all(bool open) { open_hls_ = open; }

  /// Where a stream's owner is reached: its public URL while its heartbeat lasts, else nothing.
  using OwnerUrl = std::function<std::optional<std::string>(const std::string& instance)>;
  /// Several instances: this one is `instance`; credentials for a stream another live instance
  /// owns point at that instance, and ending such a stream asks the owner (over the bus) to close
  /// its room.
  void place(std::string instance, OwnerUrl owner_url) {
    instance_ = std::move(instance);
    owner_url_ = std::move(owner_url);
  }

 private:
  /// ws(s)://host of the instance that serves `stream` (this one unless another live one owns it).
  std::string ws_base_for(const LiveStream& stream) const;
  /// The other live instance owning `stream`, if any.
  std::optional<std::string> remote_owner_url(const LiveStream& stream) const;

  std::string ws_base_;
  std::string http_base_;
  bool open_hls_ = false;
  StreamTokenSigner signer_;
  TimeMs ttl_ms_;
  const Clock& clock_;
  class Relay* relay_;
  events::EventBus* bus_;
  std::string instance_;
  OwnerUrl owner_url_;
};

}  // namespace onair::media
