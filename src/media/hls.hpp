#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/scheduler.hpp"
#include "media/mp4_parser.hpp"

namespace onair::media {

struct HlsOptions {
  double part_target = 0.5;       // seconds: parts are cut to at most this
  double segment_target = 0.8;    // a keyframe at least this far into a segment starts the next
  std::size_t kept_segments = 8;  // whole segments kept (and listed) behind the live edge
  std::size_t max_waiters = 4096; // blocked playlist and part requests at most
};

/// Low-Latency HLS of one H.264 stream, cut from the fragments the relay already forwards (no
/// transcode): each fragment becomes parts of ≤ part_target (CMAF, samples kept exactly), a
/// keyframe part starts a new segment once the current one holds segment_target, and the newest
/// kept_segments are served from memory. A publisher's new init segment is a discontinuity.
/// Thread-safe; the wake-ups of blocked requests run outside its lock.
class HlsStream {
 public:
  explicit HlsStream(HlsOptions options = {});

  /// A publisher's init segment and its tracks (H.264 and its audio). Earlier segments stay
  /// listed; what follows is a discontinuity.
  void start(SharedBytes init, std::vector<Mp4Track> tracks);
  /// One whole fragment (moof + mdat) of the current publisher.
  void add_fragment(std::string_view fragment);
  /// The stream ended: the playlist gets its end, and blocked requests are answered.
  void end();

  /// The media playlist; every URI carries `query` (e.g. "?token=…"). Empty before any part.
  std::string playlist(std::string_view query) const;
  /// A file of the playlist by name: init-G.mp4, part-N.m4s, seg-M.m4s; nothing when gone or not
  /// made yet.
  SharedBytes file(std::string_view name) const;

  /// What a request waits for: a playlist holding media sequence `msn` (and its part `part`), or
  /// the part file `name`.
  struct Wanted {
    std::optional<std::int64_t> msn;
    std::optional<std::int64_t> part;
    std::string file;
  };
  /// Whether `wanted` is there now, will never be (too far ahead: msn more than two segments past
  /// the live edge, or a part more than a few ahead), or may come.
  enum class Readiness { ready, never, later };
  Readiness readiness(const Wanted& wanted) const;
  /// Calls `wake` once, outside any lock, when `wanted` becomes ready, the stream ends, or the
  /// wait is abandoned (too many waiters). The caller bounds the wait with its own timer.
  void when_ready(Wanted wanted, std::function<void()> wake);

  bool ended() const;

 private:
  struct Part {
    std::int64_t number = 0;  // global: part-N.m4s
    SharedBytes bytes;
    double duration = 0;
    bool independent = false;
  };
  struct Segment {
    std::int64_t msn = 0;
    int generation = 0;  // which init segment (init-G.mp4) it follows
    bool discontinuity = false;
    std::vector<Part> parts;
    double duration = 0;
    bool complete = false;
    SharedBytes joined;  // the whole segment, once complete
  };
  struct Waiter {
    Wanted wanted;
    std::function<void()> wake;
  };

  Readiness readiness_locked(const Wanted& wanted) const;
  void complete_current();
  /// The waiters now ready, removed from the list (called under the lock; woken outside it).
  std::vector<std::function<void()>> take_ready();
  void wake(std::vector<std::function<void()>> ready);

  const HlsOptions options_;
  mutable std::mutex mutex_;  // guards everything below
  std::vector<std::pair<int, SharedBytes>> inits_;  // generation → init segment (kept while listed)
  std::vector<Mp4Track> tracks_;
  int generation_ = -1;
  bool discontinuity_next_ = false;
  std::deque<Segment> segments_;  // the last one may be in progress
  std::int64_t next_msn_ = 0;
  std::int64_t next_part_ = 0;
  std::uint32_t next_sequence_ = 1;  // mfhd sequence numbers
  int discontinuity_sequence_ = 0;
  double longest_segment_ = 0;
  bool ended_ = false;
  std::vector<Waiter> waiters_;
};

}  // namespace onair::media
