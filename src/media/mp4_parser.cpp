#include "media/mp4_parser.hpp"

#include <optional>

#include <fmt/format.h>

#include "media/fragment.hpp"
#include "media/iso_bmff.hpp"

namespace onair::media {
namespace {

using namespace bmff;  // NOLINT: box reading helpers

std::string fourcc_text(std::uint32_t type) {
  std::string s(4, ' ');
  for (int i = 0; i < 4; ++i) {
    auto c = static_cast<char>((type >> (24 - 8 * i)) & 0xFF);
    s[static_cast<std::size_t>(i)] = c >= 0x20 && c < 0x7F ? c : '?';
  }
  return s;
}

bool printable(std::uint32_t type) {
  for (int i = 0; i < 4; ++i) {
    auto c = (type >> (8 * i)) & 0xFF;
    if (c < 0x20 || c >= 0x7F) return false;
  }
  return true;
}

/// The first child box of `type` in `in`, or nothing.
std::optional<std::string_view> child(std::string_view in, std::uint32_t type) {
  std::optional<std::string_view> found;
  for_each_box(in, [&](std::uint32_t t, std::string_view body) {
    if (t == type) found = body;
    return !found;
  });
  return found;
}

/// The length of an MPEG-4 descriptor (ISO 14496-1 expandable size), or nothing.
std::optional<std::uint32_t> descriptor_length(Reader& r) {
  std::uint32_t length = 0;
  for (int i = 0; i < 4; ++i) {
    auto b = r.u8();
    if (r.bad()) return std::nullopt;
    length = (length << 7) | (b & 0x7F);
    if (!(b & 0x80)) return length;
  }
  return std::nullopt;
}

/// "mp4a.40.2" and the like from an `esds` body (ES_Descriptor → DecoderConfigDescriptor →
/// AudioSpecificConfig); plain "mp4a.40.2" when the descriptor says less.
std::string mp4a_codec(std::string_view esds) {
  Reader r(esds);
  r.skip(4);  // version, flags
  if (r.u8() != 0x03 || !descriptor_length(r)) return "mp4a.40.2";
  r.skip(2);  // ES_ID
  auto flags = r.u8();
  if (flags & 0x80) r.skip(2);        // dependsOn_ES_ID
  if (flags & 0x40) r.skip(r.u8());   // URL
  if (flags & 0x20) r.skip(2);        // OCR_ES_Id
  if (r.u8() != 0x04 || !descriptor_length(r)) return "mp4a.40.2";
  auto object_type = r.u8();
  r.skip(12);  // streamType, bufferSizeDB, maxBitrate, avgBitrate
  if (r.bad()) return "mp4a.40.2";
  if (object_type != 0x40) return fmt::format("mp4a.{:02x}", object_type);
  if (r.u8() != 0x05 || !descriptor_length(r)) return "mp4a.40.2";
  auto first = r.u8();
  if (r.bad()) return "mp4a.40.2";
  std::uint32_t aot = first >> 3;
  if (aot == 31) {
    auto second = r.u8();
    if (r.bad()) return "mp4a.40.2";
    aot = 32 + (((first & 0x07) << 3) | (second >> 5));
  }
  return fmt::format("mp4a.40.{}", aot);
}

/// The RFC 6381 codec string of a sample entry, or nothing for a codec onair does not relay.
std::optional<std::string> codec_of(std::uint32_t type, std::string_view entry) {
  Reader r(entry);
  switch (type) {
    case fourcc("avc1"):
    case fourcc("avc3"): {
      r.skip(78);  // SampleEntry + VisualSampleEntry fields
      auto config = r.bad() ? std::nullopt : child(r.rest(), fourcc("avcC"));
      if (!config || config->size() < 4) return std::nullopt;
      return fmt::format("{}.{:02x}{:02x}{:02x}", fourcc_text(type), static_cast<unsigned char>((*config)[1]),
                         static_cast<unsigned char>((*config)[2]), static_cast<unsigned char>((*config)[3]));
    }
    case fourcc("vp09"): {
      r.skip(78);
      auto config = r.bad() ? std::nullopt : child(r.rest(), fourcc("vpcC"));
      if (!config || config->size() < 7) return std::nullopt;
      Reader c(*config);
      c.skip(4);  // version, flags
      auto profile = c.u8();
      auto level = c.u8();
      auto bit_depth = c.u8() >> 4;
      return fmt::format("vp09.{:02}.{:02}.{:02}", profile, level, bit_depth);
    }
    case fourcc("av01"): {
      r.skip(78);
      auto config = r.bad() ? std::nullopt : child(r.rest(), fourcc("av1C"));
      if (!config || config->size() < 3) return std::nullopt;
      auto b1 = static_cast<unsigned char>((*config)[1]);
      auto b2 = static_cast<unsigned char>((*config)[2]);
      int depth = (b2 & 0x40) ? ((b2 & 0x20) ? 12 : 10) : 8;
      return fmt::format("av01.{}.{:02}{}.{:02}", b1 >> 5, b1 & 0x1F, (b2 & 0x80) ? 'H' : 'M', depth);
    }
    case fourcc("mp4a"):
    case fourcc("Opus"):
    case fourcc("fLaC"): {
      r.skip(8);  // SampleEntry: reserved, data_reference_index
      auto version = r.u16();
      r.skip(18);  // the rest of AudioSampleEntry
      if (version == 1) r.skip(16);  // QuickTime sound description v1
      if (version == 2) r.skip(36);  // … and v2
      if (r.bad()) return std::nullopt;
      if (type == fourcc("Opus")) return "opus";
      if (type == fourcc("fLaC")) return "flac";
      auto esds = child(r.rest(), fourcc("esds"));
      return esds ? mp4a_codec(*esds) : std::string("mp4a.40.2");
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

bool Mp4Parser::has_video() const {
  for (const auto& t : tracks_) {
    if (t.video) return true;
  }
  return false;
}

std::string Mp4Parser::mime_type() const {
  if (tracks_.empty()) return {};
  std::string video;
  std::string audio;
  for (const auto& t : tracks_) {
    auto& list = t.video ? video : audio;
    list += (list.empty() ? "" : ",") + t.codec;
  }
  if (video.empty()) return "audio/mp4; codecs=\"" + audio + "\"";
  return "video/mp4; codecs=\"" + video + (audio.empty() ? "" : "," + audio) + "\"";
}

void Mp4Parser::box_ended() {
  if (skipping_mdat_) {
    skipping_mdat_ = false;
    awaiting_mdat_ = false;
  }
  if (!awaiting_mdat_) aligned_ = base_;
}

void Mp4Parser::drop(std::size_t n) {
  consumed_ += n;
  base_ += n;
}

Status Mp4Parser::fail(std::string message) {
  failed_ = true;
  error_ = std::move(message);
  return Error{ErrorCode::validation_failed, "Not a fragmented MP4 stream: " + error_, {}};
}

Status Mp4Parser::parse_moov(std::string_view body) {
  std::vector<Mp4Track> tracks;
  std::string problem;
  bool ok = for_each_box(body, [&](std::uint32_t type, std::string_view box) {
    if (type == fourcc("trak")) {
      Mp4Track track;
      std::uint32_t handler = 0;
      std::optional<std::string> codec;
      std::string entry_type;
      if (auto tkhd = child(box, fourcc("tkhd"))) {
        Reader r(*tkhd);
        auto version = r.u8();
        r.skip(3 + (version == 1 ? 16 : 8));
        track.id = r.u32();
        if (r.bad()) return false;
      }
      auto mdia = child(box, fourcc("mdia"));
      if (!mdia) return false;
      if (auto mdhd = child(*mdia, fourcc("mdhd"))) {
        Reader r(*mdhd);
        auto version = r.u8();
        r.skip(3 + (version == 1 ? 16 : 8));
        track.timescale = r.u32();
        if (r.bad()) return false;
      }
      if (auto hdlr = child(*mdia, fourcc("hdlr")); hdlr && hdlr->size() >= 12) {
        handler = static_cast<std::uint32_t>(big_endian(hdlr->substr(8), 4));
      }
      if (handler != fourcc("vide") && handler != fourcc("soun")) return true;  // text, metadata…
      track.video = handler == fourcc("vide");
      auto minf = child(*mdia, fourcc("minf"));
      auto stbl = minf ? child(*minf, fourcc("stbl")) : std::nullopt;
      auto stsd = stbl ? child(*stbl, fourcc("stsd")) : std::nullopt;
      if (!stsd || stsd->size() < 8) return false;
      for_each_box(stsd->substr(8), [&](std::uint32_t entry, std::string_view sample_entry) {
        entry_type = fourcc_text(entry);
        codec = codec_of(entry, sample_entry);
        return false;  // the first entry describes the track
      });
      if (!codec) {
        problem = entry_type.empty() ? "a track without a sample description"
                                     : "codec '" + entry_type + "' is not supported (H.264, VP9, AV1, AAC, Opus)";
        return false;
      }
      if (track.id == 0 || track.timescale == 0) return false;
      track.codec = *codec;
      tracks.push_back(std::move(track));
    }
    return true;
  });
  if (!problem.empty()) return fail(problem);
  if (!ok || tracks.empty()) return fail("malformed moov (no usable audio or video track)");
  // Fragment defaults per track (mvex may come before or after the traks).
  if (auto mvex = child(body, fourcc("mvex"))) {
    for_each_box(*mvex, [&](std::uint32_t t, std::string_view trex) {
      Reader r(trex);
      r.skip(4);
      auto id = r.u32();
      r.skip(4);
      auto duration = r.u32();
      auto size = r.u32();
      auto flags = r.u32();
      if (t != fourcc("trex") || r.bad()) return true;
      for (auto& track : tracks) {
        if (track.id == id) {
          track.default_duration = duration;
          track.default_size = size;
          track.default_flags = flags;
        }
      }
      return true;
    });
  }
  tracks_ = std::move(tracks);
  return ok_status();
}

Status Mp4Parser::parse_moof(std::uint64_t offset, std::string_view body, std::vector<MediaEvent>& events) {
  auto runs = read_moof(body, tracks_);
  if (!runs) return fail(fmt::format("{} at byte {}", runs.error().message, offset));
  // The fragment is judged by the first video track, or (audio only) the first audio track.
  const Mp4Track* primary = nullptr;
  for (const auto& t : tracks_) {
    if (primary == nullptr || (t.video && !primary->video)) primary = &t;
  }
  const FragmentRun* run = nullptr;
  for (const auto& r : *runs) {
    if (r.track == primary && !r.samples.empty()) {
      run = &r;
      break;
    }
  }
  bool keyframe = run != nullptr && (!primary->video || !(run->samples.front().flags & kNonSyncSample));
  std::int64_t timecode = 0;
  std::int64_t duration = 0;
  if (run != nullptr) {
    std::uint64_t units = 0;
    for (const auto& sample : run->samples) units += sample.duration;
    timecode = static_cast<std::int64_t>(run->samples.front().decode_time * 1000 / primary->timescale);
    duration = static_cast<std::int64_t>(units * 1000 / primary->timescale);
  }
  if (!init_done_) {
    init_done_ = true;
    events.push_back({MediaEvent::Kind::init_complete, offset, 0, 0});
  }
  events.push_back({MediaEvent::Kind::fragment_start, offset, timecode, duration});
  if (keyframe) events.push_back({MediaEvent::Kind::keyframe_fragment, offset, timecode, duration});
  return ok_status();
}

Mp4Parser::Step Mp4Parser::step(std::vector<MediaEvent>& events, Status& status) {
  if (skip_ > 0) {
    auto n = std::min<std::uint64_t>(skip_, unparsed().size());
    drop(n);
    skip_ -= n;
    if (skip_ > 0) return Step::need_more;
    box_ended();
    return Step::progressed;
  }
  auto rest = unparsed();
  if (rest.size() < 8) return Step::need_more;
  std::uint64_t size = big_endian(rest, 4);
  auto type = static_cast<std::uint32_t>(big_endian(rest.substr(4), 4));
  std::uint64_t header = 8;
  if (size == 1) {
    if (rest.size() < 16) return Step::need_more;
    size = big_endian(rest.substr(8), 8);
    header = 16;
  }
  const std::uint64_t start = base_;
  if (!printable(type)) {
    status = fail(fmt::format("no MP4 box at byte {}", start));
    return Step::need_more;
  }
  if (size == 0) {
    status = fail(fmt::format("box '{}' of unknown size at byte {}", fourcc_text(type), start));
    return Step::need_more;
  }
  if (size < header) {
    status = fail(fmt::format("box '{}' smaller than its header at byte {}", fourcc_text(type), start));
    return Step::need_more;
  }
  const std::uint64_t payload = size - header;
  // A box read whole (ftyp, moov, moof): its body once every byte is here.
  auto whole = [&]() -> std::optional<std::string_view> {
    if (payload > kMaxHeaderBox) {
      status = fail(fmt::format("box '{}' of {} bytes is larger than allowed", fourcc_text(type), size));
      return std::nullopt;
    }
    if (unparsed().size() < size) return std::nullopt;
    return unparsed().substr(header, payload);
  };
  auto skip_payload = [&] {
    drop(header);
    skip_ = payload;
    if (skip_ == 0) box_ended();
  };

  if (!ftyp_seen_) {
    if (type != fourcc("ftyp")) {
      status = fail("does not start with an ftyp box");
      return Step::need_more;
    }
    auto body = whole();
    if (!body) return Step::need_more;
    if (body->size() < 8) {
      status = fail("ftyp too short");
      return Step::need_more;
    }
    ftyp_seen_ = true;
    drop(size);
    box_ended();
    return Step::progressed;
  }
  switch (type) {
    case fourcc("ftyp"):
      status = fail("a second ftyp box");
      return Step::need_more;
    case fourcc("moov"): {
      if (init_done_) {
        status = fail("moov after the first fragment");
        return Step::need_more;
      }
      auto body = whole();
      if (!body) return Step::need_more;
      status = parse_moov(*body);
      drop(size);
      box_ended();
      return Step::progressed;
    }
    case fourcc("moof"): {
      if (tracks_.empty()) {
        status = fail("moof before moov");
        return Step::need_more;
      }
      if (awaiting_mdat_) {
        status = fail(fmt::format("moof at byte {} follows a moof without its mdat", start));
        return Step::need_more;
      }
      auto body = whole();
      if (!body) return Step::need_more;
      status = parse_moof(start, *body, events);
      drop(size);
      awaiting_mdat_ = true;
      return Step::progressed;
    }
    case fourcc("mdat"): {
      if (!awaiting_mdat_) {
        status = fail(init_done_ ? fmt::format("mdat at byte {} without a moof", start)
                                 : std::string("media before the first moof (record fragmented MP4)"));
        return Step::need_more;
      }
      if (payload > kMaxMdat) {
        status = fail(fmt::format("a fragment of {} bytes is larger than allowed", size));
        return Step::need_more;
      }
      skipping_mdat_ = true;
      skip_payload();
      return Step::progressed;
    }
    default:
      if (payload > kMaxHeaderBox) {
        status = fail(fmt::format("box '{}' of {} bytes is larger than allowed", fourcc_text(type), size));
        return Step::need_more;
      }
      skip_payload();
      return Step::progressed;
  }
}

Status Mp4Parser::feed(std::string_view bytes, std::vector<MediaEvent>& events) {
  if (failed_) return Error{ErrorCode::validation_failed, "Not a fragmented MP4 stream: " + error_, {}};
  fed_ += bytes.size();
  // Payload bytes being skipped (mdat) are never copied in.
  while (skip_ > 0 && !bytes.empty() && buffer_.empty()) {
    auto n = std::min<std::uint64_t>(skip_, bytes.size());
    bytes.remove_prefix(n);
    base_ += n;
    skip_ -= n;
    if (skip_ == 0) box_ended();
  }
  buffer_.append(bytes);
  Status status = ok_status();
  while (status.ok() && step(events, status) == Step::progressed) {
  }
  buffer_.erase(0, consumed_);
  consumed_ = 0;
  return status;
}

}  // namespace onair::media
