#pragma once

#include <string>
#include <string_view>

#include "core/model.hpp"
#include "core/result.hpp"

namespace onair::streams {

/// How a client reaches the media plane: `{backend, url, token}` on the wire.
struct MediaCredentials {
  std::string backend;  // "builtin" or "livekit"
  std::string url;
  std::string token;
  std::string hls_url;  // Low-Latency HLS of the stream, token included (H.264 on the built-in relay)
};

/// What became of a stream's recording when its room closed. `pending`: the media plane is still
/// writing it and reports the end later (StreamService::finish_recording).
enum class RecordingOutcome { none, saved, discarded, failed, pending };

/// What the media plane reports about a stream — the built-in relay and LiveKit alike. The stream
/// service implements it. Calls block (database): the media plane makes them from the worker pool.
class MediaListener {
 public:
  virtual ~MediaListener() = default;
  /// The publisher's media arrived (first, or again after a drop): the stream is live, and on the
  /// built-in relay this instance, which holds the publisher, owns it.
  virtual Result<LiveStream> publisher_live(const std::string& stream_id) = 0;
  /// The publisher dropped: interrupted, its grace period starts.
  virtual Result<LiveStream> publisher_lost(const std::string& stream_id) = 0;
  /// The publisher did not come back (or the room closed): the stream ends with `reason`.
  virtual Result<LiveStream> publisher_gone(const std::string& stream_id, const std::string& reason) = 0;
  /// A viewer's connection ended: so does its watching session.
  virtual void viewer_left(const std::string& stream_id, const std::string& user_id, const std::string& watch_id) = 0;
  /// A recording reported `pending` (or lost mid-stream) is finished.
  virtual Result<LiveStream> recording_finished(const std::string& stream_id, RecordingOutcome outcome) = 0;
};

/// The media plane behind the stream service: the built-in relay (media/) or LiveKit (livekit/).
/// Implementations may block (network calls); the service calls them from the worker pool.
class MediaBackend {
 public:
  virtual ~MediaBackend() = default;

  /// Prepares the room for a new stream; media_backend_unavailable when the plane is down.
  virtual Status open_room(const LiveStream& stream) = 0;
  /// Credentials that let the stream's author publish into its room, and only that room.
  virtual Result<MediaCredentials> publish_credentials(const LiveStream& stream) = 0;
  /// Credentials that let `viewer` watch, bound to one watching session (`watch_id`).
  virtual Result<MediaCredentials> watch_credentials(const LiveStream& stream, const User& viewer,
                                                     const std::string& watch_id) = 0;
  /// The watching session `watch_id` of `viewer_id` ended (leave, logout): its connection to the
  /// media plane is closed, so its credentials stop working. Best effort; never fails the leave.
  virtual void end_watch(const LiveStream& stream, const std::string& viewer_id, const std::string& watch_id) = 0;
  /// Releases the room. With `save_recording` the recording is kept for a reel; otherwise deleted.
  virtual RecordingOutcome close_room(const LiveStream& stream, bool save_recording) = 0;
  /// Whether a live stream is recorded by this backend (its `recording` becomes "recording").
  virtual bool records() const = 0;
};

}  // namespace onair::streams
