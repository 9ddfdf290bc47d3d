#include "media/relay.hpp"

#include <filesystem>
#include <mutex>

#include <gtest/gtest.h>

#include "media/ffmpeg.hpp"
#include "media/hls.hpp"
#include "media/media_parser.hpp"
#include "support/fake_scheduler.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace onair::media {
namespace {

/// A peer that records what it is sent; its backlog is whatever the test says.
class FakePeer final : public MessageSink {
 public:
  void send(SharedBytes bytes, bool binary) override {
    std::lock_guard lock(mutex);
    if (closed) return;
    if (binary) {
      media += *bytes;
      ++binary_messages;
      if (first_binary_after_init.empty() && got_init && media.size() > init_size) {
        first_binary_after_init = *bytes;
      }
      if (!got_init) {
        got_init = true;
        init_size = bytes->size();
      }
    } else {
      texts.push_back(*bytes);
      if (bytes->find(R"("type":"skip")") != std::string::npos && media_at_skip == std::string::npos) {
        media_at_skip = media.size();
      }
    }
  }
  std::size_t backlog() const override { return backlog_bytes; }
  void close(int code, std::string reason) override {
    std::lock_guard lock(mutex);
    closed = true;
    close_code = code;
    close_reason = std::move(reason);
  }
  bool saw_text(const std::string& fragment) {
    std::lock_guard lock(mutex);
    for (const auto& t : texts) {
      if (t.find(fragment) != std::string::npos) return true;
    }
    return false;
  }

  std::mutex mutex;
  std::string media;  // init + media bytes, in order
  std::vector<std::string> texts;
  std::string first_binary_after_init;
  bool got_init = false;
  std::size_t init_size = 0;
  int binary_messages = 0;
  std::size_t backlog_bytes = 0;
  std::size_t media_at_skip = std::string::npos;  // media bytes received before the first skip
  bool closed = false;
  int close_code = 0;
  std::string close_reason;
};

class RecordingListener final : public RelayListener {
 public:
  void on_first_media(const std::string& id) override { events.push_back("live:" + id); }
  void on_publisher_lost(const std::string& id) override { events.push_back("lost:" + id); }
  void on_grace_expired(const std::string& id) override { events.push_back("expired:" + id); }
  void on_viewer_left(const std::string& id, const std::string& user, const std::string& watch) override {
    events.push_back("left:" + id + ":" + user + ":" + watch);
  }
  std::vector<std::string> events;
};

std::vector<std::uint64_t> keyframe_offsets(const std::string& bytes) {
  AnyContainerParser parser;
  std::vector<MediaEvent> events;
  EXPECT_TRUE(parser.feed(bytes, events).ok());
  std::vector<std::uint64_t> out;
  for (const auto& e : events) {
    if (e.kind == MediaEvent::Kind::keyframe_fragment) out.push_back(e.offset);
  }
  return out;
}

class RelayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    start_relay();
    stream_.id = "s1";
    stream_.status = StreamStatus::created;
    rec_ = testing::load_recording("vp8_opus_05mbps_6s");
  }

  /// A relay with the current limits_ (tests change them first), reporting to listener_.
  void start_relay() {
    relay_ = std::make_unique<Relay>(limits_, scheduler_, dir_.path().string());
    relay_->set_listener(&listener_);
  }

  void publish(const std::shared_ptr<PublisherLink>& link, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to && i < rec_.chunks.size(); ++i) link->on_data(rec_.chunks[i]);
  }

  testing::TempDir dir_;
  RelayLimits limits_;
  testing::FakeScheduler scheduler_;
  RecordingListener listener_;
  std::unique_ptr<Relay> relay_;
  LiveStream stream_;
  testing::Recording rec_;
};

