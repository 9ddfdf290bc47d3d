#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "media/mp4_parser.hpp"

namespace onair::media {

/// One sample of a fragment's track run, as its `tfhd`, `tfdt` and `trun` (or the track's `trex`
/// defaults) describe it.
struct FragmentSample {
  std::uint64_t decode_time = 0;  // in the track's timescale
  std::uint32_t duration = 0;
  std::uint32_t size = 0;
  std::uint32_t flags = 0;
  std::int64_t composition_offset = 0;
  std::int64_t data_offset = 0;  // where its bytes start, counted from the moof's first byte
};

/// The samples of one track in a fragment (all of its `trun`s, in order).
struct FragmentRun {
  const Mp4Track* track = nullptr;
  std::vector<FragmentSample> samples;
  bool absolute_offsets = false;  // tfhd gave a base data offset: data_offset is not moof-relative
};

/// Samples one fragment may hold (all tracks): about 50 s of 30 fps video with AAC or Opus audio.
inline constexpr std::size_t kMaxFragmentSamples = 4096;

/// Reads the track runs of a `moof` whose body is `body` (the bytes after its 8-byte header).
/// `tracks` are the init segment's. Errors are validation_failed: a track the init segment does
/// not describe, or malformed boxes.
Result<std::vector<FragmentRun>> read_moof(std::string_view body, const std::vector<Mp4Track>& tracks);

}  // namespace onair::media
