#include "media/relay_backend.hpp"

#include "events/event_bus.hpp"
#include "media/hls.hpp"
#include "media/relay.hpp"

namespace onair::media {

namespace {

/// ws(s)://host for an http(s)://host URL.
std::string websocket_base(const std::string& public_url) {
  if (public_url.rfind("https://", 0) == 0) return "wss://" + public_url.substr(8);
  if (public_url.rfind("http://", 0) == 0) return "ws://" + public_url.substr(7);
  return public_url;
}

}  // namespace

bool hls_open_to_all(const LiveStream& stream) {
  return stream.gating == Gating::everyone && stream.sensitivity == Sensitivity::none;
}

RelayBackend::RelayBackend(std::string public_url, std::string token_key, int token_ttl_seconds,
                           const Clock& clock, Relay* relay, events::EventBus* bus)
    : signer_(std::move(token_key)),
      ttl_ms_(static_cast<TimeMs>(token_ttl_seconds) * 1000),
      clock_(clock),
      relay_(relay),
      bus_(bus) {
  ws_base_ = websocket_base(public_url);
  http_base_ = std::move(public_url);
}

std::optional<std::string> RelayBackend::remote_owner_url(const LiveStream& stream) const {
  if (!owner_url_ || stream.owner_instance.empty() || stream.owner_instance == instance_) return std::nullopt;
  return owner_url_(stream.owner_instance);
}

std::string RelayBackend::ws_base_for(const LiveStream& stream) const {
  auto remote = remote_owner_url(stream);
  return remote ? websocket_base(*remote) : ws_base_;
}

Status RelayBackend::open_room(const LiveStream&) { return ok_status(); }

Result<streams::MediaCredentials> RelayBackend::publish_credentials(const LiveStream& stream) {
  constexpr TimeMs kPublishTtlMs = 12LL * 3600 * 1000;
  StreamTokenClaims claims{StreamRole::publish, stream.id, stream.author.id, "", clock_.now_ms() + kPublishTtlMs};
  return streams::MediaCredentials{"builtin", ws_base_for(stream) + "/live/" + stream.id + "/publish",
                                   signer_.sign(claims), ""};
}

Result<streams::MediaCredentials> RelayBackend::watch_credentials(const LiveStream& stream,
                                                                  const User& viewer,
                                                                  const std::string& watch_id) {
  StreamTokenClaims claims{StreamRole::watch, stream.id, viewer.id, watch_id, clock_.now_ms() + ttl_ms_};
  streams::MediaCredentials credentials{"builtin", ws_base_for(stream) + "/live/" + stream.id + "/watch",
                                        signer_.sign(claims), ""};
  // HLS of an H.264 stream this instance serves: one token for the whole watching session, since
  // every playlist reload and part carries it.
  if (relay_ != nullptr && !remote_owner_url(stream) && relay_->hls(stream.id) != nullptr) {
    constexpr TimeMs kHlsTtlMs = 6LL * 3600 * 1000;
    credentials.hls_url = http_base_ + "/live/" + stream.id + "/hls/playlist.m3u8";
    if (!open_hls_ || !hls_open_to_all(stream)) {
      StreamTokenClaims hls{StreamRole::hls, stream.id, viewer.id, watch_id, clock_.now_ms() + kHlsTtlMs};
      credentials.hls_url += "?token=" + signer_.sign(hls);
    }
  }
  return credentials;
}

void RelayBackend::end_watch(const LiveStream& stream, const std::string&, const std::string& watch_id) {
  if (bus_ != nullptr) bus_->publish(events::WatchEnded{stream.id, watch_id});
}

streams::RecordingOutcome RelayBackend::close_room(const LiveStream& stream, bool save_recording) {
  if (relay_ == nullptr) return streams::RecordingOutcome::none;
  if (bus_ != nullptr && remote_owner_url(stream)) {
    // Its publisher, viewers and recording are there: the owner closes the room and reports.
    bus_->publish(events::RoomClosing{stream.id, stream.owner_instance, save_recording});
    return streams::RecordingOutcome::pending;
  }
  return relay_->close(stream.id, save_recording);
}

}  // namespace onair::media