TEST_F(RelayTest, ViewerFromTheStartReceivesTheWholeStreamByteForByte) {
  auto viewer = std::make_shared<FakePeer>();
  auto vlink = relay_->attach_viewer(stream_, "u1", "w1", viewer);
  auto publisher = std::make_shared<FakePeer>();
  auto plink = relay_->attach_publisher(stream_, publisher);
  publish(plink, 0, rec_.chunks.size());
  EXPECT_TRUE(viewer->saw_text(R"("type":"init")"));
  EXPECT_TRUE(viewer->saw_text(R"(codecs=\"vp8,opus\")"));
  EXPECT_EQ(viewer->init_size, 189u);
  EXPECT_EQ(viewer->media, rec_.bytes) << "forwarded bytes must be the published bytes, in order";
  ASSERT_EQ(listener_.events.size(), 1u);
  EXPECT_EQ(listener_.events[0], "live:s1");
}

TEST_F(RelayTest, LateJoinerStartsAtTheNewestKeyframeCluster) {
  auto publisher = std::make_shared<FakePeer>();
  auto plink = relay_->attach_publisher(stream_, publisher);
  publish(plink, 0, 25);
  auto late = std::make_shared<FakePeer>();
  relay_->attach_viewer(stream_, "u2", "w2", late);
  publish(plink, 25, rec_.chunks.size());
  auto keyframes = keyframe_offsets(rec_.bytes);
  ASSERT_GE(keyframes.size(), 3u);
  ASSERT_GT(late->media.size(), 189u);
  // init, then the bytes from one keyframe Cluster to the end of the stream, unbroken.
  EXPECT_EQ(late->media.substr(0, 189), rec_.bytes.substr(0, 189));
  auto media = late->media.substr(189);
  auto start = rec_.bytes.size() - media.size();
  EXPECT_NE(std::find(keyframes.begin(), keyframes.end(), start), keyframes.end()) << start;
  EXPECT_EQ(media, rec_.bytes.substr(start));
  EXPECT_GT(start, keyframes[0]) << "should not replay from the very first keyframe";
}

TEST_F(RelayTest, ALateJoinerOfVp8WithAlphaGetsPictures) {
  rec_ = testing::load_recording("vp8a_canvas_opus");
  auto plink = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  publish(plink, 0, rec_.chunks.size() / 2);
  auto late = std::make_shared<FakePeer>();
  relay_->attach_viewer(stream_, "u2", "w2", late);
  publish(plink, rec_.chunks.size() / 2, rec_.chunks.size());
  ASSERT_TRUE(late->got_init);
  auto media = late->media.substr(late->init_size);
  ASSERT_GT(media.size(), 1000u) << "a join point was found";
  // From a keyframe Cluster on, byte for byte (the recording's last element never completes).
  auto start = rec_.bytes.find(media.substr(0, 256));
  auto keyframes = keyframe_offsets(rec_.bytes);
  EXPECT_NE(std::find(keyframes.begin(), keyframes.end(), start), keyframes.end()) << start;
  EXPECT_TRUE(media == rec_.bytes.substr(start, media.size()));
}

TEST_F(RelayTest, SlowViewerSkipsToTheNextKeyframeWhileFastViewersGetEverything) {
  auto fast = std::make_shared<FakePeer>();
  auto slow = std::make_shared<FakePeer>();
  relay_->attach_viewer(stream_, "fast", "wf", fast);
  relay_->attach_viewer(stream_, "slow", "ws", slow);
  auto plink = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  publish(plink, 0, 12);
  slow->backlog_bytes = limits_.viewer_backlog_bytes + 1;  // its socket stops draining
  publish(plink, 12, 14);
  slow->backlog_bytes = 0;  // and recovers
  publish(plink, 14, rec_.chunks.size());
  EXPECT_EQ(fast->media, rec_.bytes);
  ASSERT_TRUE(slow->saw_text(R"({"type":"skip"})"));
  EXPECT_FALSE(slow->closed);
  // Before the skip: the stream from its start, unbroken. After it: exactly the stream from one
  // later keyframe Cluster to the end — nothing spliced, nothing repeated.
  auto before = slow->media_at_skip;
  ASSERT_NE(before, std::string::npos);
  EXPECT_EQ(slow->media.substr(0, before), rec_.bytes.substr(0, before));
  auto after = slow->media.substr(before);
  ASSERT_FALSE(after.empty());
  auto resumed_at = rec_.bytes.size() - after.size();
  auto keyframes = keyframe_offsets(rec_.bytes);
  EXPECT_NE(std::find(keyframes.begin(), keyframes.end(), resumed_at), keyframes.end()) << resumed_at;
  EXPECT_GT(resumed_at, before) << "the skipped bytes are not sent";
  EXPECT_EQ(after, rec_.bytes.substr(resumed_at));
}

