#pragma once

#include <chrono>
#include <cstddef>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/model.hpp"
#include "core/result.hpp"
#include "core/scheduler.hpp"
#include "core/message_sink.hpp"
#include "streams/media_backend.hpp"

namespace onair::media {

class HlsStream;
class RecordingWriter;
class RelayStream;

struct RelayLimits {
  std::size_t viewer_backlog_bytes = 2u << 20;   // beyond this a viewer skips to the next keyframe
  int hopeless_drops = 5;                        // consecutive skips before a viewer is dropped
  int max_viewers = 1000;                        // sockets per stream
  std::chrono::milliseconds grace{30'000};       // publisher may come back within this
  std::uint64_t max_bitrate = 12'000'000;        // bits per second, averaged over 5 s
  std::size_t max_gop_bytes = 32u << 20;         // media kept for late joiners
  std::size_t max_init_bytes = 2u << 20;         // a publisher's bytes before its first fragment
  std::size_t max_pending_bytes = 20u << 20;     // bytes of one element not yet complete
  bool transcode_h264 = false;                   // WebM publishers also as H.264 HLS (ffmpeg)
};

/// What the relay reports upward. Called on network threads, possibly under the relay's locks:
/// implementations must hand the work off (to the worker pool) and never call back synchronously.
class RelayListener {
 public:
  virtual ~RelayListener() = default;
  virtual void on_first_media(const std::string& stream_id) = 0;     // → live
  virtual void on_publisher_lost(const std::string& stream_id) = 0;  // → interrupted
  virtual void on_grace_expired(const std::string& stream_id) = 0;   // → ended, broadcaster_lost
  virtual void on_viewer_left(const std::string& stream_id, const std::string& user_id,
                              const std::string& watch_id) = 0;
};

/// A publisher's connection to its stream.
class PublisherLink {
 public:
  virtual ~PublisherLink() = default;
  virtual void on_data(std::string_view bytes) = 0;
  virtual void on_close() = 0;
};

/// A viewer's connection to a stream.
class ViewerLink {
 public:
  virtual ~ViewerLink() = default;
  virtual void on_close() = 0;
};

using streams::RecordingOutcome;

/// Running totals of the relay since start-up (monitoring). Relaxed atomics: figures, not locks.
struct RelayCounters {
  std::atomic<std::uint64_t> bytes_in{0};       // media received from publishers
  std::atomic<std::uint64_t> bytes_out{0};      // media queued to viewers (one count per viewer)
  std::atomic<std::uint64_t> viewer_skips{0};   // viewers sent ahead to the next keyframe
  std::atomic<std::uint64_t> viewers_dropped{0};  // viewers closed for never keeping up
};

/// What is connected right now.
struct RelayGauges {
  std::int64_t streams = 0;
  std::int64_t publishers = 0;
  std::int64_t viewers = 0;
};

/// The built-in media relay: WebM or fragmented MP4 from one publisher per stream, cut at element
/// (box) boundaries and fanned out to viewers as shared buffers; late joiners start at the newest
/// keyframe fragment; a viewer that falls behind skips to the next keyframe fragment; recordings
/// go to disk. Never
/// touches the database: status changes travel up through the RelayListener and come back through
/// stream_changed(). Thread-safe.
class Relay {
 public:
  Relay(RelayLimits limits, Scheduler& scheduler, std::string media_dir);
  ~Relay();

  void set_listener(RelayListener* listener) { listener_ = listener; }

  /// A publisher connected (its token already checked). A previous publisher is closed.
  std::shared_ptr<PublisherLink> attach_publisher(const LiveStream& stream, std::shared_ptr<MessageSink> peer);
  /// A viewer connected (token and gates already checked); nullptr when the stream is full. A
  /// watching session has one socket: a second one with the same `watch_id` replaces the first.
  std::shared_ptr<ViewerLink> attach_viewer(const LiveStream& stream, const std::string& user_id,
                                            const std::string& watch_id, std::shared_ptr<MessageSink> peer);
  /// Connected viewer sockets of a stream.
  int viewer_sockets(const std::string& stream_id);
  /// How long an ended stream's HLS is still served (its last segments and its end).
  static constexpr std::chrono::seconds kEndedHlsKept{60};
  /// The stream's Low-Latency HLS while it is H.264 and open here (or ended less than
  /// kEndedHlsKept ago); nullptr otherwise.
  std::shared_ptr<HlsStream> hls(const std::string& stream_id);
  /// Whether a publisher of the stream is connected here.
  bool publishing(const std::string& stream_id);
  const RelayCounters& counters() const { return counters_; }
  RelayGauges gauges();

  /// `user_id` was banned from the stream's channel (until `until_ms`, 0: for good): their watch
  /// sockets are told (`{"type":"banned",…}`) and closed (code 4003); their sessions end.
  void expel(const std::string& stream_id, const std::string& user_id, std::int64_t until_ms);
  /// The watching session ended (leave, logout): its socket is closed.
  void end_watch(const std::string& stream_id, const std::string& watch_id);
  /// Status, counts or the end changed (from the stream service): tell the sockets.
  void stream_changed(const LiveStream& stream);
  /// A stream found live or interrupted at start-up has no publisher: start its grace period.
  void adopt_orphan(const LiveStream& stream);
  /// The stream ended: stop the recording and keep it as `<media>/recordings/<id>.webm` (or `.mp4`
  /// when the publisher sent MP4) with a thumbnail (`save`), or delete it. Blocking (ffmpeg): worker pool only. A failed save keeps
  /// the raw parts.
  RecordingOutcome close(const std::string& stream_id, bool save);

  /// The saved recording: `<id>.mp4` when there is one, else `<id>.webm`.
  std::string recording_path(const std::string& stream_id) const;
  std::string thumbnail_path(const std::string& stream_id) const;

 private:
  std::shared_ptr<RelayStream> stream_for(const LiveStream& stream);
  std::shared_ptr<RelayStream> find(const std::string& stream_id);

  RelayLimits limits_;
  Scheduler& scheduler_;
  std::string media_dir_;
  std::unique_ptr<RecordingWriter> recorder_;
  RelayListener* listener_ = nullptr;
  RelayCounters counters_;
  std::mutex mutex_;  // guards streams_, ended_hls_
  std::map<std::string, std::shared_ptr<RelayStream>> streams_;
  std::map<std::string, std::pair<std::shared_ptr<HlsStream>, std::chrono::steady_clock::time_point>> ended_hls_;
};

}  // namespace onair::media
