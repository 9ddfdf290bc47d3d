#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "media/mp4_parser.hpp"

namespace onair::media {

/// One part of a fragment cut by split_fragment: a self-contained moof+mdat.
struct CmafPart {
  std::string bytes;
  double duration = 0;       // seconds, of the reference (video) track
  double start = 0;          // seconds: the decode time of its first reference sample
  bool independent = false;  // starts with a sync sample: a player may start here
};

/// Cuts one fragment (`moof` + `mdat`, as a live MP4 muxer writes it) into fragments of at most
/// `max_seconds` of the reference track each (at least one sample), for Low-Latency HLS parts.
/// Samples and their flags are kept exactly; other tracks' samples go with the part whose time they
/// fall in. `tracks` are the init segment's (timescales, fragment defaults); the first video track
/// (else the first track) decides where parts are cut. Sequence numbers start at `sequence`.
/// Errors are validation_failed (a fragment it cannot read: data outside its mdat, unknown tracks).
Result<std::vector<CmafPart>> split_fragment(std::string_view fragment, const std::vector<Mp4Track>& tracks,
                                             double max_seconds, std::uint32_t sequence);

}  // namespace onair::media