TEST_F(RelayTest, ViewerThatNeverCatchesUpIsDisconnected) {
  auto hopeless = std::make_shared<FakePeer>();
  relay_->attach_viewer(stream_, "h", "wh", hopeless);
  auto plink = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  publish(plink, 0, 2);
  hopeless->backlog_bytes = limits_.viewer_backlog_bytes * 10;
  publish(plink, 2, rec_.chunks.size());
  EXPECT_TRUE(hopeless->closed);
  EXPECT_EQ(hopeless->close_code, 1008);
}

TEST_F(RelayTest, AHopelessViewerStopsCountingAtOnceAndIsDroppedOnce) {
  auto hopeless = std::make_shared<FakePeer>();
  relay_->attach_viewer(stream_, "h", "wh", hopeless);
  auto plink = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  publish(plink, 0, 2);
  hopeless->backlog_bytes = limits_.viewer_backlog_bytes * 10;  // and its client never reads
  publish(plink, 2, rec_.chunks.size());
  ASSERT_TRUE(hopeless->closed);
  // Closed by the relay: out of the list and the limit now, whether or not the socket ever
  // finishes closing; counted once.
  EXPECT_EQ(relay_->viewer_sockets("s1"), 0);
  EXPECT_EQ(relay_->counters().viewers_dropped.load(), 1u);
  EXPECT_EQ(std::count(listener_.events.begin(), listener_.events.end(), "left:s1:h:wh"), 1);
}

TEST_F(RelayTest, AWatchingSessionHasOneSocketAndAReconnectReplacesIt) {
  auto first = std::make_shared<FakePeer>();
  auto second = std::make_shared<FakePeer>();
  relay_->attach_viewer(stream_, "u", "w1", first);
  relay_->attach_viewer(stream_, "u", "w1", second);
  EXPECT_TRUE(first->closed);
  EXPECT_EQ(first->close_code, 4001);
  EXPECT_FALSE(second->closed);
  EXPECT_EQ(relay_->viewer_sockets("s1"), 1);
  EXPECT_TRUE(listener_.events.empty()) << "the session goes on: nobody left";
  relay_->attach_viewer(stream_, "u", "w2", std::make_shared<FakePeer>());  // another tab, another session
  EXPECT_EQ(relay_->viewer_sockets("s1"), 2);
}

TEST_F(RelayTest, EndingAWatchingSessionClosesItsSocket) {
  auto viewer = std::make_shared<FakePeer>();
  relay_->attach_viewer(stream_, "u", "w1", viewer);
  relay_->end_watch("s1", "w1");
  EXPECT_TRUE(viewer->closed);
  EXPECT_EQ(relay_->viewer_sockets("s1"), 0);
}

