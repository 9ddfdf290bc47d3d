#include "media/webm_parser.hpp"

#include <array>

namespace onair::media {
namespace {

constexpr std::uint32_t kEbml = 0x1A45DFA3;
constexpr std::uint32_t kDocType = 0x4282;
constexpr std::uint32_t kSegment = 0x18538067;
constexpr std::uint32_t kCluster = 0x1F43B675;
constexpr std::uint32_t kTracks = 0x1654AE6B;
constexpr std::uint32_t kTrackEntry = 0xAE;
constexpr std::uint32_t kTrackNumber = 0xD7;
constexpr std::uint32_t kTrackType = 0x83;
constexpr std::uint32_t kCodecId = 0x86;
constexpr std::uint32_t kTimecode = 0xE7;
constexpr std::uint32_t kSimpleBlock = 0xA3;
constexpr std::uint32_t kBlockGroup = 0xA0;
constexpr std::uint32_t kBlock = 0xA1;           // inside a BlockGroup
constexpr std::uint32_t kReferenceBlock = 0xFB;  // inside a BlockGroup: the Block is no keyframe

/// Elements that live directly in a Segment: one of them ends a Cluster of unknown size.
constexpr std::array<std::uint32_t, 8> kSegmentChildren = {
    kCluster, 0x1549A966 /*Info*/, kTracks, 0x114D9B74 /*SeekHead*/, 0x1C53BB6B /*Cues*/,
    0x1254C367 /*Tags*/, 0x1043A770 /*Chapters*/, 0x1941A469 /*Attachments*/};

bool is_segment_child(std::uint32_t id) {
  for (auto c : kSegmentChildren) {
    if (c == id) return true;
  }
  return false;
}

struct Vint {
  std::uint64_t value = 0;
  std::size_t length = 0;  // 0: not enough bytes
  bool unknown = false;    // all value bits set (unknown size)
  bool invalid = false;
};

/// An element ID (marker bits kept) or size (marker removed) at the start of `in`.
Vint read_vint(std::string_view in, bool is_id) {
  Vint v;
  if (in.empty()) return v;
  auto first = static_cast<unsigned char>(in[0]);
  std::size_t length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) ++length;
  if (length > (is_id ? 4 : 8)) {
    v.invalid = true;
    return v;
  }
  if (in.size() < length) return v;
  std::uint64_t value = is_id ? first : (first & (0xFF >> length));
  bool all_ones = value == (0xFFu >> length);
  for (std::size_t i = 1; i < length; ++i) {
    auto b = static_cast<unsigned char>(in[i]);
    value = (value << 8) | b;
    all_ones = all_ones && b == 0xFF;
  }
  v.value = value;
  v.length = length;
  v.unknown = !is_id && all_ones;
  return v;
}

struct Header {
  std::uint32_t id = 0;
  std::uint64_t size = 0;
  bool unknown_size = false;
  std::size_t length = 0;  // 0: incomplete
  bool invalid = false;
};

Header read_header(std::string_view in) {
  Header h;
  auto id = read_vint(in, true);
  if (id.invalid) {
    h.invalid = true;
    return h;
  }
  if (id.length == 0) return h;
  auto size = read_vint(in.substr(id.length), false);
  if (size.invalid) {
    h.invalid = true;
    return h;
  }
  if (size.length == 0) return h;
  h.id = static_cast<std::uint32_t>(id.value);
  h.size = size.value;
  h.unknown_size = size.unknown;
  h.length = id.length + size.length;
  return h;
}

std::uint64_t read_uint(std::string_view bytes) {
  std::uint64_t v = 0;
  for (unsigned char c : bytes) v = (v << 8) | c;
  return v;
}

/// Calls `visit(id, body)` for each child of a master element's body; false on malformed data.
template <typename Visit>
bool for_each_child(std::string_view body, Visit visit) {
  while (!body.empty()) {
    auto h = read_header(body);
    if (h.invalid || h.length == 0 || h.unknown_size || h.size > body.size() - h.length) return false;
    if (!visit(h.id, body.substr(h.length, h.size))) return false;
    body.remove_prefix(h.length + h.size);
  }
  return true;
}

}  // namespace

