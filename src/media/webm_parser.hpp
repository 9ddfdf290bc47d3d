#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "media/media_parser.hpp"

namespace onair::media {

/// A track from the WebM Tracks element.
struct WebmTrack {
  std::uint64_t number = 0;
  std::uint64_t type = 0;  // 1 video, 2 audio (Matroska TrackType)
  std::string codec_id;    // V_VP8, V_VP9, A_OPUS…
};

/// An incremental, bounded parser for a live WebM byte stream as MediaRecorder writes it
/// (Segment and Clusters of unknown size, SimpleBlocks). Bytes may be fed in pieces of any size,
/// split anywhere. It keeps only a partial element header or small header element between calls,
/// never media payloads. Bad or non-WebM input is an error (validation_failed) and the parser
/// stays failed.
class WebmParser final : public MediaParser {
 public:
  Status feed(std::string_view bytes, std::vector<MediaEvent>& events) override;

  /// The stream offset of the last element boundary reached: everything before it is whole
  /// elements, so a receiver can be cut off there and resume at a later Cluster.
  std::uint64_t aligned_offset() const override { return aligned_; }
  std::uint64_t bytes_fed() const override { return fed_; }
  bool init_complete() const override { return init_done_; }
  std::string mime_type() const override;
  Container container() const override { return Container::webm; }
  const std::vector<WebmTrack>& tracks() const { return tracks_; }
  bool has_video() const;

  static constexpr std::size_t kMaxHeaderElement = 1 << 20;  // EBML header, Info, Tracks…
  static constexpr std::uint64_t kMaxBlock = 16u << 20;      // one SimpleBlock

 private:
  enum class State { ebml_header, segment, segment_child, cluster_child, block_group_child, failed };
  enum class Step { need_more, progressed };

  Step step(std::vector<MediaEvent>& events, Status& status);
  Step read_whole(std::uint64_t size, std::string& out);
  /// The bytes not parsed yet; the first is at stream offset base_.
  std::string_view unparsed() const { return std::string_view(buffer_).substr(consumed_); }
  /// Marks `n` more bytes parsed.
  void drop(std::size_t n);
  Status parse_ebml_header(std::string_view body);
  Status parse_tracks(std::string_view body);
  Status fail(std::string message);
  void block_header(std::string_view head, std::vector<MediaEvent>& events);
  /// A block of the current Cluster: the first video block decides whether it is a join point.
  void block_seen(bool is_video, bool keyframe, std::vector<MediaEvent>& events);
  bool is_video_track(std::uint64_t number) const;

  State state_ = State::ebml_header;
  std::string buffer_;             // bytes fed but not yet dropped; see consumed_
  std::size_t consumed_ = 0;       // parsed bytes at the front of buffer_, erased once per feed
  std::uint64_t base_ = 0;
  std::uint64_t fed_ = 0;
  std::uint64_t aligned_ = 0;
  std::uint64_t skip_ = 0;          // payload bytes still to pass over
  bool init_done_ = false;
  std::vector<WebmTrack> tracks_;

  // The Cluster being read.
  std::uint64_t cluster_offset_ = 0;
  std::uint64_t cluster_end_ = 0;  // 0: unknown size
  std::int64_t cluster_timecode_ = 0;
  bool cluster_video_seen_ = false;
  bool cluster_block_seen_ = false;
  // The BlockGroup being read.
  std::uint64_t group_end_ = 0;
  bool group_has_block_ = false;
  bool group_video_ = false;
  bool group_reference_ = false;
  std::string error_;
};

}  // namespace onair::media
