#include "media/hls.hpp"

#include <gtest/gtest.h>

#include "support/fixtures.hpp"

namespace onair::media {
namespace {

/// Feeds a recording's init segment and fragments (as the relay cuts them) to an HlsStream.
class HlsTest : public ::testing::Test {
 protected:
  void SetUp() override { load("h264_opus_6s"); }

  void load(const std::string& name) {
    auto recording = testing::load_recording(name, "mp4");
    Mp4Parser parser;
    std::vector<MediaEvent> events;
    ASSERT_TRUE(parser.feed(recording.bytes, events).ok());
    tracks_ = parser.tracks();
    std::vector<std::uint64_t> starts;
    for (const auto& e : events) {
      if (e.kind == MediaEvent::Kind::init_complete) init_ = recording.bytes.substr(0, e.offset);
      if (e.kind == MediaEvent::Kind::fragment_start) starts.push_back(e.offset);
    }
    fragments_.clear();
    for (std::size_t i = 0; i < starts.size(); ++i) {
      auto end = i + 1 < starts.size() ? starts[i + 1] : recording.bytes.size();
      fragments_.push_back(recording.bytes.substr(starts[i], end - starts[i]));
    }
  }

  void start() { hls_.start(std::make_shared<const std::string>(init_), tracks_); }

  /// The number in the playlist's preload hint: the part being made next.
  static std::string hinted(const std::string& text) {
    auto at = text.find("PRELOAD-HINT:TYPE=PART,URI=\"");
    if (at == std::string::npos) return {};
    at = text.find('"', at) + 1;
    auto end = text.find_first_of("?\"", at);
    return text.substr(at, end - at);
  }

  static std::size_t count(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }

