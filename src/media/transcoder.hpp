#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/scheduler.hpp"

namespace onair::media {

class HlsStream;

/// One stream's WebM turned into H.264 for HLS (ONAIR_TRANSCODE=h264): Debian's ffmpeg reads the
/// publisher's WebM on its stdin and writes fragmented MP4 (H.264 + AAC, 0.5 s fragments, a
/// keyframe every second) on its stdout, which is cut into the stream's HLS. One process and two
/// threads per stream; the network threads only queue bytes (bounded: a transcoder that falls
/// more than kMaxQueued behind is stopped and the HLS ends, never the live stream).
class Transcoder {
 public:
  static constexpr std::size_t kMaxQueued = 8u << 20;

  /// Starts ffmpeg ($ONAIR_FFMPEG or /usr/bin/ffmpeg) for `stream_id`, feeding `hls`.
  Transcoder(std::string stream_id, std::shared_ptr<HlsStream> hls);
  /// Closes ffmpeg's input, waits a little for it to finish, then stops it.
  ~Transcoder();
  Transcoder(const Transcoder&) = delete;
  Transcoder& operator=(const Transcoder&) = delete;

  /// WebM bytes of the publisher, in order (its init segment first). Never blocks.
  void feed(SharedBytes bytes);
  /// Whether ffmpeg runs and keeps up.
  bool running() const;

 private:
  void write_loop();
  void read_loop();
  void stop_process();

  const std::string stream_id_;
  std::shared_ptr<HlsStream> hls_;
  int pid_ = -1;
  int stdin_ = -1;
  int stdout_ = -1;
  mutable std::mutex mutex_;  // guards queue_, queued_, closing_, failed_
  std::condition_variable wake_;
  std::deque<SharedBytes> queue_;
  std::size_t queued_ = 0;
  bool closing_ = false;
  bool failed_ = false;
  std::thread writer_;
  std::thread reader_;
};

}  // namespace onair::media