std::string WebmParser::mime_type() const {
  std::string video;
  std::string audio;
  for (const auto& t : tracks_) {
    std::string name = t.codec_id == "V_VP8" ? "vp8" : t.codec_id == "V_VP9" ? "vp9"
                     : t.codec_id == "V_AV1" ? "av01.0.04M.08" : t.codec_id == "A_OPUS" ? "opus"
                     : t.codec_id == "A_VORBIS" ? "vorbis" : "";
    if (name.empty()) continue;
    auto& list = t.type == 1 ? video : audio;
    list += (list.empty() ? "" : ",") + name;
  }
  // Video first, as MSE implementations expect.
  auto codecs = video.empty() ? audio : audio.empty() ? video : video + "," + audio;
  return tracks_.empty() ? std::string() : "video/webm; codecs=\"" + codecs + "\"";
}

bool WebmParser::has_video() const {
  for (const auto& t : tracks_) {
    if (t.type == 1) return true;
  }
  return false;
}

void WebmParser::drop(std::size_t n) {
  consumed_ += n;
  base_ += n;
}

Status WebmParser::fail(std::string message) {
  state_ = State::failed;
  error_ = std::move(message);
  return Error{ErrorCode::validation_failed, "Not a WebM stream: " + error_, {}};
}

Status WebmParser::parse_ebml_header(std::string_view body) {
  std::string doc_type;
  bool ok = for_each_child(body, [&](std::uint32_t id, std::string_view value) {
    if (id == kDocType) doc_type = std::string(value.substr(0, value.find('\0')));
    return true;
  });
  if (!ok) return fail("malformed EBML header");
  if (doc_type != "webm") return fail("DocType is '" + doc_type + "', not webm");
  return ok_status();
}

Status WebmParser::parse_tracks(std::string_view body) {
  tracks_.clear();
  bool ok = for_each_child(body, [&](std::uint32_t id, std::string_view entry) {
    if (id != kTrackEntry) return true;
    WebmTrack track;
    bool entry_ok = for_each_child(entry, [&](std::uint32_t field, std::string_view value) {
      if (field == kTrackNumber && value.size() <= 8) track.number = read_uint(value);
      if (field == kTrackType && value.size() <= 8) track.type = read_uint(value);
      if (field == kCodecId) track.codec_id = std::string(value.substr(0, value.find('\0')));
      return true;
    });
    if (entry_ok) tracks_.push_back(track);
    return entry_ok;
  });
  if (!ok || tracks_.empty()) return fail("malformed Tracks");
  return ok_status();
}

bool WebmParser::is_video_track(std::uint64_t number) const {
  for (const auto& t : tracks_) {
    if (t.number == number && t.type == 1) return true;
  }
  return false;
}

void WebmParser::block_seen(bool is_video, bool keyframe, std::vector<MediaEvent>& events) {
  bool first_block = !cluster_block_seen_;
  cluster_block_seen_ = true;
  if (!has_video()) {
    // Audio-only: every Cluster is a join point.
    if (first_block) events.push_back({MediaEvent::Kind::keyframe_fragment, cluster_offset_, cluster_timecode_});
    return;
  }
  if (!is_video || cluster_video_seen_) return;
  cluster_video_seen_ = true;
  if (keyframe) events.push_back({MediaEvent::Kind::keyframe_fragment, cluster_offset_, cluster_timecode_});
}

void WebmParser::block_header(std::string_view head, std::vector<MediaEvent>& events) {
  auto track = read_vint(head, false);
  if (track.length == 0 || head.size() < track.length + 3) return;
  bool keyframe = (static_cast<unsigned char>(head[track.length + 2]) & 0x80) != 0;
  block_seen(is_video_track(track.value), keyframe, events);
}