/// The EBML header and an unknown-size Segment header of the fixture: a publisher's first bytes.
std::string header_and_segment(const std::string& webm) {
  auto vint_length = [](unsigned char first) {
    int n = 1;
    while (n <= 8 && !(first & (0x80 >> (n - 1)))) ++n;
    return n;
  };
  auto size_length = static_cast<std::size_t>(vint_length(static_cast<unsigned char>(webm[4])));
  std::uint64_t size = static_cast<unsigned char>(webm[4]) & (0xFF >> size_length);
  for (std::size_t i = 1; i < size_length; ++i) size = (size << 8) | static_cast<unsigned char>(webm[4 + i]);
  return webm.substr(0, 4 + size_length + size) + std::string("\x18\x53\x80\x67\x01\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 12);
}

/// A Void element of 16,368 bytes.
std::string void_element() { return std::string("\xEC\x7F\xF0", 3) + std::string(0x3FF0, '\0'); }

TEST_F(RelayTest, APublisherThatNeverCompletesItsHeaderIsRefusedInBoundedMemory) {
  limits_.max_init_bytes = 64 * 1024;
  start_relay();
  auto publisher = std::make_shared<FakePeer>();
  auto plink = relay_->attach_publisher(stream_, publisher);
  plink->on_data(header_and_segment(rec_.bytes));
  int sent = 0;
  while (!publisher->closed && sent < 100) {
    plink->on_data(void_element());
    ++sent;
  }
  EXPECT_TRUE(publisher->closed) << "still holding " << sent * 0x3FF3 << " bytes";
  EXPECT_LE(sent * 0x3FF3, static_cast<int>(limits_.max_init_bytes) + 0x3FF3);
  EXPECT_EQ(publisher->close_code, 1003);
  EXPECT_TRUE(publisher->saw_text("invalid_media"));
}

TEST_F(RelayTest, AnElementThatNeverCompletesIsRefusedAndTheStreamIsInterruptedAtOnce) {
  limits_.max_pending_bytes = 256 * 1024;
  start_relay();
  auto publisher = std::make_shared<FakePeer>();
  auto plink = relay_->attach_publisher(stream_, publisher);
  publish(plink, 0, 20);
  ASSERT_EQ(listener_.events, (std::vector<std::string>{"live:s1"}));
  // A Void element of 8 MiB inside the Cluster, arriving slowly: held until it completes.
  plink->on_data(std::string("\xEC\x10\x80\x00\x00", 5));
  int sent = 0;
  while (!publisher->closed && sent < 1000) {
    plink->on_data(std::string(16 * 1024, '\0'));
    ++sent;
  }
  EXPECT_TRUE(publisher->closed);
  EXPECT_LE(sent * 16 * 1024, static_cast<int>(limits_.max_pending_bytes) + 16 * 1024) << "refused only at the end";
  EXPECT_TRUE(publisher->saw_text("invalid_media"));
  // Refused is gone: interrupted now and its grace running, even if its client ignores the close.
  EXPECT_EQ(listener_.events.back(), "lost:s1");
  EXPECT_EQ(scheduler_.timers.size(), 1u);
  plink->on_data(rec_.chunks[21]);  // nothing more is taken from it
  plink->on_close();
  EXPECT_EQ(std::count(listener_.events.begin(), listener_.events.end(), "lost:s1"), 1);
}

TEST_F(RelayTest, APublisherAboveTheBitrateLimitIsRefused) {
  limits_.max_bitrate = 200'000;  // 125 KB in the five-second window
  start_relay();
  auto publisher = std::make_shared<FakePeer>();
  auto viewer = std::make_shared<FakePeer>();
  relay_->attach_viewer(stream_, "v", "wv", viewer);
  auto plink = relay_->attach_publisher(stream_, publisher);
  publish(plink, 0, rec_.chunks.size());  // 370 KB at once: far above 200 kbit/s
  EXPECT_TRUE(publisher->closed);
  EXPECT_TRUE(publisher->saw_text("policy_violation"));
  EXPECT_LE(viewer->media.size(), 125'000u + 20'000u) << "nothing beyond the limit reached viewers";
  EXPECT_EQ(listener_.events.back(), "lost:s1");
}

TEST_F(RelayTest, PublisherDropStartsTheGracePeriodAndAReconnectResetsViewers) {
  auto viewer = std::make_shared<FakePeer>();
  relay_->attach_viewer(stream_, "u", "w", viewer);
  auto first = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  auto a = testing::load_recording("vp8_opus_restart_a");
  auto b = testing::load_recording("vp8_opus_restart_b");
  for (const auto& c : a.chunks) first->on_data(c);
  first->on_close();
  ASSERT_EQ(listener_.events.back(), "lost:s1");
  ASSERT_EQ(scheduler_.timers.size(), 1u);
  auto second = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  EXPECT_TRUE(scheduler_.timers[0]->cancelled) << "a reconnect cancels the grace timer";
  for (const auto& c : b.chunks) second->on_data(c);
  EXPECT_TRUE(viewer->saw_text(R"("type":"reset")"));
  EXPECT_EQ(viewer->media, a.bytes + b.bytes);
  scheduler_.fire_all();
  EXPECT_EQ(listener_.events.back(), "live:s1");
}

TEST_F(RelayTest, GraceExpiryIsReportedOnce) {
  auto plink = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  publish(plink, 0, 5);
  plink->on_close();
  scheduler_.fire_all();
  EXPECT_EQ(listener_.events.back(), "expired:s1");
  scheduler_.fire_all();
  EXPECT_EQ(std::count(listener_.events.begin(), listener_.events.end(), "expired:s1"), 1);
}

TEST_F(RelayTest, NonWebmInputClosesThePublisherWithAReason) {
  auto publisher = std::make_shared<FakePeer>();
  auto plink = relay_->attach_publisher(stream_, publisher);
  plink->on_data("this is not a webm stream at all");
  EXPECT_TRUE(publisher->closed);
  EXPECT_EQ(publisher->close_code, 1003);
  EXPECT_TRUE(publisher->saw_text("invalid_media"));
  EXPECT_TRUE(listener_.events.empty()) << "never went live";
}

TEST_F(RelayTest, EndedStreamTellsAndClosesEveryone) {
  auto viewer = std::make_shared<FakePeer>();
  auto vlink = relay_->attach_viewer(stream_, "u", "w", viewer);
  auto publisher = std::make_shared<FakePeer>();
  relay_->attach_publisher(stream_, publisher);
  LiveStream ended = stream_;
  ended.status = StreamStatus::ended;
  ended.end_reason = "ended_by_owner";
  relay_->stream_changed(ended);
  EXPECT_TRUE(viewer->saw_text(R"({"type":"ended","reason":"ended_by_owner","reelId":null})"));
  EXPECT_TRUE(viewer->closed);
  EXPECT_TRUE(publisher->closed);
  vlink->on_close();  // the socket closing afterwards is not a second leave
  EXPECT_TRUE(listener_.events.empty());
}

TEST_F(RelayTest, ViewerLeavingIsReportedWithItsWatchingSession) {
  auto vlink = relay_->attach_viewer(stream_, "u7", "w7", std::make_shared<FakePeer>());
  vlink->on_close();
  vlink->on_close();
  EXPECT_EQ(listener_.events, (std::vector<std::string>{"left:s1:u7:w7"}));
}

TEST_F(RelayTest, StreamLimitRefusesExtraViewers) {
  limits_.max_viewers = 1;
  start_relay();
  EXPECT_NE(relay_->attach_viewer(stream_, "a", "1", std::make_shared<FakePeer>()), nullptr);
  EXPECT_EQ(relay_->attach_viewer(stream_, "b", "2", std::make_shared<FakePeer>()), nullptr);
}

TEST_F(RelayTest, SavedRecordingIsASeekableWebmAndDiscardLeavesNothing) {
  auto plink = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  publish(plink, 0, rec_.chunks.size());
  EXPECT_EQ(relay_->close("s1", true), RecordingOutcome::saved);
  auto out = relay_->recording_path("s1");
  ASSERT_TRUE(std::filesystem::exists(out));
  EXPECT_TRUE(std::filesystem::exists(relay_->thumbnail_path("s1")));
  auto bytes = testing::read_file_bytes(out);
  EXPECT_NE(bytes.find("\x1C\x53\xBB\x6B"), std::string::npos) << "Cues";
  EXPECT_NE(bytes.find("\x44\x89"), std::string::npos) << "Duration";
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "live" / "s1")) << "raw parts removed";

  LiveStream other = stream_;
  other.id = "s2";
  auto p2 = relay_->attach_publisher(other, std::make_shared<FakePeer>());
  for (std::size_t i = 0; i < 10; ++i) p2->on_data(rec_.chunks[i]);
  EXPECT_EQ(relay_->close("s2", false), RecordingOutcome::discarded);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "live" / "s2"));
  EXPECT_FALSE(std::filesystem::exists(relay_->recording_path("s2")));
}

