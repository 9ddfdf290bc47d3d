#include "media/hls.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "media/cmaf.hpp"

namespace onair::media {
namespace {

/// The number in `name` between `prefix` and `suffix` (e.g. part-12.m4s), or nothing.
std::optional<std::int64_t> numbered(std::string_view name, std::string_view prefix, std::string_view suffix) {
  if (!name.starts_with(prefix) || !name.ends_with(suffix) || name.size() <= prefix.size() + suffix.size()) {
    return std::nullopt;
  }
  auto digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || value < 0) return std::nullopt;
  return value;
}

SharedBytes joined(const std::vector<SharedBytes>& pieces) {
  std::string out;
  std::size_t size = 0;
  for (const auto& p : pieces) size += p->size();
  out.reserve(size);
  for (const auto& p : pieces) out += *p;
  return std::make_shared<const std::string>(std::move(out));
}

}  // namespace

HlsStream::HlsStream(HlsOptions options) : options_(options) {}

void HlsStream::start(SharedBytes init, std::vector<Mp4Track> tracks) {
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard lock(mutex_);
    complete_current();
    ++generation_;
    inits_.emplace_back(generation_, std::move(init));
    tracks_ = std::move(tracks);
    discontinuity_next_ = !segments_.empty();
    ready = take_ready();
  }
  wake(std::move(ready));
}

void HlsStream::add_fragment(std::string_view fragment) {
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard lock(mutex_);
    if (ended_ || generation_ < 0) return;
    auto parts = split_fragment(fragment, tracks_, options_.part_target, next_sequence_);
    if (!parts) {
      spdlog::warn("hls: a fragment could not be cut into parts: {}", parts.error().message);
      return;
    }
    next_sequence_ += static_cast<std::uint32_t>(parts->size());
    for (auto& cut : *parts) {
      bool open = !segments_.empty() && !segments_.back().complete;
      if (open && cut.independent && segments_.back().duration >= options_.segment_target) {
        complete_current();
        open = false;
      }
      if (!open) {
        Segment segment;
        segment.msn = next_msn_++;
        segment.generation = generation_;
        segment.discontinuity = discontinuity_next_;
        discontinuity_next_ = false;
        segments_.push_back(std::move(segment));
      }
      auto& segment = segments_.back();
      segment.parts.push_back(Part{next_part_++, std::make_shared<const std::string>(std::move(cut.bytes)),
                                  cut.duration, cut.independent});
      segment.duration += cut.duration;
    }
    // Keep kept_segments whole segments behind the one being made.
    while (segments_.size() > options_.kept_segments + 1 && segments_.front().complete) {
      if (segments_[1].discontinuity) ++discontinuity_sequence_;
      segments_.pop_front();
    }
    int oldest = segments_.empty() ? generation_ : segments_.front().generation;
    std::erase_if(inits_, [&](const auto& init) { return init.first < oldest; });
    ready = take_ready();
  }
  wake(std::move(ready));
}

void HlsStream::end() {
  std::vector<std::function<void()>> ready;
  {
    std::lock_guard lock(mutex_);
    complete_current();
    ended_ = true;
    ready = take_ready();
  }
  wake(std::move(ready));
}

bool HlsStream::ended() const {
  std::lock_guard lock(mutex_);
  return ended_;
}

void HlsStream::complete_current() {
  if (segments_.empty() || segments_.back().complete) return;
  auto& segment = segments_.back();
  if (segment.parts.empty()) {
    segments_.pop_back();
    --next_msn_;
    return;
  }
  segment.complete = true;
  std::vector<SharedBytes> pieces;
  for (const auto& p : segment.parts) pieces.push_back(p.bytes);
  segment.joined = joined(pieces);
  longest_segment_ = std::max(longest_segment_, segment.duration);
}