WebmParser::Step WebmParser::read_whole(std::uint64_t size, std::string& out) {
  auto rest = unparsed();
  if (rest.size() < size) return Step::need_more;
  out.assign(rest.substr(0, size));
  drop(size);
  return Step::progressed;
}

WebmParser::Step WebmParser::step(std::vector<MediaEvent>& events, Status& status) {
  if (skip_ > 0) {
    auto n = std::min<std::uint64_t>(skip_, unparsed().size());
    drop(n);
    skip_ -= n;
    if (skip_ > 0) return Step::need_more;
    if (state_ != State::block_group_child) aligned_ = base_;
    return Step::progressed;
  }
  if (state_ == State::block_group_child && base_ >= group_end_) {
    if (base_ > group_end_) {
      status = fail("element overruns its BlockGroup");
      return Step::need_more;
    }
    // A BlockGroup's Block is a keyframe unless a ReferenceBlock says what it depends on
    // (VP8 with alpha, as a canvas with transparency records, comes only in BlockGroups).
    if (group_has_block_) block_seen(group_video_, !group_reference_, events);
    state_ = State::cluster_child;
    aligned_ = base_;
    return Step::progressed;
  }
  if (state_ == State::cluster_child && cluster_end_ != 0 && base_ >= cluster_end_) {
    if (base_ > cluster_end_) {
      status = fail("element overruns its Cluster");
      return Step::need_more;
    }
    state_ = State::segment_child;
  }
  if (state_ != State::block_group_child) aligned_ = base_;  // never between a BlockGroup's parts
  auto h = read_header(unparsed());
  if (h.invalid) {
    status = fail("invalid element header at byte " + std::to_string(base_));
    return Step::need_more;
  }
  if (h.length == 0) {
    if (unparsed().size() > 12) status = fail("element header too long");
    return Step::need_more;
  }
  const std::uint64_t start = base_;
  auto consume_header = [&] { drop(h.length); };
  auto whole_element = [&](std::string& body) -> Step {
    if (h.unknown_size || h.size > kMaxHeaderElement) {
      status = fail("header element of unusable size");
      return Step::need_more;
    }
    if (unparsed().size() < h.length + h.size) return Step::need_more;
    consume_header();
    return read_whole(h.size, body);
  };

  switch (state_) {
    case State::ebml_header: {
      if (h.id != kEbml) {
        status = fail("does not start with an EBML header");
        return Step::need_more;
      }
      std::string body;
      if (whole_element(body) == Step::need_more) return Step::need_more;
      status = parse_ebml_header(body);
      if (status.ok()) state_ = State::segment;  // a bad DocType leaves the parser failed
      return Step::progressed;
    }
    case State::segment: {
      if (h.id != kSegment) {
        status = fail("no Segment after the EBML header");
        return Step::need_more;
      }
      consume_header();
      state_ = State::segment_child;
      return Step::progressed;
    }
    case State::segment_child: {
      if (h.id == kCluster) {
        if (!init_done_) {
          if (tracks_.empty()) {
            status = fail("Cluster before Tracks");
            return Step::need_more;
          }
          init_done_ = true;
          events.push_back({MediaEvent::Kind::init_complete, start, 0});
        }
        consume_header();
        events.push_back({MediaEvent::Kind::fragment_start, start, 0});
        state_ = State::cluster_child;
        cluster_offset_ = start;
        cluster_end_ = h.unknown_size ? 0 : base_ + h.size;
        cluster_timecode_ = 0;
        cluster_video_seen_ = false;
        cluster_block_seen_ = false;
        aligned_ = base_;
        return Step::progressed;
      }
      if (h.id == kTracks) {
        std::string body;
        if (whole_element(body) == Step::need_more) return Step::need_more;
        status = parse_tracks(body);
        return Step::progressed;
      }
      if (h.unknown_size || h.size > kMaxHeaderElement) {
        status = fail("Segment child of unusable size");
        return Step::need_more;
      }
      consume_header();
      skip_ = h.size;
      return Step::progressed;
    }
    case State::cluster_child: {
      if (is_segment_child(h.id)) {
        if (cluster_end_ != 0) {
          status = fail("Segment element inside a sized Cluster");
          return Step::need_more;
        }
        state_ = State::segment_child;  // an unknown-size Cluster ends where its sibling starts
        return Step::progressed;
      }
      if (h.unknown_size || h.size > kMaxBlock) {
        status = fail("Cluster child of unusable size");
        return Step::need_more;
      }
      if (h.id == kTimecode) {
        std::string body;
        if (h.size > 8) {
          status = fail("Timecode too long");
          return Step::need_more;
        }
        if (whole_element(body) == Step::need_more) return Step::need_more;
        cluster_timecode_ = static_cast<std::int64_t>(read_uint(body));
        return Step::progressed;
      }
      if (h.id == kSimpleBlock) {
        // Track number (1–8 bytes), timecode (2), flags (1): read as soon as they are here.
        auto need = std::min<std::uint64_t>(h.size, 11);
        if (unparsed().size() < h.length + need) return Step::need_more;
        block_header(unparsed().substr(h.length, need), events);
        consume_header();
        skip_ = h.size;
        return Step::progressed;
      }
      if (h.id == kBlockGroup) {
        consume_header();
        group_end_ = base_ + h.size;
        if (cluster_end_ != 0 && group_end_ > cluster_end_) {
          status = fail("BlockGroup overruns its Cluster");
          return Step::need_more;
        }
        group_has_block_ = false;
        group_video_ = false;
        group_reference_ = false;
        state_ = State::block_group_child;
        return Step::progressed;
      }
      consume_header();
      skip_ = h.size;
      return Step::progressed;
    }
    case State::block_group_child: {
      if (h.unknown_size || base_ + h.length + h.size > group_end_) {
        status = fail("BlockGroup child of unusable size");
        return Step::need_more;
      }
      if (h.id == kBlock) {
        auto need = std::min<std::uint64_t>(h.size, 8);
        if (unparsed().size() < h.length + need) return Step::need_more;
        auto track = read_vint(unparsed().substr(h.length, need), false);
        group_has_block_ = true;
        group_video_ = track.length != 0 && is_video_track(track.value);
      } else if (h.id == kReferenceBlock) {
        group_reference_ = true;
      }
      consume_header();
      skip_ = h.size;
      return Step::progressed;
    }
    case State::failed:
      break;
  }
  return Step::need_more;
}

Status WebmParser::feed(std::string_view bytes, std::vector<MediaEvent>& events) {
  if (state_ == State::failed) return Error{ErrorCode::validation_failed, "Not a WebM stream: " + error_, {}};
  fed_ += bytes.size();
  // Payload bytes being skipped are never copied in.
  while (skip_ > 0 && !bytes.empty() && buffer_.empty()) {
    auto n = std::min<std::uint64_t>(skip_, bytes.size());
    bytes.remove_prefix(n);
    base_ += n;
    skip_ -= n;
    if (skip_ == 0 && state_ != State::block_group_child) aligned_ = base_;
  }
  buffer_.append(bytes);
  Status status = ok_status();
  while (status.ok() && step(events, status) == Step::progressed) {
  }
  // Parsed bytes leave the buffer once per feed: erasing them element by element made a feed of
  // many small elements quadratic (an 8 MB publisher message of 2-byte elements took minutes).
  buffer_.erase(0, consumed_);
  consumed_ = 0;
  if (status.ok() && buffer_.size() > kMaxHeaderElement + 16) {
    return fail("element larger than allowed");
  }
  return status;
}

}  // namespace onair::media
