#include "media/webm_parser.hpp"

#include <chrono>
#include <random>

#include <gtest/gtest.h>

#include "support/fixtures.hpp"

namespace onair::media {
namespace {

struct Summary {
  std::uint64_t init_size = 0;
  std::vector<std::uint64_t> clusters;
  std::vector<std::uint64_t> keyframe_clusters;
  bool ok = true;

  bool operator==(const Summary&) const = default;
};

Summary parse_in_pieces(const std::vector<std::string>& pieces, WebmParser* out = nullptr) {
  WebmParser parser;
  Summary s;
  std::vector<MediaEvent> events;
  for (const auto& piece : pieces) {
    if (!parser.feed(piece, events).ok()) {
      s.ok = false;
      break;
    }
  }
  for (const auto& e : events) {
    if (e.kind == MediaEvent::Kind::init_complete) s.init_size = e.offset;
    if (e.kind == MediaEvent::Kind::fragment_start) s.clusters.push_back(e.offset);
    if (e.kind == MediaEvent::Kind::keyframe_fragment) s.keyframe_clusters.push_back(e.offset);
  }
  if (out != nullptr) *out = std::move(parser);
  return s;
}

std::vector<std::string> split_every(const std::string& bytes, std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < bytes.size(); i += n) out.push_back(bytes.substr(i, n));
  return out;
}

struct Expected {
  const char* name;
  std::uint64_t init_size;
  std::size_t clusters;
  std::size_t keyframe_clusters;
};

// From tests/fixtures/media/ANALYSIS.md (an independent EBML walk of the same files).
constexpr Expected kFixtures[] = {
    {"vp8_opus_05mbps_6s", 189, 55, 6}, {"vp9_opus_6s", 189, 63, 14}, {"vp8_opus_restart_a", 189, 18, 2},
    {"vp8_opus_restart_b", 189, 18, 2}, {"vp8_only_3s", 126, 3, 3},
};

TEST(WebmParser, FindsInitClustersAndKeyframesInRealRecordings) {
  for (const auto& f : kFixtures) {
    auto rec = testing::load_recording(f.name);
    WebmParser parser;
    auto s = parse_in_pieces(rec.chunks, &parser);
    ASSERT_TRUE(s.ok) << f.name;
    EXPECT_EQ(s.init_size, f.init_size) << f.name;
    EXPECT_EQ(s.clusters.size(), f.clusters) << f.name;
    EXPECT_EQ(s.keyframe_clusters.size(), f.keyframe_clusters) << f.name;
    ASSERT_FALSE(s.keyframe_clusters.empty());
    EXPECT_EQ(s.keyframe_clusters.front(), s.init_size) << "the first Cluster starts with a keyframe";
    EXPECT_TRUE(parser.has_video());
    EXPECT_EQ(parser.aligned_offset(), rec.bytes.size()) << f.name;
    for (auto offset : s.clusters) EXPECT_EQ(rec.bytes.substr(offset, 4), "\x1F\x43\xB6\x75") << f.name;
  }
}

TEST(WebmParser, FindsKeyframesInBlockGroupsOfVp8WithAlpha) {
  // A canvas with transparency records VP8 with alpha: every video frame is a BlockGroup (with
  // BlockAdditions), a keyframe when it has no ReferenceBlock. Before, no Cluster was a join
  // point and no viewer ever started.
  auto rec = testing::load_recording("vp8a_canvas_opus");
  auto whole = parse_in_pieces({rec.bytes});
  ASSERT_TRUE(whole.ok);
  EXPECT_GE(whole.keyframe_clusters.size(), 2u);
  EXPECT_LT(whole.keyframe_clusters.size(), whole.clusters.size()) << "not every Cluster starts at a keyframe";
  EXPECT_EQ(whole.keyframe_clusters.front(), whole.clusters.front());
  EXPECT_EQ(parse_in_pieces(rec.chunks), whole);
  EXPECT_EQ(parse_in_pieces(split_every(rec.bytes, 7)), whole);
}

TEST(WebmParser, ReadsTrackTypesAndCodecs) {
  WebmParser parser;
  parse_in_pieces(testing::load_recording("vp9_opus_6s").chunks, &parser);
  ASSERT_EQ(parser.tracks().size(), 2u);
  int video = 0, audio = 0;
  for (const auto& t : parser.tracks()) {
    if (t.type == 1) video += t.codec_id == "V_VP9";
    if (t.type == 2) audio += t.codec_id == "A_OPUS";
  }
  EXPECT_EQ(video, 1);
  EXPECT_EQ(audio, 1);
}

TEST(WebmParser, AnySplitOfTheBytesGivesTheSameResult) {
  auto rec = testing::load_recording("vp8_opus_05mbps_6s");
  auto reference = parse_in_pieces(rec.chunks);
  EXPECT_EQ(parse_in_pieces({rec.bytes}), reference);
  EXPECT_EQ(parse_in_pieces(split_every(rec.bytes, 1)), reference);
  EXPECT_EQ(parse_in_pieces(split_every(rec.bytes, 7)), reference);
  std::mt19937 rng(42);
  for (int round = 0; round < 20; ++round) {
    std::vector<std::string> pieces;
    for (std::size_t i = 0; i < rec.bytes.size();) {
      std::size_t n = 1 + rng() % 20000;
      pieces.push_back(rec.bytes.substr(i, n));
      i += n;
    }
    EXPECT_EQ(parse_in_pieces(pieces), reference) << "round " << round;
  }
}

TEST(WebmParser, AlignedOffsetNeverSplitsAnElement) {
  auto rec = testing::load_recording("vp8_opus_05mbps_6s");
  WebmParser parser;
  std::vector<MediaEvent> events;
  std::uint64_t last = 0;
  for (const auto& chunk : rec.chunks) {
    ASSERT_TRUE(parser.feed(chunk, events).ok());
    auto aligned = parser.aligned_offset();
    EXPECT_GE(aligned, last);
    last = aligned;
    if (!parser.init_complete() || aligned == rec.bytes.size()) continue;
    // The byte at an aligned offset starts a SimpleBlock, Timecode or Cluster element.
    auto id = static_cast<unsigned char>(rec.bytes[aligned]);
    EXPECT_TRUE(id == 0xA3 || id == 0xE7 || id == 0x1F) << std::hex << int(id) << " at " << std::dec << aligned;
  }
}

TEST(WebmParser, TruncatedInputIsIncompleteNotAnError) {
  auto rec = testing::load_recording("vp8_only_3s");
  for (std::size_t cut : {1u, 4u, 50u, 126u, 127u, 5000u}) {
    WebmParser parser;
    std::vector<MediaEvent> events;
    EXPECT_TRUE(parser.feed(std::string_view(rec.bytes).substr(0, cut), events).ok()) << cut;
    EXPECT_LE(parser.aligned_offset(), cut);
  }
}

TEST(WebmParser, RejectsWhatIsNotWebm) {
  const std::string not_webm[] = {
      std::string("{\"type\":\"hello\"}"),
      std::string("\x00\x00\x00\x20" "ftypisom", 12),  // MP4
      std::string("\xFF\xFF\xFF\xFF\xFF\xFF", 6),
  };
  for (const auto& bytes : not_webm) {
    WebmParser parser;
    std::vector<MediaEvent> events;
    EXPECT_FALSE(parser.feed(bytes, events).ok());
    EXPECT_FALSE(parser.feed("more", events).ok()) << "stays failed";
  }
  // A Matroska (not WebM) DocType.
  auto rec = testing::load_recording("vp8_only_3s");
  std::string matroska = rec.bytes;
  auto doc = matroska.find("webm");
  matroska.replace(doc, 4, "mkvx");
  WebmParser parser;
  std::vector<MediaEvent> events;
  EXPECT_FALSE(parser.feed(matroska, events).ok());
}

// Found by fuzz/webm_parser_fuzz (fuzz/regressions/webm_parser/): a wrong DocType was reported, but
// the parser then moved on to the Segment, so the next feed succeeded and reported Clusters.
TEST(WebmParser, StaysFailedAfterAWrongDocType) {
  auto rec = testing::load_recording("vp8_only_3s");
  auto size_byte = static_cast<unsigned char>(rec.bytes[4]);
  ASSERT_TRUE(size_byte & 0x80) << "the fixture's EBML header size is one byte";
  std::string_view after_ebml_header = std::string_view(rec.bytes).substr(5 + (size_byte & 0x7F));
  WebmParser parser;
  std::vector<MediaEvent> events;
  EXPECT_FALSE(parser.feed(std::string("\x1A\x45\xDF\xA3\x80", 5), events).ok());  // no DocType
  EXPECT_FALSE(parser.feed(after_ebml_header, events).ok()) << "stays failed";
  EXPECT_TRUE(events.empty());
  EXPECT_FALSE(parser.init_complete());
}

// Found by fuzz/webm_parser_fuzz (slow runs; fuzz/regressions/webm_parser/): every parsed element
// was erased from the front of the buffer, so one feed of many small elements was quadratic. 4 MB
// of 2-byte elements took 76 s, and a publisher's message may be 8 MB.
TEST(WebmParser, AFeedOfManySmallElementsTakesLinearTime) {
  auto rec = testing::load_recording("vp8_only_3s");
  std::string bytes = rec.bytes.substr(0, kFixtures[4].init_size);  // EBML header, Segment, Tracks
  bytes.append("\x1F\x43\xB6\x75\x01\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 12);  // Cluster, unknown size
  while (bytes.size() < (4u << 20)) bytes.append("\xEC\x80", 2);          // empty Void elements
  WebmParser parser;
  std::vector<MediaEvent> events;
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(parser.feed(bytes, events).ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(parser.aligned_offset(), bytes.size());
}

TEST(WebmParser, RandomCorruptionNeverCrashesOrRunsAway) {
  auto rec = testing::load_recording("vp8_opus_restart_a");
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::string bytes = rec.bytes;
    int flips = 1 + static_cast<int>(rng() % 20);
    for (int i = 0; i < flips; ++i) bytes[rng() % bytes.size()] = static_cast<char>(rng());
    if (round % 3 == 0) bytes.resize(rng() % bytes.size());
    WebmParser parser;
    std::vector<MediaEvent> events;
    for (std::size_t i = 0; i < bytes.size(); i += 4096) {
      if (!parser.feed(std::string_view(bytes).substr(i, 4096), events).ok()) break;
    }
    EXPECT_LE(parser.aligned_offset(), bytes.size());
    EXPECT_LE(events.size(), bytes.size());
  }
}

}  // namespace
}  // namespace onair::media
