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
};

/// What became of a stream's recording when its room closed. `pending`: the media plane is still
/// writing it and reports the end later (StreamService::finish_recording).
enum class RecordingOutcome { none, saved, discarded, failed, pending };

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
