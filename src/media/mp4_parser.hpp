#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "media/media_parser.hpp"

namespace onair::media {

/// A track from the MP4 `moov`.
struct Mp4Track {
  std::uint32_t id = 0;
  bool video = false;               // handler `vide` (else `soun`)
  std::uint32_t timescale = 0;      // units per second of its timestamps (mdhd)
  std::string codec;                // RFC 6381 codec string: avc1.42001f, opus, mp4a.40.2…
  std::uint32_t default_flags = 0;  // trex default_sample_flags
  std::uint32_t default_duration = 0;
  std::uint32_t default_size = 0;
};

/// An incremental, bounded parser for a live fragmented MP4 (ISO BMFF) byte stream as
/// MediaRecorder and ffmpeg write it: `ftyp`, `moov` (the init segment, with `mvex`), then
/// fragments of `moof` + `mdat`. A fragment whose video track's first sample is a sync sample
/// (from `trun`, `tfhd` or `trex` sample flags) is a join point. Bytes may be fed in pieces of any
/// size, split anywhere; it keeps `moov` and `moof` boxes whole while reading them (bounded), never
/// `mdat` payloads. An MP4 that is not fragmented (media before any `moof`), a box of unknown size,
/// an unsupported codec or malformed boxes are errors (validation_failed); the parser stays failed.
class Mp4Parser final : public MediaParser {
 public:
  Status feed(std::string_view bytes, std::vector<MediaEvent>& events) override;

  /// The end of the last whole box, except that a `moof` counts only once its `mdat` is whole: a
  /// receiver cut off there has whole fragments.
  std::uint64_t aligned_offset() const override { return aligned_; }
  std::uint64_t bytes_fed() const override { return fed_; }
  bool init_complete() const override { return init_done_; }
  std::string mime_type() const override;
  Container container() const override { return Container::mp4; }
  const std::vector<Mp4Track>& tracks() const { return tracks_; }
  bool has_video() const;

  static constexpr std::uint64_t kMaxHeaderBox = 1u << 20;  // ftyp, moov, moof, and boxes skipped
  static constexpr std::uint64_t kMaxMdat = 64u << 20;      // one fragment's media

 private:
  enum class Step { need_more, progressed };

  Step step(std::vector<MediaEvent>& events, Status& status);
  std::string_view unparsed() const { return std::string_view(buffer_).substr(consumed_); }
  void drop(std::size_t n);
  /// A box skipped or read has ended at base_.
  void box_ended();
  Status fail(std::string message);
  Status parse_moov(std::string_view body);
  Status parse_moof(std::uint64_t offset, std::string_view body, std::vector<MediaEvent>& events);

  bool failed_ = false;
  bool ftyp_seen_ = false;
  bool init_done_ = false;
  bool awaiting_mdat_ = false;   // a moof was read; its mdat has not ended yet
  std::string buffer_;           // bytes fed but not yet dropped; see consumed_
  std::size_t consumed_ = 0;
  std::uint64_t base_ = 0;       // stream offset of unparsed()[0]
  std::uint64_t fed_ = 0;
  std::uint64_t aligned_ = 0;
  std::uint64_t skip_ = 0;       // payload bytes still to pass over
  bool skipping_mdat_ = false;
  std::vector<Mp4Track> tracks_;
  std::string error_;
};

}  // namespace onair::media
