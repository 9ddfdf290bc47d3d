#include "media/cmaf.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace onair::media {
namespace {

/// The init segment and the fragments of a recording, cut where the parser says.
struct Fragments {
  std::string init;
  std::vector<std::string> fragments;
  std::vector<bool> keyframes;
  std::vector<Mp4Track> tracks;
};

Fragments fragments_of(const std::string& bytes) {
  Mp4Parser parser;
  std::vector<MediaEvent> events;
  EXPECT_TRUE(parser.feed(bytes, events).ok());
  Fragments out;
  out.tracks = parser.tracks();
  std::vector<std::uint64_t> starts;
  for (const auto& e : events) {
    if (e.kind == MediaEvent::Kind::init_complete) out.init = bytes.substr(0, e.offset);
    if (e.kind == MediaEvent::Kind::fragment_start) starts.push_back(e.offset);
    if (e.kind == MediaEvent::Kind::keyframe_fragment) out.keyframes.back() = true;
    if (e.kind == MediaEvent::Kind::fragment_start) out.keyframes.push_back(false);
  }
  for (std::size_t i = 0; i < starts.size(); ++i) {
    auto end = i + 1 < starts.size() ? starts[i + 1] : bytes.size();
    out.fragments.push_back(bytes.substr(starts[i], end - starts[i]));
  }
  return out;
}

/// Video frames ffmpeg decodes from `file` (and whether it decoded without an error).
int decoded_frames(const std::filesystem::path& file, const testing::TempDir& dir) {
  auto out = dir.path() / "frames.txt";
  std::string command = "/usr/bin/ffprobe -v error -count_frames -select_streams v:0 -show_entries "
                        "stream=nb_read_frames -of csv=p=0 " + file.string() + " > " + out.string();
  if (std::system(command.c_str()) != 0) return -1;
  return std::atoi(testing::read_file_bytes(out.string()).c_str());
}

TEST(CmafParts, CutFragmentsIntoPartsOfAtMostHalfASecondThatDecodeToTheSameFrames) {
  for (const char* name : {"h264_opus_6s", "h264_aac_ffmpeg_3s"}) {
    SCOPED_TRACE(name);
    testing::TempDir dir;
    auto recording = testing::load_recording(name, "mp4");
    auto source = fragments_of(recording.bytes);
    ASSERT_FALSE(source.fragments.empty());
    std::string rebuilt = source.init;
    std::uint32_t sequence = 1;
    double total = 0;
    std::size_t parts_count = 0;
    for (std::size_t f = 0; f < source.fragments.size(); ++f) {
      auto parts = split_fragment(source.fragments[f], source.tracks, 0.5, sequence);
      ASSERT_TRUE(parts.ok()) << parts.error().message;
      ASSERT_FALSE(parts->empty());
      EXPECT_EQ(parts->front().independent, source.keyframes[f]) << "fragment " << f;
      for (std::size_t p = 0; p < parts->size(); ++p) {
        const auto& part = (*parts)[p];
        EXPECT_LE(part.duration, 0.5 + 1e-9);
        EXPECT_GT(part.duration, 0.0);
        if (p > 0) {
          EXPECT_FALSE(part.independent) << "only a keyframe starts a part a player may start at";
        }
        total += part.duration;
        rebuilt += part.bytes;
      }
      sequence += static_cast<std::uint32_t>(parts->size());
      parts_count += parts->size();
    }
    // Chromium's fragments last a second: they are cut; ffmpeg's last 250 ms: they stay whole.
    if (std::string(name) == "h264_opus_6s") EXPECT_GE(parts_count, 2 * source.fragments.size());
    else EXPECT_EQ(parts_count, source.fragments.size());
    // Our own parser reads the result as the same stream: same duration, keyframes where they were.
    Mp4Parser reparsed;
    std::vector<MediaEvent> events;
    ASSERT_TRUE(reparsed.feed(rebuilt, events).ok());
    std::int64_t duration = 0;
    for (const auto& e : events) {
      if (e.kind == MediaEvent::Kind::fragment_start) duration += e.duration;
    }
    Mp4Parser original;
    std::vector<MediaEvent> original_events;
    ASSERT_TRUE(original.feed(recording.bytes, original_events).ok());
    EXPECT_EQ(reparsed.mime_type(), original.mime_type());
    std::int64_t original_duration = 0;
    for (const auto& e : original_events) {
      if (e.kind == MediaEvent::Kind::fragment_start) original_duration += e.duration;
    }
    EXPECT_NEAR(static_cast<double>(duration), static_cast<double>(original_duration), 5.0 * parts_count);
    EXPECT_NEAR(total * 1000.0, static_cast<double>(original_duration), 50.0);
    // ffmpeg decodes every frame of the original from the parts.
    auto before = dir.path() / "original.mp4";
    auto after = dir.path() / "parts.mp4";
    {
      std::ofstream(before, std::ios::binary) << recording.bytes;
      std::ofstream(after, std::ios::binary) << rebuilt;
    }
    auto frames = decoded_frames(before, dir);
    EXPECT_GT(frames, 0);
    EXPECT_EQ(decoded_frames(after, dir), frames);
  }
}

TEST(CmafParts, RefusesWhatItCannotRead) {
  auto recording = testing::load_recording("h264_opus_6s", "mp4");
  auto source = fragments_of(recording.bytes);
  const auto& fragment = source.fragments.front();
  EXPECT_FALSE(split_fragment("not a fragment", source.tracks, 0.5, 1).ok());
  EXPECT_FALSE(split_fragment(fragment.substr(0, fragment.size() - 1000), source.tracks, 0.5, 1).ok())
      << "a truncated mdat";
  EXPECT_FALSE(split_fragment(fragment, {}, 0.5, 1).ok()) << "tracks the init segment does not describe";
}

}  // namespace
}  // namespace onair::media