  HlsStream hls_;
  std::string init_;
  std::vector<Mp4Track> tracks_;
  std::vector<std::string> fragments_;
};

TEST_F(HlsTest, APlaylistOfSegmentsAndHalfSecondPartsWithAPreloadHint) {
  EXPECT_EQ(hls_.playlist("?token=t"), "") << "nothing before the first part";
  start();
  for (std::size_t i = 0; i < 3; ++i) hls_.add_fragment(fragments_[i]);
  auto text = hls_.playlist("?token=t");
  EXPECT_TRUE(text.starts_with("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:2\n")) << text;
  EXPECT_NE(text.find("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.500\n"), std::string::npos);
  EXPECT_NE(text.find("#EXT-X-PART-INF:PART-TARGET=0.500\n"), std::string::npos);
  EXPECT_NE(text.find("#EXT-X-MEDIA-SEQUENCE:0\n"), std::string::npos);
  EXPECT_NE(text.find("#EXT-X-MAP:URI=\"init-0.mp4?token=t\"\n"), std::string::npos);
  // Three 1 s fragments (each a keyframe): two whole segments and the third being made, in parts.
  EXPECT_EQ(count(text, "#EXTINF:"), 2u) << text;
  EXPECT_NE(text.find("seg-0.m4s?token=t\n"), std::string::npos);
  EXPECT_NE(text.find("seg-1.m4s?token=t\n"), std::string::npos);
  EXPECT_GE(count(text, "#EXT-X-PART:"), 6u);
  EXPECT_EQ(count(text, "INDEPENDENT=YES"), 3u) << "one keyframe part per segment";
  EXPECT_NE(text.find("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-"), std::string::npos);
  EXPECT_EQ(text.find("#EXT-X-ENDLIST"), std::string::npos);
  // Every listed file is served, and the segment is its parts.
  EXPECT_TRUE(*hls_.file("init-0.mp4") == init_);
  auto seg0 = hls_.file("seg-0.m4s");
  ASSERT_NE(seg0, nullptr);
  // A fragment of about 1.05 s: three parts of about 0.35 s.
  EXPECT_NE(text.find(",URI=\"part-2.m4s?token=t\"\n#EXTINF:1.0"), std::string::npos) << text;
  EXPECT_TRUE(*seg0 == *hls_.file("part-0.m4s") + *hls_.file("part-1.m4s") + *hls_.file("part-2.m4s"));
  EXPECT_EQ(hls_.file("seg-2.m4s"), nullptr) << "still being made";
  EXPECT_EQ(hls_.file("part-99.m4s"), nullptr);
  EXPECT_EQ(hls_.file("../etc/passwd"), nullptr);
}

TEST_F(HlsTest, BlockedRequestsWakeWhenWhatTheyWaitForArrives) {
  start();
  hls_.add_fragment(fragments_[0]);
  auto next_part = hinted(hls_.playlist(""));
  EXPECT_EQ(next_part, "part-3.m4s") << "fragment 0 made parts 0, 1 and 2";
  EXPECT_EQ(hls_.readiness({{}, {}, "part-2.m4s"}), HlsStream::Readiness::ready);
  EXPECT_EQ(hls_.readiness({{}, {}, next_part}), HlsStream::Readiness::later);
  EXPECT_EQ(hls_.readiness({{}, {}, "part-50.m4s"}), HlsStream::Readiness::never);
  EXPECT_EQ(hls_.readiness({1, 0, ""}), HlsStream::Readiness::later);
  EXPECT_EQ(hls_.readiness({9, {}, ""}), HlsStream::Readiness::never) << "too far ahead: 400";
  int woken_part = 0;
  int woken_playlist = 0;
  hls_.when_ready({{}, {}, next_part}, [&] { ++woken_part; });
  hls_.when_ready({1, 0, ""}, [&] { ++woken_playlist; });
  EXPECT_EQ(woken_part + woken_playlist, 0);
  hls_.add_fragment(fragments_[1]);
  EXPECT_EQ(woken_part, 1);
  EXPECT_EQ(woken_playlist, 1);
  EXPECT_NE(hls_.file(next_part), nullptr);
  // The end answers whoever still waits, and the playlist says it is over.
  int woken_end = 0;
  hls_.when_ready({5, {}, ""}, [&] { ++woken_end; });
  hls_.end();
  EXPECT_EQ(woken_end, 1);
  auto text = hls_.playlist("");
  EXPECT_TRUE(text.ends_with("#EXT-X-ENDLIST\n")) << text;
  EXPECT_EQ(text.find("PRELOAD-HINT"), std::string::npos);
  EXPECT_EQ(count(text, "#EXTINF:"), 2u);
}

TEST_F(HlsTest, OldSegmentsLeaveAndARestartIsADiscontinuity) {
  HlsStream small({0.5, 1.0, 2, 16});
  small.start(std::make_shared<const std::string>(init_), tracks_);
  for (const auto& f : fragments_) small.add_fragment(f);
  auto text = small.playlist("");
  EXPECT_EQ(count(text, "#EXTINF:"), 2u) << "only the newest two whole segments";
  EXPECT_NE(text.find("#EXT-X-MEDIA-SEQUENCE:3\n"), std::string::npos) << text;
  EXPECT_EQ(small.file("seg-0.m4s"), nullptr);
  // The publisher comes back: a new init, a discontinuity.
  small.start(std::make_shared<const std::string>(init_), tracks_);
  small.add_fragment(fragments_[0]);
  text = small.playlist("");
  EXPECT_NE(text.find("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-1.mp4\"\n"), std::string::npos) << text;
  EXPECT_NE(small.file("init-1.mp4"), nullptr);
}

TEST_F(HlsTest, FfmpegsShortFragmentsMakeOneSecondSegments) {
  load("h264_aac_ffmpeg_3s");
  start();
  for (const auto& f : fragments_) hls_.add_fragment(f);
  hls_.end();
  auto text = hls_.playlist("");
  EXPECT_EQ(count(text, "#EXTINF:"), 3u) << text;
  EXPECT_EQ(count(text, "#EXT-X-PART:"), 12u) << "250 ms fragments are parts as they are";
}

}  // namespace
}  // namespace onair::media
