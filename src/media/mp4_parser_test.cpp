#include "media/mp4_parser.hpp"

#include <chrono>
#include <random>

#include <gtest/gtest.h>

#include "support/fixtures.hpp"

namespace onair::media {
namespace {

struct Summary {
  std::uint64_t init_size = 0;
  std::vector<std::uint64_t> fragments;
  std::vector<std::uint64_t> keyframes;
  std::vector<std::int64_t> timecodes;
  std::int64_t duration = 0;
  bool ok = true;
  std::string error;

  bool operator==(const Summary&) const = default;
};

Summary parse_in_pieces(const std::vector<std::string>& pieces, MediaParser& parser) {
  Summary s;
  std::vector<MediaEvent> events;
  for (const auto& piece : pieces) {
    if (auto fed = parser.feed(piece, events); !fed.ok()) {
      s.ok = false;
      s.error = fed.error().message;
      break;
    }
  }
  for (const auto& e : events) {
    if (e.kind == MediaEvent::Kind::init_complete) s.init_size = e.offset;
    if (e.kind == MediaEvent::Kind::fragment_start) {
      s.fragments.push_back(e.offset);
      s.timecodes.push_back(e.timecode);
      s.duration += e.duration;
    }
    if (e.kind == MediaEvent::Kind::keyframe_fragment) s.keyframes.push_back(e.offset);
  }
  return s;
}

Summary parse_in_pieces(const std::vector<std::string>& pieces) {
  Mp4Parser parser;
  return parse_in_pieces(pieces, parser);
}

std::vector<std::string> split_every(const std::string& bytes, std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < bytes.size(); i += n) out.push_back(bytes.substr(i, n));
  return out;
}

std::uint32_t be32(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

/// The offsets of the top-level boxes of `type`, walked independently of the parser.
std::vector<std::uint64_t> top_level(const std::string& bytes, std::string_view type) {
  std::vector<std::uint64_t> out;
  for (std::size_t at = 0; at + 8 <= bytes.size(); at += be32(bytes, at)) {
    if (std::string_view(bytes).substr(at + 4, 4) == type) out.push_back(at);
    if (be32(bytes, at) < 8) break;
  }
  return out;
}

struct Expected {
  const char* name;
  std::size_t fragments;
  std::size_t keyframes;
  std::int64_t duration_ms;  // about
  const char* mime;
};

// Chromium writes a fragment per keyframe interval (1 s); ffmpeg's fixture has 250 ms fragments
// with a keyframe every second (see tests/fixtures/media/make-ffmpeg-fixtures.sh).
constexpr Expected kFixtures[] = {
    {"h264_opus_6s", 6, 6, 6000, R"(video/mp4; codecs="avc1.42c01f,opus")"},
    {"h264_only_3s", 3, 3, 3000, R"(video/mp4; codecs="avc1.42c01f")"},
    {"h264_aac_ffmpeg_3s", 12, 3, 3000, R"(video/mp4; codecs="avc1.42c016,mp4a.40.2")"},
};

TEST(Mp4Parser, FindsInitFragmentsAndKeyframesInRealRecordings) {
  for (const auto& expected : kFixtures) {
    SCOPED_TRACE(expected.name);
    auto recording = testing::load_recording(expected.name, "mp4");
    Mp4Parser parser;
    auto s = parse_in_pieces(recording.chunks, parser);
    ASSERT_TRUE(s.ok) << s.error;
    auto moofs = top_level(recording.bytes, "moof");
    EXPECT_EQ(s.init_size, moofs.front());
    EXPECT_EQ(s.fragments, moofs);
    EXPECT_EQ(s.keyframes.size(), expected.keyframes);
    EXPECT_EQ(s.fragments.size(), expected.fragments);
    EXPECT_EQ(s.keyframes.front(), moofs.front()) << "a recording starts at a keyframe";
    EXPECT_NEAR(static_cast<double>(s.duration), static_cast<double>(expected.duration_ms), 400.0);
    EXPECT_TRUE(std::is_sorted(s.timecodes.begin(), s.timecodes.end()));
    EXPECT_EQ(s.timecodes.front(), 0);
    EXPECT_EQ(parser.mime_type(), expected.mime);
    EXPECT_TRUE(parser.init_complete());
    EXPECT_TRUE(parser.has_video());
    EXPECT_EQ(parser.container(), Container::mp4);
    // Every byte is whole fragments: the end of the stream is aligned.
    EXPECT_EQ(parser.aligned_offset(), recording.bytes.size());
  }
}

TEST(Mp4Parser, KeyframesAreTheFragmentsWhoseFirstVideoSampleIsASyncSample) {
  // In ffmpeg's fixture the keyframe fragments are those about a second apart.
  auto recording = testing::load_recording("h264_aac_ffmpeg_3s", "mp4");
  Mp4Parser parser;
  std::vector<MediaEvent> events;
  ASSERT_TRUE(parser.feed(recording.bytes, events).ok());
  std::vector<std::int64_t> keyframe_times;
  for (const auto& e : events) {
    if (e.kind == MediaEvent::Kind::keyframe_fragment) keyframe_times.push_back(e.timecode);
  }
  ASSERT_EQ(keyframe_times.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(keyframe_times[i], 1000.0 * static_cast<double>(i), 50.0);
}

TEST(Mp4Parser, AnySplitOfTheBytesGivesTheSameResult) {
  for (const auto& expected : kFixtures) {
    SCOPED_TRACE(expected.name);
    auto recording = testing::load_recording(expected.name, "mp4");
    auto whole = parse_in_pieces({recording.bytes});
    ASSERT_TRUE(whole.ok);
    for (std::size_t n : {1u, 3u, 7u, 8u, 9u, 16u, 1000u, 4096u}) {
      EXPECT_EQ(parse_in_pieces(split_every(recording.bytes, n)), whole) << "pieces of " << n;
    }
    std::mt19937 rng(42);
    for (int round = 0; round < 20; ++round) {
      std::vector<std::string> pieces;
      for (std::size_t at = 0; at < recording.bytes.size();) {
        auto n = std::uniform_int_distribution<std::size_t>(1, 20000)(rng);
        pieces.push_back(recording.bytes.substr(at, n));
        at += n;
      }
      EXPECT_EQ(parse_in_pieces(pieces), whole) << "round " << round;
    }
  }
}

TEST(Mp4Parser, AlignedOffsetWaitsForTheWholeFragment) {
  auto recording = testing::load_recording("h264_aac_ffmpeg_3s", "mp4");
  auto moofs = top_level(recording.bytes, "moof");
  auto mdats = top_level(recording.bytes, "mdat");
  Mp4Parser parser;
  std::vector<MediaEvent> events;
  // The init segment, the first fragment and part of the second's moof.
  auto cut = moofs[1] + 100;
  ASSERT_TRUE(parser.feed(recording.bytes.substr(0, cut), events).ok());
  EXPECT_EQ(parser.aligned_offset(), moofs[1]) << "the first fragment is whole, the second is not";
  // The second moof is whole, its mdat not: still not aligned past the moof.
  ASSERT_TRUE(parser.feed(recording.bytes.substr(cut, mdats[1] + 100 - cut), events).ok());
  EXPECT_EQ(parser.aligned_offset(), moofs[1]);
  ASSERT_TRUE(parser.feed(recording.bytes.substr(mdats[1] + 100, moofs[2] - mdats[1] - 100), events).ok());
  EXPECT_EQ(parser.aligned_offset(), moofs[2]);
}

TEST(Mp4Parser, TruncatedInputIsIncompleteNotAnError) {
  auto recording = testing::load_recording("h264_opus_6s", "mp4");
  auto whole = parse_in_pieces({recording.bytes});
  for (std::size_t cut : {1u, 7u, 36u, 500u, 1221u, 1300u, 100000u, 349000u}) {
    auto s = parse_in_pieces({recording.bytes.substr(0, cut)});
    EXPECT_TRUE(s.ok) << "cut at " << cut << ": " << s.error;
    EXPECT_LE(s.fragments.size(), whole.fragments.size());
    for (std::size_t i = 0; i < s.fragments.size(); ++i) EXPECT_EQ(s.fragments[i], whole.fragments[i]);
  }
}

std::string box(std::string_view type, std::string_view body) {
  std::string out;
  auto size = static_cast<std::uint32_t>(body.size() + 8);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((size >> shift) & 0xFF));
  out.append(type);
  out.append(body);
  return out;
}

std::string error_for(const std::string& bytes) {
  auto s = parse_in_pieces({bytes});
  return s.ok ? std::string() : s.error;
}

TEST(Mp4Parser, RejectsWhatIsNotALiveFragmentedMp4) {
  auto recording = testing::load_recording("h264_opus_6s", "mp4");
  const std::string ftyp = recording.bytes.substr(0, 36);
  const std::string moov = recording.bytes.substr(36, 1185);
  const std::string fragment = recording.bytes.substr(1221, recording.bytes.size() - 1221);

  EXPECT_NE(error_for(moov + ftyp), "") << "must start with ftyp";
  EXPECT_NE(error_for(ftyp + ftyp + moov), "") << "a second ftyp";
  EXPECT_NE(error_for(ftyp + fragment).find("moof before moov"), std::string::npos);
  // An ordinary (not fragmented) MP4: its mdat comes without a moof.
  EXPECT_NE(error_for(ftyp + moov + box("mdat", "xxxx")).find("before the first moof"), std::string::npos);
  auto plain = testing::read_file_bytes(std::string(ONAIR_SOURCE_DIR) + "/tests/fixtures/media/sample_2s.mp4");
  EXPECT_NE(error_for(plain), "") << "a progressive MP4 file";
  // A box of unknown size (size 0: "to the end of the file") can never end in a live stream.
  std::string unknown = ftyp + moov;
  unknown += std::string("\0\0\0\0mdat", 8);
  EXPECT_NE(error_for(unknown).find("unknown size"), std::string::npos);
  // Huge boxes are refused at their header, before their bytes arrive.
  std::string huge = ftyp + moov;
  huge += std::string("\x7F\xFF\xFF\xFFmoof", 8);
  EXPECT_NE(error_for(huge).find("larger than allowed"), std::string::npos);
  std::string huge_mdat = recording.bytes.substr(0, 1221) + recording.bytes.substr(1221, be32(recording.bytes, 1221));
  huge_mdat += std::string("\x7F\xFF\xFF\xFFmdat", 8);
  EXPECT_NE(error_for(huge_mdat).find("larger than allowed"), std::string::npos);
  // Garbage where a box should start.
  EXPECT_NE(error_for(ftyp + moov + std::string(16, '\x01')).find("no MP4 box"), std::string::npos);
  // A codec onair cannot describe to a player.
  auto hevc = recording.bytes;
  auto at = hevc.find("avc1", 36);  // the sample entry, not ftyp's compatible brand
  ASSERT_NE(at, std::string::npos);
  hevc.replace(at, 4, "hvc1");
  EXPECT_NE(error_for(hevc).find("codec 'hvc1' is not supported"), std::string::npos);
  // Two moofs in a row: the first lost its media.
  auto moof = recording.bytes.substr(1221, be32(recording.bytes, 1221));
  EXPECT_NE(error_for(ftyp + moov + moof + moof).find("without its mdat"), std::string::npos);
}

TEST(Mp4Parser, ARunClaimingBillionsOfSamplesIsRefusedAtOnce) {
  // Found by fuzzing: a trun without per-sample fields costs no bytes per sample, so its count
  // (here 2^32 - 1) must be bounded by itself, or one moof keeps the parser busy for minutes.
  auto recording = testing::load_recording("h264_opus_6s", "mp4");
  std::string id_one("\0\0\0\x01", 4);
  auto traf = box("traf", box("tfhd", std::string(4, '\0') + id_one) +
                              box("trun", std::string(4, '\0') + std::string("\xFF\xFF\xFF\xFF", 4)));
  auto moof = box("moof", box("mfhd", std::string(8, '\0')) + traf);
  auto started = std::chrono::steady_clock::now();
  auto error = error_for(recording.bytes.substr(0, 1221) + moof + box("mdat", ""));
  EXPECT_NE(error.find("malformed moof"), std::string::npos) << error;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

TEST(Mp4Parser, StaysFailedAfterAnError) {
  auto recording = testing::load_recording("h264_opus_6s", "mp4");
  Mp4Parser parser;
  std::vector<MediaEvent> events;
  EXPECT_FALSE(parser.feed(std::string_view("\0\0\0\x10moovxxxxxxxx", 16), events).ok());
  EXPECT_FALSE(parser.feed(recording.bytes, events).ok());
  EXPECT_TRUE(events.empty());
}

TEST(Mp4Parser, RandomCorruptionNeverCrashesOrRunsAway) {
  auto recording = testing::load_recording("h264_aac_ffmpeg_3s", "mp4");
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    auto bytes = recording.bytes.substr(0, 60000);
    for (int flips = 0; flips < 4; ++flips) {
      auto at = std::uniform_int_distribution<std::size_t>(0, bytes.size() - 1)(rng);
      bytes[at] = static_cast<char>(rng());
    }
    Mp4Parser parser;
    std::vector<MediaEvent> events;
    (void)parser.feed(bytes, events);
    EXPECT_LE(parser.aligned_offset(), bytes.size());
    for (const auto& e : events) EXPECT_LT(e.offset, bytes.size());
  }
}

TEST(AnyContainerParser, PicksTheParserFromTheFirstBytes) {
  for (auto [name, extension, container] : {std::tuple{"h264_opus_6s", "mp4", Container::mp4},
                                            std::tuple{"vp8_opus_05mbps_6s", "webm", Container::webm}}) {
    SCOPED_TRACE(name);
    auto recording = testing::load_recording(name, extension);
    AnyContainerParser any;
    // Split before the container is known: the first pieces are a byte each.
    auto pieces = split_every(recording.bytes.substr(0, 9), 1);
    pieces.push_back(recording.bytes.substr(9));
    auto s = parse_in_pieces(pieces, any);
    ASSERT_TRUE(s.ok) << s.error;
    EXPECT_TRUE(any.sniffed());
    EXPECT_EQ(any.container(), container);
    EXPECT_GT(s.keyframes.size(), 1u);
    EXPECT_EQ(any.aligned_offset(), recording.bytes.size());
    EXPECT_EQ(any.bytes_fed(), recording.bytes.size());
    EXPECT_TRUE(any.mime_type().starts_with(std::string("video/") + extension + "; codecs=")) << any.mime_type();
  }
  AnyContainerParser garbage;
  std::vector<MediaEvent> events;
  EXPECT_FALSE(garbage.feed("GET / HT", events).ok());
  EXPECT_FALSE(garbage.feed("anything", events).ok()) << "stays refused";
  AnyContainerParser short_start;
  EXPECT_TRUE(short_start.feed("\x1A\x45", events).ok()) << "too few bytes to tell yet";
  EXPECT_FALSE(short_start.sniffed());
}

}  // namespace
}  // namespace onair::media