TEST_F(RelayTest, FailedFinaliseKeepsTheRawRecording) {
  auto plink = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  publish(plink, 0, rec_.chunks.size());
  ::setenv("ONAIR_FFMPEG", "/bin/false", 1);
  auto outcome = relay_->close("s1", true);
  ::unsetenv("ONAIR_FFMPEG");
  EXPECT_EQ(outcome, RecordingOutcome::failed);
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "live" / "s1" / "part-000.webm"));
  EXPECT_EQ(std::filesystem::file_size(dir_.path() / "live" / "s1" / "part-000.webm"), rec_.bytes.size());
}

TEST_F(RelayTest, Mp4ViewerFromTheStartReceivesTheWholeStreamByteForByte) {
  rec_ = testing::load_recording("h264_opus_6s", "mp4");
  auto viewer = std::make_shared<FakePeer>();
  relay_->attach_viewer(stream_, "u1", "w1", viewer);
  auto plink = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  publish(plink, 0, rec_.chunks.size());
  EXPECT_TRUE(viewer->saw_text(R"("mimeType":"video/mp4; codecs=\"avc1.42c01f,opus\"")"));
  EXPECT_EQ(viewer->init_size, 1221u) << "ftyp + moov";
  EXPECT_EQ(viewer->media, rec_.bytes);
  EXPECT_EQ(listener_.events, (std::vector<std::string>{"live:s1"}));
}

TEST_F(RelayTest, Mp4LateJoinerStartsAtTheNewestKeyframeFragment) {
  // ffmpeg's fixture: 250 ms fragments, a keyframe fragment every fourth.
  rec_ = testing::load_recording("h264_aac_ffmpeg_3s", "mp4");
  auto plink = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  publish(plink, 0, 8);  // init + 7 fragments: the newest keyframe is fragment 5 (the 2nd)
  auto late = std::make_shared<FakePeer>();
  relay_->attach_viewer(stream_, "u2", "w2", late);
  publish(plink, 8, rec_.chunks.size());
  auto keyframes = keyframe_offsets(rec_.bytes);
  ASSERT_EQ(keyframes.size(), 3u);
  const std::size_t init = 1252;
  EXPECT_EQ(late->media.substr(0, init), rec_.bytes.substr(0, init));
  auto media = late->media.substr(init);
  auto start = rec_.bytes.size() - media.size();
  EXPECT_EQ(start, keyframes[1]) << "from the newest keyframe fragment, not the fragments after it";
  EXPECT_EQ(media, rec_.bytes.substr(start));
}

TEST_F(RelayTest, Mp4SlowViewerSkipsToTheNextKeyframeFragment) {
  rec_ = testing::load_recording("h264_aac_ffmpeg_3s", "mp4");
  auto fast = std::make_shared<FakePeer>();
  auto slow = std::make_shared<FakePeer>();
  relay_->attach_viewer(stream_, "fast", "wf", fast);
  relay_->attach_viewer(stream_, "slow", "ws", slow);
  auto plink = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  publish(plink, 0, 3);
  slow->backlog_bytes = limits_.viewer_backlog_bytes + 1;
  publish(plink, 3, 4);
  slow->backlog_bytes = 0;
  publish(plink, 4, rec_.chunks.size());
  EXPECT_EQ(fast->media, rec_.bytes);
  ASSERT_TRUE(slow->saw_text(R"({"type":"skip"})"));
  auto before = slow->media_at_skip;
  ASSERT_NE(before, std::string::npos);
  EXPECT_EQ(slow->media.substr(0, before), rec_.bytes.substr(0, before));
  auto after = slow->media.substr(before);
  auto resumed_at = rec_.bytes.size() - after.size();
  EXPECT_EQ(resumed_at, keyframe_offsets(rec_.bytes)[1]) << "whole fragments, resumed at the next keyframe";
  EXPECT_EQ(after, rec_.bytes.substr(resumed_at));
}

TEST_F(RelayTest, SavedMp4RecordingIsASeekableMp4WithItsIndexUpFront) {
  rec_ = testing::load_recording("h264_opus_6s", "mp4");
  auto plink = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  publish(plink, 0, rec_.chunks.size());
  EXPECT_EQ(relay_->close("s1", true), RecordingOutcome::saved);
  auto out = relay_->recording_path("s1");
  EXPECT_TRUE(out.ends_with("/s1.mp4")) << out;
  ASSERT_TRUE(std::filesystem::exists(out));
  EXPECT_TRUE(std::filesystem::exists(relay_->thumbnail_path("s1")));
  auto bytes = testing::read_file_bytes(out);
  auto moov = bytes.find("moov");
  auto mdat = bytes.find("mdat");
  ASSERT_NE(moov, std::string::npos);
  EXPECT_LT(moov, mdat) << "faststart: the index before the media";
  EXPECT_EQ(bytes.find("moof"), std::string::npos) << "one seekable file, not fragments";
  auto duration = probe_duration_ms(out);
  ASSERT_TRUE(duration.ok());
  EXPECT_NEAR(static_cast<double>(*duration), 6000.0, 400.0);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "live" / "s1"));
}