std::string HlsStream::playlist(std::string_view query) const {
  std::lock_guard lock(mutex_);
  if (segments_.empty()) return {};
  // The target must cover every segment; segments end at keyframes, so it follows the publisher's
  // keyframe interval (about 1 s from onair's pages).
  // (Each segment's duration rounded to the nearest second must not exceed it.)
  auto target = std::max(2, static_cast<int>(std::lround(std::max(longest_segment_, segments_.back().duration))));
  std::string out = fmt::format(
      "#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:{}\n"
      "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK={:.3f}\n#EXT-X-PART-INF:PART-TARGET={:.3f}\n"
      "#EXT-X-MEDIA-SEQUENCE:{}\n",
      target, 3 * options_.part_target, options_.part_target, segments_.front().msn);
  if (discontinuity_sequence_ > 0) out += fmt::format("#EXT-X-DISCONTINUITY-SEQUENCE:{}\n", discontinuity_sequence_);
  // Parts are listed for the segments of the last few target durations.
  auto live_edge = segments_.back().msn;
  int map_generation = -1;
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const auto& segment = segments_[i];
    if (i > 0 && segment.discontinuity) out += "#EXT-X-DISCONTINUITY\n";
    if (segment.generation != map_generation) {
      out += fmt::format("#EXT-X-MAP:URI=\"init-{}.mp4{}\"\n", segment.generation, query);
      map_generation = segment.generation;
    }
    if (segment.msn + 3 > live_edge) {
      for (const auto& part : segment.parts) {
        out += fmt::format("#EXT-X-PART:DURATION={:.5f},URI=\"part-{}.m4s{}\"{}\n", part.duration, part.number, query,
                           part.independent ? ",INDEPENDENT=YES" : "");
      }
    }
    if (segment.complete) out += fmt::format("#EXTINF:{:.5f},\nseg-{}.m4s{}\n", segment.duration, segment.msn, query);
  }
  if (ended_) {
    out += "#EXT-X-ENDLIST\n";
  } else {
    out += fmt::format("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-{}.m4s{}\"\n", next_part_, query);
  }
  return out;
}

SharedBytes HlsStream::file(std::string_view name) const {
  std::lock_guard lock(mutex_);
  if (auto g = numbered(name, "init-", ".mp4")) {
    for (const auto& [generation, bytes] : inits_) {
      if (generation == *g) return bytes;
    }
  } else if (auto n = numbered(name, "part-", ".m4s")) {
    for (const auto& segment : segments_) {
      for (const auto& part : segment.parts) {
        if (part.number == *n) return part.bytes;
      }
    }
  } else if (auto m = numbered(name, "seg-", ".m4s")) {
    for (const auto& segment : segments_) {
      if (segment.msn == *m && segment.complete) return segment.joined;
    }
  }
  return nullptr;
}

HlsStream::Readiness HlsStream::readiness(const Wanted& wanted) const {
  std::lock_guard lock(mutex_);
  return readiness_locked(wanted);
}

HlsStream::Readiness HlsStream::readiness_locked(const Wanted& wanted) const {
  // The media sequence number being made now (or the next one, when none is open).
  std::int64_t current = !segments_.empty() && !segments_.back().complete ? segments_.back().msn : next_msn_;
  if (!wanted.file.empty()) {
    auto name = std::string_view(wanted.file);
    if (auto g = numbered(name, "init-", ".mp4")) {
      for (const auto& [generation, bytes] : inits_) {
        if (generation == *g) return Readiness::ready;
      }
      return !ended_ && *g == generation_ + 1 ? Readiness::later : Readiness::never;
    }
    if (auto n = numbered(name, "part-", ".m4s")) {
      for (const auto& segment : segments_) {
        for (const auto& part : segment.parts) {
          if (part.number == *n) return Readiness::ready;
        }
      }
      return !ended_ && *n >= next_part_ && *n <= next_part_ + 2 ? Readiness::later : Readiness::never;
    }
    if (auto m = numbered(name, "seg-", ".m4s")) {
      for (const auto& segment : segments_) {
        if (segment.msn == *m && segment.complete) return Readiness::ready;
      }
      return !ended_ && *m >= current && *m <= current + 1 ? Readiness::later : Readiness::never;
    }
    return Readiness::never;
  }
  if (!wanted.msn) return segments_.empty() && !ended_ ? Readiness::later : Readiness::ready;
  if (ended_) return Readiness::ready;
  auto msn = *wanted.msn;
  if (msn > current + 2) return Readiness::never;
  if (msn < current) return Readiness::ready;
  if (msn == current && wanted.part && !segments_.empty() && segments_.back().msn == current &&
      !segments_.back().complete && static_cast<std::int64_t>(segments_.back().parts.size()) > *wanted.part) {
    return Readiness::ready;
  }
  return Readiness::later;
}

void HlsStream::when_ready(Wanted wanted, std::function<void()> wake_up) {
  {
    std::lock_guard lock(mutex_);
    if (readiness_locked(wanted) == Readiness::later && waiters_.size() < options_.max_waiters) {
      waiters_.push_back(Waiter{std::move(wanted), std::move(wake_up)});
      return;
    }
  }
  wake_up();
}

std::vector<std::function<void()>> HlsStream::take_ready() {
  std::vector<std::function<void()>> ready;
  std::erase_if(waiters_, [&](Waiter& w) {
    if (readiness_locked(w.wanted) == Readiness::later) return false;
    ready.push_back(std::move(w.wake));
    return true;
  });
  return ready;
}

void HlsStream::wake(std::vector<std::function<void()>> ready) {
  for (auto& fn : ready) fn();
}

}  // namespace onair::media
