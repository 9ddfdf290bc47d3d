#include <atomic>
#include <filesystem>
#include <future>
#include <thread>

#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

class RelayApi : public ApiTest {
 protected:
  std::map<std::string, std::string> server_env() override { return {{"ONAIR_RELAY_GRACE_SECONDS", "2"}}; }

  void SetUp() override {
    ApiTest::SetUp();
    creator_ = signup("creator");
    viewer_ = signup("viewer");
    auto created = creator_.http->post_json(
        "/api/live-streams", json::object{{"title", "Relay"}, {"sensitivity", "none"}, {"gating", "public"}});
    ASSERT_EQ(created.status, 201);
    stream_id_ = std::string(created.json.at("stream").at("id").as_string());
    publish_path_ = path_of(created.json.at("publish"));
    rec_ = load_recording("vp8_opus_05mbps_6s");
  }

  std::string watch_path() {
    auto joined = viewer_.http->post("/api/live-streams/" + stream_id_ + "/join", "");
    EXPECT_EQ(joined.status, 200) << joined.body;
    return path_of(joined.json.at("watch"));
  }

  json::value stream() { return viewer_.http->get("/api/live-streams/" + stream_id_).json.at("stream"); }

  bool wait_for_status(const std::string& status, std::chrono::seconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (stream().at("status").as_string() == status) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  ApiUser creator_, viewer_;
  std::string stream_id_, publish_path_;
  Recording rec_;
};

TEST_F(RelayApi, PublisherGoesLiveAndAViewerReceivesTheStream) {
  WsClient watcher(server_->port(), watch_path());
  WsClient publisher(server_->port(), publish_path_);
  for (const auto& chunk : rec_.chunks) publisher.send_binary(chunk);
  ASSERT_TRUE(wait_for_status("live"));
  auto live = stream();
  EXPECT_FALSE(live.at("startedAt").is_null());
  EXPECT_EQ(live.at("recording").as_string(), "recording");
  EXPECT_EQ(live.at("viewerCount").as_int64(), 1);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (watcher.media().size() < rec_.bytes.size() && std::chrono::steady_clock::now() < deadline) {
    if (!watcher.read(std::chrono::seconds(2))) break;
  }
  EXPECT_NE(watcher.texts().find(R"("type":"init")"), std::string::npos) << watcher.texts();
  EXPECT_EQ(watcher.media(), rec_.bytes);
  auto listed = viewer_.http->get("/api/live-streams");
  ASSERT_EQ(listed.json.at("items").as_array().size(), 1u);
}

TEST_F(RelayApi, ViewerSocketClosingEndsItsWatchingSession) {
  {
    WsClient watcher(server_->port(), watch_path());
    ASSERT_TRUE(watcher.read().has_value());
    EXPECT_EQ(stream().at("viewerCount").as_int64(), 1);
    watcher.close();
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (stream().at("viewerCount").as_int64() != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(stream().at("viewerCount").as_int64(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM live_stream_participants WHERE left_at IS NULL"), 0);
}

TEST_F(RelayApi, TokensAreCheckedAtTheUpgrade) {
  auto watch = watch_path();
  EXPECT_EQ(ws_refusal_status(server_->port(), "/live/" + stream_id_ + "/publish"), 401);
  EXPECT_EQ(ws_refusal_status(server_->port(), "/live/" + stream_id_ + "/publish?token=forged.token"), 401);
  // A watch token cannot publish.
  auto watch_token = watch.substr(watch.find("?token="));
  EXPECT_EQ(ws_refusal_status(server_->port(), "/live/" + stream_id_ + "/publish" + watch_token), 403);
  EXPECT_EQ(ws_refusal_status(server_->port(), "/live/otherstream/watch" + watch_token), 403);
  EXPECT_EQ(ws_refusal_status(server_->port(), "/live/" + stream_id_ + "/nothing" + watch_token), 404);
  ASSERT_EQ(creator_.http->post("/api/live-streams/" + stream_id_ + "/end", R"({"saveRecording":false})").status, 200);
  EXPECT_EQ(ws_refusal_status(server_->port(), watch), 409);
  EXPECT_EQ(ws_refusal_status(server_->port(), publish_path_), 409);
}

TEST_F(RelayApi, PublisherDropInterruptsAndReconnectResumes) {
  WsClient watcher(server_->port(), watch_path());
  auto a = load_recording("vp8_opus_restart_a");
  auto b = load_recording("vp8_opus_restart_b");
  {
    WsClient publisher(server_->port(), publish_path_);
    for (const auto& c : a.chunks) publisher.send_binary(c);
    ASSERT_TRUE(wait_for_status("live"));
    publisher.close();
  }
  ASSERT_TRUE(wait_for_status("interrupted"));
  EXPECT_TRUE(watcher.read_until_text(R"("status":"interrupted")"));
  WsClient again(server_->port(), publish_path_);  // the same publish token works again
  for (const auto& c : b.chunks) again.send_binary(c);
  ASSERT_TRUE(wait_for_status("live"));
  EXPECT_TRUE(watcher.read_until_text(R"("type":"reset")")) << watcher.texts();
  std::this_thread::sleep_for(std::chrono::seconds(3));  // past the grace period: still live
  EXPECT_EQ(stream().at("status").as_string(), "live");
}

TEST_F(RelayApi, GraceExpiryEndsTheStreamAsBroadcasterLost) {
  WsClient watcher(server_->port(), watch_path());
  {
    WsClient publisher(server_->port(), publish_path_);
    for (std::size_t i = 0; i < 10; ++i) publisher.send_binary(rec_.chunks[i]);
    ASSERT_TRUE(wait_for_status("live"));
    publisher.close();
  }
  ASSERT_TRUE(wait_for_status("ended", std::chrono::seconds(10)));
  auto s = stream();
  EXPECT_EQ(s.at("endReason").as_string(), "broadcaster_lost");
  // The recording is finalised after the end is announced; what was recorded is kept.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (s.at("recording").as_string() == "recording" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    s = stream();
  }
  EXPECT_EQ(s.at("recording").as_string(), "saved");
  EXPECT_TRUE(watcher.read_until_text(R"("type":"ended")")) << watcher.texts();
}

TEST_F(RelayApi, EndWithSaveKeepsASeekableRecordingAndDiscardDeletesIt) {
  {
    WsClient publisher(server_->port(), publish_path_);
    for (const auto& chunk : rec_.chunks) publisher.send_binary(chunk);
    ASSERT_TRUE(wait_for_status("live"));
    ASSERT_TRUE(wait_for_file_size(recording_part(server_->data_dir(), stream_id_), rec_.bytes.size()));
    auto ended = creator_.http->post("/api/live-streams/" + stream_id_ + "/end", R"({"saveRecording":true})");
    ASSERT_EQ(ended.status, 200) << ended.body;
    EXPECT_EQ(ended.json.at("stream").at("recording").as_string(), "saved");
  }
  auto file = server_->data().path() / "media" / "recordings" / (stream_id_ + ".webm");
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_TRUE(std::filesystem::exists(server_->data().path() / "media" / "recordings" / (stream_id_ + ".jpg")));
  std::string probe = "/usr/bin/ffprobe -v error -show_entries format=duration -of csv=p=0 " + file.string() + " > " +
                      server_->data().file("probe.txt");
  ASSERT_EQ(std::system(probe.c_str()), 0);
  double duration = std::stod(read_file_bytes(server_->data().file("probe.txt")));
  EXPECT_NEAR(duration, 5.95, 0.3);
  std::string seek = "/usr/bin/ffmpeg -v error -ss 4 -i " + file.string() + " -frames:v 1 -f null - ";
  EXPECT_EQ(std::system(seek.c_str()), 0);
  // Deleting the reel leaves the stream without one (never a reelId that answers 404).
  auto saved = creator_.http->get("/api/live-streams/" + stream_id_).json.at("stream");
  ASSERT_TRUE(saved.at("reelId").is_string());
  std::string reel_id(saved.at("reelId").as_string());
  EXPECT_EQ(creator_.http->request("DELETE", "/api/reels/" + reel_id).status, 204);
  auto after = creator_.http->get("/api/live-streams/" + stream_id_).json.at("stream");
  EXPECT_TRUE(after.at("reelId").is_null()) << json::serialize(after);
  EXPECT_EQ(after.at("recording").as_string(), "discarded");

  // A second stream, discarded.
  auto created = creator_.http->post_json(
      "/api/live-streams", json::object{{"title", "Gone"}, {"sensitivity", "none"}, {"gating", "public"}});
  std::string id(created.json.at("stream").at("id").as_string());
  {
    WsClient publisher(server_->port(), path_of(created.json.at("publish")));
    for (std::size_t i = 0; i < 20; ++i) publisher.send_binary(rec_.chunks[i]);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (creator_.http->get("/api/live-streams/" + id).json.at("stream").at("status").as_string() != "live" &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  auto discarded = creator_.http->post("/api/live-streams/" + id + "/end", R"({"saveRecording":false})");
  EXPECT_EQ(discarded.json.at("stream").at("recording").as_string(), "discarded");
  EXPECT_FALSE(std::filesystem::exists(server_->data().path() / "media" / "live" / id));
  EXPECT_FALSE(std::filesystem::exists(server_->data().path() / "media" / "recordings" / (id + ".webm")));
}

TEST_F(RelayApi, AnMp4PublisherIsWatchedAndSavedAsASeekableMp4Reel) {
  auto mp4 = load_recording("h264_opus_6s", "mp4");
  {
    WsClient watcher(server_->port(), watch_path());
    WsClient publisher(server_->port(), publish_path_);
    for (const auto& chunk : mp4.chunks) publisher.send_binary(chunk);
    ASSERT_TRUE(wait_for_status("live"));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (watcher.media().size() < mp4.bytes.size() && std::chrono::steady_clock::now() < deadline) {
      if (!watcher.read(std::chrono::seconds(2))) break;
    }
    EXPECT_NE(watcher.texts().find(R"("mimeType":"video/mp4; codecs=\"avc1.42c01f,opus\"")"), std::string::npos)
        << watcher.texts();
    EXPECT_EQ(watcher.media(), mp4.bytes);
    ASSERT_TRUE(wait_for_file_size(recording_part(server_->data_dir(), stream_id_, "mp4"), mp4.bytes.size()));
  }
  // The publisher has gone: wait until the stream says so, then end it (see the session note on
  // an end racing the publisher's drop on PostgreSQL).
  ASSERT_TRUE(wait_for_status("interrupted"));
  auto ended = creator_.http->post("/api/live-streams/" + stream_id_ + "/end", R"({"saveRecording":true})");
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json.at("stream").at("recording").as_string(), "saved");
  auto file = server_->data().path() / "media" / "recordings" / (stream_id_ + ".mp4");
  ASSERT_TRUE(std::filesystem::exists(file));
  std::string seek = "/usr/bin/ffmpeg -v error -ss 4 -i " + file.string() + " -frames:v 1 -f null - ";
  EXPECT_EQ(std::system(seek.c_str()), 0);
  // The reel is served as what it is.
  std::string reel_id(ended.json.at("stream").at("reelId").as_string());
  auto reel = viewer_.http->get("/api/reels/" + reel_id);
  ASSERT_EQ(reel.status, 200) << reel.body;
  EXPECT_NEAR(static_cast<double>(reel.json.at("reel").at("durationMs").as_int64()), 6000.0, 400.0);
  auto media = viewer_.http->get("/media/reels/" + reel_id);
  EXPECT_EQ(media.status, 200);
  EXPECT_EQ(media.header("content-type"), "video/mp4");
  EXPECT_EQ(media.body.substr(4, 4), "ftyp");
}

/// The path and query of an absolute URL.
std::string path_and_query(const std::string& url) { return url.substr(url.find('/', url.find("//") + 2)); }

TEST_F(RelayApi, AnH264StreamIsServedAsLowLatencyHlsWithBlockingReloads) {
  auto mp4 = load_recording("h264_opus_6s", "mp4");  // chunks: ftyp, moov, two fragments, then one each
  WsClient publisher(server_->port(), publish_path_);
  for (std::size_t i = 0; i < 3; ++i) publisher.send_binary(mp4.chunks[i]);
  ASSERT_TRUE(wait_for_status("live"));
  auto joined = viewer_.http->post("/api/live-streams/" + stream_id_ + "/join", "");
  ASSERT_EQ(joined.status, 200) << joined.body;
  ASSERT_TRUE(joined.json.at("watch").as_object().contains("hlsUrl")) << joined.body;
  auto playlist_path = path_and_query(std::string(joined.json.at("watch").at("hlsUrl").as_string()));
  EXPECT_NE(playlist_path.find("/live/" + stream_id_ + "/hls/playlist.m3u8?token="), std::string::npos);
  auto token = playlist_path.substr(playlist_path.find("?token="));
  auto base = "/live/" + stream_id_ + "/hls/";

  auto playlist = viewer_.http->get(playlist_path);
  ASSERT_EQ(playlist.status, 200) << playlist.body;
  EXPECT_EQ(playlist.header("content-type"), "application/vnd.apple.mpegurl");
  EXPECT_EQ(playlist.header("cache-control"), "no-cache");
  EXPECT_NE(playlist.body.find("#EXT-X-MAP:URI=\"init-0.mp4" + token + "\""), std::string::npos) << playlist.body;
  EXPECT_NE(playlist.body.find("seg-0.m4s" + token), std::string::npos) << "the first segment is whole";
  EXPECT_EQ(playlist.body.find("seg-1.m4s"), std::string::npos) << "the second is still being made";
  auto init = viewer_.http->get(base + "init-0.mp4" + token);
  ASSERT_EQ(init.status, 200);
  EXPECT_EQ(init.header("content-type"), "video/mp4");
  EXPECT_EQ(init.body, mp4.bytes.substr(0, 1221));
  auto segment = viewer_.http->get(base + "seg-0.m4s" + token);
  ASSERT_EQ(segment.status, 200);
  EXPECT_EQ(segment.body.substr(4, 4), "moof");
  EXPECT_EQ(viewer_.http->get(base + "part-0.m4s" + token).body.substr(4, 4), "moof");

  // Blocking reloads wait for segment 1 without holding a worker: eight of them (more than the
  // server's worker threads) wait while other requests are answered at once.
  std::vector<std::future<HttpResponse>> waiting;
  for (int i = 0; i < 8; ++i) {
    waiting.push_back(std::async(std::launch::async, [&] {
      return client()->get(base + "playlist.m3u8" + token + "&_HLS_msn=1");
    }));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (auto& w : waiting) EXPECT_EQ(w.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(client()->get("/healthz").status, 200);
  EXPECT_EQ(client()->get("/api/live-streams/" + stream_id_).status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  // The preload-hinted part is waited for too.
  const std::string marker = "PRELOAD-HINT:TYPE=PART,URI=\"";
  auto hint_at = playlist.body.find(marker);
  ASSERT_NE(hint_at, std::string::npos);
  hint_at += marker.size();
  auto hinted = playlist.body.substr(hint_at, playlist.body.find('?', hint_at) - hint_at);
  auto part = std::async(std::launch::async, [&] { return client()->get(base + hinted + token); });
  publisher.send_binary(mp4.chunks[3]);  // the third fragment: segment 1 is whole
  for (auto& w : waiting) {
    ASSERT_EQ(w.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    auto reloaded = w.get();
    EXPECT_EQ(reloaded.status, 200);
    EXPECT_NE(reloaded.body.find("seg-1.m4s" + token), std::string::npos) << reloaded.body;
  }
  ASSERT_EQ(part.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  auto part_answer = part.get();
  EXPECT_EQ(part_answer.status, 200) << hinted;
  EXPECT_EQ(part_answer.body.substr(4, 4), "moof");

  // What is refused, and how.
  expect_error(viewer_.http->get(base + "playlist.m3u8" + token + "&_HLS_msn=99"), 400, "validation_failed");
  expect_error(viewer_.http->get(base + "playlist.m3u8" + token + "&_HLS_part=1"), 400, "validation_failed");
  expect_error(viewer_.http->get(base + "part-999.m4s" + token), 404, "not_found");
  expect_error(viewer_.http->get(base + "playlist.m3u8"), 401, "unauthenticated");
  expect_error(viewer_.http->get(base + "playlist.m3u8?token=forged.token"), 401, "unauthenticated");
  auto watch_token = std::string(joined.json.at("watch").at("token").as_string());
  expect_error(viewer_.http->get(base + "playlist.m3u8?token=" + watch_token), 403, "forbidden");

  // The end: the playlist says so, and its last segments are still there for players behind.
  auto ended = creator_.http->post("/api/live-streams/" + stream_id_ + "/end", R"({"saveRecording":false})");
  ASSERT_EQ(ended.status, 200);
  auto last = viewer_.http->get(base + "playlist.m3u8" + token);
  ASSERT_EQ(last.status, 200) << last.body;
  EXPECT_NE(last.body.find("#EXT-X-ENDLIST"), std::string::npos) << last.body;
  EXPECT_EQ(last.body.find("PRELOAD-HINT"), std::string::npos);
  EXPECT_EQ(viewer_.http->get(base + "seg-1.m4s" + token).status, 200);
  EXPECT_EQ(viewer_.http->get(base + "playlist.m3u8" + token + "&_HLS_msn=7").status, 200)
      << "a blocking reload of an ended stream answers at once";
}

class RelayHlsCdn : public RelayApi {
 protected:
  std::map<std::string, std::string> server_env() override {
    return {{"ONAIR_RELAY_GRACE_SECONDS", "2"}, {"ONAIR_HLS_CDN", "1"}};
  }
};

TEST_F(RelayHlsCdn, APublicStreamsHlsIsOneUrlForEveryoneAndAFollowersOnlyOneKeepsItsToken) {
  auto mp4 = load_recording("h264_opus_6s", "mp4");
  WsClient publisher(server_->port(), publish_path_);
  for (std::size_t i = 0; i < 4; ++i) publisher.send_binary(mp4.chunks[i]);
  ASSERT_TRUE(wait_for_status("live"));
  auto joined = viewer_.http->post("/api/live-streams/" + stream_id_ + "/join", "");
  ASSERT_EQ(joined.status, 200);
  auto url = std::string(joined.json.at("watch").at("hlsUrl").as_string());
  EXPECT_TRUE(url.ends_with("/live/" + stream_id_ + "/hls/playlist.m3u8")) << url;
  auto playlist = client()->get(path_and_query(url));  // nobody signed in: a CDN
  ASSERT_EQ(playlist.status, 200) << playlist.body;
  EXPECT_EQ(playlist.header("cache-control"), "public, max-age=1");
  EXPECT_EQ(playlist.body.find("token="), std::string::npos) << "one cacheable URL per file";
  EXPECT_NE(playlist.body.find("#EXT-X-MAP:URI=\"init-0.mp4\""), std::string::npos) << playlist.body;
  auto segment = client()->get("/live/" + stream_id_ + "/hls/seg-0.m4s");
  EXPECT_EQ(segment.status, 200);
  EXPECT_EQ(segment.header("cache-control"), "public, max-age=60");

  // A followers-only stream (another creator's) is not for a CDN: its HLS keeps the token.
  auto created = viewer_.http->post_json(
      "/api/live-streams", json::object{{"title", "Friends"}, {"sensitivity", "none"}, {"gating", "followers"}});
  ASSERT_EQ(created.status, 201);
  std::string id(created.json.at("stream").at("id").as_string());
  WsClient second(server_->port(), path_of(created.json.at("publish")));
  for (std::size_t i = 0; i < 4; ++i) second.send_binary(mp4.chunks[i]);
  expect_error(client()->get("/live/" + id + "/hls/playlist.m3u8"), 401, "unauthenticated");
  auto owner_join = viewer_.http->post("/api/live-streams/" + id + "/join", "");
  ASSERT_EQ(owner_join.status, 200) << owner_join.body;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!owner_join.json.at("watch").as_object().contains("hlsUrl") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    owner_join = viewer_.http->post("/api/live-streams/" + id + "/join", "");
  }
  auto private_url = std::string(owner_join.json.at("watch").at("hlsUrl").as_string());
  EXPECT_NE(private_url.find("?token="), std::string::npos) << private_url;
  EXPECT_EQ(client()->get(path_and_query(private_url)).status, 200);
}

class RelayTranscode : public RelayApi {
 protected:
  std::map<std::string, std::string> server_env() override {
    return {{"ONAIR_RELAY_GRACE_SECONDS", "2"}, {"ONAIR_TRANSCODE", "h264"}};
  }
};

TEST_F(RelayTranscode, AWebmStreamIsAlsoServedAsH264Hls) {
  WsClient watcher(server_->port(), watch_path());
  WsClient publisher(server_->port(), publish_path_);
  for (const auto& chunk : rec_.chunks) publisher.send_binary(chunk);  // VP8 + Opus, 6 s
  ASSERT_TRUE(wait_for_status("live"));
  auto joined = viewer_.http->post("/api/live-streams/" + stream_id_ + "/join", "");
  ASSERT_EQ(joined.status, 200);
  ASSERT_TRUE(joined.json.at("watch").as_object().contains("hlsUrl")) << joined.body;
  auto path = path_and_query(std::string(joined.json.at("watch").at("hlsUrl").as_string()));
  auto token = path.substr(path.find("?token="));
  // ffmpeg needs a moment for its first fragments: a blocking reload waits for segment 1.
  auto playlist = viewer_.http->get(path + "&_HLS_msn=1");
  ASSERT_EQ(playlist.status, 200) << playlist.body;
  EXPECT_NE(playlist.body.find("seg-0.m4s"), std::string::npos) << playlist.body;
  EXPECT_NE(playlist.body.find("INDEPENDENT=YES"), std::string::npos) << playlist.body;
  auto init = viewer_.http->get("/live/" + stream_id_ + "/hls/init-0.mp4" + token);
  ASSERT_EQ(init.status, 200);
  EXPECT_NE(init.body.find("avc1"), std::string::npos) << "H.264, which every phone plays";
  EXPECT_NE(init.body.find("mp4a"), std::string::npos) << "AAC";
  // MSE viewers still get the WebM as it came.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (watcher.media().size() < rec_.bytes.size() && std::chrono::steady_clock::now() < deadline) {
    if (!watcher.read(std::chrono::seconds(2))) break;
  }
  EXPECT_EQ(watcher.media(), rec_.bytes);
  auto ended = creator_.http->post("/api/live-streams/" + stream_id_ + "/end", R"({"saveRecording":false})");
  EXPECT_EQ(ended.status, 200);
}

TEST_F(RelayApi, AWebmStreamHasNoHls) {
  WsClient publisher(server_->port(), publish_path_);
  for (const auto& chunk : rec_.chunks) publisher.send_binary(chunk);
  ASSERT_TRUE(wait_for_status("live"));
  auto joined = viewer_.http->post("/api/live-streams/" + stream_id_ + "/join", "");
  ASSERT_EQ(joined.status, 200);
  EXPECT_FALSE(joined.json.at("watch").as_object().contains("hlsUrl")) << joined.body;
}

/// A number from the Prometheus text of /metrics.
double metric(HttpClient& http, const std::string& name) {
  auto text = http.get("/metrics").body;
  auto at = text.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stod(text.substr(at + name.size() + 2));
}

class RelaySockets : public RelayApi {
 protected:
  std::map<std::string, std::string> server_env() override { return {{"ONAIR_RELAY_MAX_BITRATE", "1000000000"}}; }
};

TEST_F(RelaySockets, AFastViewerGetsEveryByteWhileOneThatNeverReadsIsSkippedThenClosed) {
  // 110 passes over the recording's Clusters: ~40 MB, more than loopback's socket buffers hold.
  constexpr std::size_t kInit = 189;
  std::string published = rec_.bytes.substr(0, kInit);
  for (int i = 0; i < 110; ++i) published += rec_.bytes.substr(kInit);
  WsClient fast(server_->port(), watch_path());
  viewer_ = signup("stuck");
  WsClient stuck(server_->port(), watch_path());  // upgraded, then never read
  std::atomic<bool> publishing{true};
  std::thread reader([&] {
    while (publishing || fast.read(std::chrono::seconds(2))) {
      if (fast.media().size() >= published.size()) break;
      fast.read(std::chrono::milliseconds(200));
    }
  });
  {
    WsClient publisher(server_->port(), publish_path_);
    // Paced at ~16 MB/s (a publisher sends in real time): a reader that keeps up gets it all.
    for (std::size_t at = 0; at < published.size(); at += 64 * 1024) {
      publisher.send_binary(published.substr(at, 64 * 1024));
      std::this_thread::sleep_for(std::chrono::milliseconds(4));
    }
    publishing = false;
    reader.join();
  }
  EXPECT_EQ(fast.media().size(), published.size());
  EXPECT_TRUE(fast.media() == published) << "the fast viewer's bytes are the published bytes, in order";
  HttpClient http(server_->base_url());
  EXPECT_GT(metric(http, "onair_relay_viewer_skips_total"), 0) << "the stuck viewer was sent ahead";
  EXPECT_EQ(metric(http, "onair_relay_viewers_dropped_total"), 1) << "then dropped, once";
}

TEST_F(RelayApi, GarbageFromThePublisherClosesItWithAReason) {
  WsClient publisher(server_->port(), publish_path_);
  publisher.send_binary("definitely not webm");
  EXPECT_TRUE(publisher.read_until_text("invalid_media"));
  publisher.read();
  EXPECT_TRUE(publisher.closed());
  EXPECT_EQ(stream().at("status").as_string(), "created");
}

}  // namespace
}  // namespace onair::testing

namespace onair::testing {
namespace {

TEST(RelayShutdown, StopDoesNotWaitForAPendingGracePeriod) {
  ServerProcess server;  // the default 30 s grace period
  HttpClient http(server.base_url());
  auto signed_up = http.post_json("/api/auth/signup", json::object{{"handle", "creator"}, {"email", "c@example.test"},
                                                                   {"password", "password1"}});
  http.set_token(std::string(signed_up.json.at("token").as_string()));
  auto created = http.post_json("/api/live-streams", json::object{{"title", "t"}, {"sensitivity", "none"}, {"gating", "public"}});
  std::string id(created.json.at("stream").at("id").as_string());
  {
    WsClient publisher(server.port(), path_of(created.json.at("publish")));
    auto rec = load_recording("vp8_opus_restart_a");
    for (std::size_t i = 0; i < 6; ++i) publisher.send_binary(rec.chunks[i]);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (http.get("/api/live-streams/" + id).json.at("stream").at("status").as_string() != "live" &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // interrupted: the grace timer runs
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server.stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

}  // namespace
}  // namespace onair::testing
