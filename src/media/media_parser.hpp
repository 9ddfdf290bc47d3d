#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace onair::media {

struct Mp4Track;

/// The containers a publisher may send: WebM (Matroska) or fragmented MP4 (ISO BMFF).
enum class Container { webm, mp4 };

/// "webm" or "mp4": the file extension of a recording in this container.
std::string_view extension_of(Container container);

/// Something a parser learnt about a live stream. Offsets count bytes from the start of the stream.
struct MediaEvent {
  enum class Kind {
    init_complete,      // `offset` = size of the init segment (bytes before the first fragment)
    fragment_start,     // a fragment (WebM Cluster, MP4 moof+mdat) starts at `offset`
    keyframe_fragment,  // the fragment at `offset` starts with a video keyframe: a join point
  };
  Kind kind;
  std::uint64_t offset = 0;
  std::int64_t timecode = 0;  // the fragment's first timestamp, ms (0 where unknown)
  std::int64_t duration = 0;  // the fragment's video (or audio) duration, ms (0 where unknown)
};

/// An incremental, bounded parser of a live media byte stream. Bytes may be fed in pieces of any
/// size, split anywhere; what it learns does not depend on where they were split. It keeps only
/// headers between calls, never media payloads. Bad input is an error (validation_failed) and the
/// parser stays failed.
class MediaParser {
 public:
  virtual ~MediaParser() = default;

  /// Parses `bytes`, appending what it learnt to `events`.
  virtual Status feed(std::string_view bytes, std::vector<MediaEvent>& events) = 0;
  /// The stream offset of the last fragment-safe boundary: everything before it is whole, so a
  /// receiver can be cut off there and resume at a later fragment.
  virtual std::uint64_t aligned_offset() const = 0;
  virtual std::uint64_t bytes_fed() const = 0;
  virtual bool init_complete() const = 0;
  /// The MIME type with codecs for Media Source Extensions, e.g. video/mp4; codecs="avc1.42001f,opus"
  /// (video first); empty until the tracks are known.
  virtual std::string mime_type() const = 0;
  virtual Container container() const = 0;
};

/// Which container `head` (the first bytes of a stream) starts: WebM's EBML magic, or an MP4 box
/// `ftyp`. Needs 8 bytes; fewer (or neither) → nothing.
enum class Sniffed { need_more, webm, mp4, unknown };
Sniffed sniff_container(std::string_view head);

/// A parser for whichever container the stream turns out to be: it waits for the first 8 bytes,
/// then hands everything to a WebmParser or Mp4Parser.
class AnyContainerParser final : public MediaParser {
 public:
  AnyContainerParser();
  ~AnyContainerParser() override;
  Status feed(std::string_view bytes, std::vector<MediaEvent>& events) override;
  std::uint64_t aligned_offset() const override { return inner_ ? inner_->aligned_offset() : 0; }
  std::uint64_t bytes_fed() const override { return inner_ ? inner_->bytes_fed() : head_.size(); }
  bool init_complete() const override { return inner_ && inner_->init_complete(); }
  std::string mime_type() const override { return inner_ ? inner_->mime_type() : std::string(); }
  Container container() const override { return inner_ ? inner_->container() : Container::webm; }
  /// Whether the container is known yet.
  bool sniffed() const { return inner_ != nullptr; }
  /// The tracks of an MP4 stream's init segment; nullptr for WebM or before the container is known.
  const std::vector<Mp4Track>* mp4_tracks() const;

 private:
  std::string head_;  // the first bytes, until there are enough to sniff
  std::unique_ptr<MediaParser> inner_;
  bool failed_ = false;
};

}  // namespace onair::media