TEST_F(RelayTest, APublisherThatSwitchesContainersIsRecordedAsOneVideo) {
  // WebM for 2 s, then the creator comes back from a browser that records MP4 (video only, 3 s).
  auto webm = testing::load_recording("vp8_opus_restart_a");
  auto mp4 = testing::load_recording("h264_only_3s", "mp4");
  auto viewer = std::make_shared<FakePeer>();
  relay_->attach_viewer(stream_, "u", "w", viewer);
  auto first = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  for (const auto& c : webm.chunks) first->on_data(c);
  first->on_close();
  auto second = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  for (const auto& c : mp4.chunks) second->on_data(c);
  EXPECT_TRUE(viewer->saw_text(R"("type":"reset","mimeType":"video/mp4; codecs=\"avc1.42c01f\"")"));
  EXPECT_EQ(relay_->close("s1", true), RecordingOutcome::saved);
  auto out = relay_->recording_path("s1");
  EXPECT_TRUE(out.ends_with("/s1.webm")) << out;
  auto duration = probe_duration_ms(out);
  ASSERT_TRUE(duration.ok());
  EXPECT_NEAR(static_cast<double>(*duration), 5000.0, 600.0) << "both parts, one after the other";
}

TEST_F(RelayTest, ARestartedServerKeepsTheRecordingMadeBeforeIt) {
  auto a = testing::load_recording("vp8_opus_restart_a");
  auto b = testing::load_recording("vp8_opus_restart_b");
  auto first = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  for (const auto& c : a.chunks) first->on_data(c);
  relay_.reset();  // the process stops; its recording stays on disk
  start_relay();
  auto second = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  for (const auto& c : b.chunks) second->on_data(c);
  EXPECT_EQ(relay_->close("s1", true), RecordingOutcome::saved);
  auto duration = probe_duration_ms(relay_->recording_path("s1"));
  ASSERT_TRUE(duration.ok());
  EXPECT_NEAR(static_cast<double>(*duration), 4000.0, 500.0) << "the part from before the restart is kept";
}

TEST_F(RelayTest, AnH264StreamIsAlsoServedAsHlsAndAWebmOneIsNot) {
  auto webm = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  publish(webm, 0, rec_.chunks.size());
  EXPECT_EQ(relay_->hls("s1"), nullptr) << "VP8 cannot be HLS for an iPhone";
  webm->on_close();
  rec_ = testing::load_recording("h264_opus_6s", "mp4");
  auto mp4 = relay_->attach_publisher(stream_, std::make_shared<FakePeer>());
  publish(mp4, 0, rec_.chunks.size());
  auto hls = relay_->hls("s1");
  ASSERT_NE(hls, nullptr);
  auto playlist = hls->playlist("?token=x");
  EXPECT_NE(playlist.find("#EXT-X-MAP:URI=\"init-0.mp4?token=x\""), std::string::npos) << playlist;
  EXPECT_NE(playlist.find("seg-4.m4s?token=x"), std::string::npos) << "six 1 s fragments: five whole segments";
  ASSERT_NE(hls->file("init-0.mp4"), nullptr);
  EXPECT_TRUE(*hls->file("init-0.mp4") == rec_.bytes.substr(0, 1221));
  LiveStream ended = stream_;
  ended.status = StreamStatus::ended;
  relay_->stream_changed(ended);
  EXPECT_TRUE(hls->ended());
  EXPECT_NE(hls->playlist("").find("#EXT-X-ENDLIST"), std::string::npos);
}

}  // namespace
}  // namespace onair::media
