#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "livekit/access_token.hpp"
#include "livekit/livekit_client.hpp"
#include "streams/media_backend.hpp"

namespace onair::store {
class Database;
}

namespace onair::livekit {

struct LiveKitSettings {
  std::string client_url;  // LIVEKIT_URL as browsers reach it (wss://…)
  int viewer_token_ttl_seconds = 300;
  int publisher_token_ttl_seconds = 3600;
  /// Where the egress workers write recordings, shared with this server at the same path.
  /// Empty: streams are not recorded.
  std::string egress_dir;
  /// A room nobody joins closes after this; after its last participant leaves, after
  /// `departure_timeout_seconds` (longer than the reconnect grace, so onair decides the end).
  int empty_timeout_seconds = 600;
  int departure_timeout_seconds = 60;
  int max_participants = 0;
};

/// Participants' identities say who they are to onair: "host:<user id>" publishes,
/// "viewer:<user id>:<watch id>" watches in one session.
std::string publisher_identity(const std::string& user_id);
std::string viewer_identity(const std::string& user_id, const std::string& watch_id);
struct Identity {
  bool publisher = false;
  std::string user_id;
  std::string watch_id;
};
std::optional<Identity> parse_identity(std::string_view identity);

/// LiveKit as the media backend: each stream gets a room named by the stream id, with its
/// metadata `{"onair":{"streamId":…}}`; broadcasters and viewers get scoped access tokens;
/// recordings are room-composite egresses to MP4 files under `egress_dir`.
class LiveKitBackend final : public streams::MediaBackend {
 public:
  LiveKitBackend(LiveKitClient& client, const TokenSigner& signer, store::Database& db, const Clock& clock,
                 LiveKitSettings settings);

  Status open_room(const LiveStream& stream) override;
  Result<streams::MediaCredentials> publish_credentials(const LiveStream& stream) override;
  Result<streams::MediaCredentials> watch_credentials(const LiveStream& stream, const User& viewer,
                                                      const std::string& watch_id) override;
  /// Stops the egress (it finishes writing when the recording is kept: `pending`) and deletes the
  /// room. LiveKit being down does not keep the stream open: the reconcile retries later.
  /// Removes the viewer's participant from the room (RemoveParticipant).
  void end_watch(const LiveStream& stream, const std::string& viewer_id, const std::string& watch_id) override;
  streams::RecordingOutcome close_room(const LiveStream& stream, bool save_recording) override;
  bool records() const override { return !settings_.egress_dir.empty(); }

  /// Starts the room's recording when the stream first goes live.
  Status start_recording(const LiveStream& stream);
  /// The finished recording of a stream, and where its thumbnail is cut.
  std::optional<std::string> recording_file(const std::string& stream_id);
  std::string thumbnail_path(const std::string& stream_id) const;
  /// What a finished egress means for a recording that is kept: saved needs the file on disk.
  streams::RecordingOutcome outcome_of(const std::string& stream_id, const std::string& egress_status);

  const LiveKitSettings& settings() const { return settings_; }
  LiveKitClient& client() { return client_; }

 private:
  std::string requested_path(const std::string& stream_id) const;

  LiveKitClient& client_;
  const TokenSigner& signer_;
  store::Database& db_;
  const Clock& clock_;
  LiveKitSettings settings_;
};

}  // namespace onair::livekit
