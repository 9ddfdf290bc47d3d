#include <filesystem>
#include <functional>
#include <fstream>
#include <thread>

#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

json::value wait_for(HttpClient& http, const std::string& id, const std::function<bool(const json::value&)>& done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  json::value stream;
  while (std::chrono::steady_clock::now() < deadline) {
    stream = http.get("/api/live-streams/" + id).json.at("stream");
    if (done(stream)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return stream;
}

/// Signs a creator up on `server`, creates a stream and publishes a recording until it is live.
/// `http` keeps the creator's token; returns the stream id and the still-open publisher.
std::pair<std::string, std::unique_ptr<WsClient>> go_live(ServerProcess& server, HttpClient& http) {
  auto signed_up = http.post_json("/api/auth/signup", json::object{{"handle", "creator"}, {"email", "c@example.test"},
                                                                   {"password", "password1"}});
  http.set_token(std::string(signed_up.json.at("token").as_string()));
  auto created = http.post_json("/api/live-streams", json::object{{"title", "t"}, {"sensitivity", "none"}, {"gating", "public"}});
  std::string id(created.json.at("stream").at("id").as_string());
  auto publisher = std::make_unique<WsClient>(server.port(), path_of(created.json.at("publish")));
  auto recording = load_recording("vp8_opus_05mbps_6s");
  for (const auto& chunk : recording.chunks) publisher->send_binary(chunk);
  wait_for(http, id, [](const json::value& s) { return s.at("status").as_string() == "live"; });
  auto part = recording_part(server.data_dir(), id);
  std::error_code ec;
  EXPECT_TRUE(wait_for_file_size(part, recording.bytes.size()))
      << part << " holds " << std::filesystem::file_size(part, ec) << " of " << recording.bytes.size();
  return {id, std::move(publisher)};
}

/// A stream that went live on a first run of the server on `data`.
struct FirstRun {
  std::string id;     // the stream
  std::string token;  // its creator's
};

/// Starts a server on `data` with `env`, goes live, then runs `then` (which may end the stream,
/// stop the server or crash it) while the server and the publisher are still up.
FirstRun first_run(const TempDir& data, const std::map<std::string, std::string>& env,
                   const std::function<void(ServerProcess&, HttpClient&, std::unique_ptr<WsClient>&,
                                            const std::string& id)>& then) {
  ServerProcess server(env, data.path().string());
  HttpClient http(server.base_url());
  auto [id, publisher] = go_live(server, http);
  then(server, http, publisher, id);
  return FirstRun{id, http.token()};
}

TEST(Recovery, StreamLiveAtACrashEndsAfterTheGraceAndKeepsItsRecordingAsAReel) {
  TempDir data;
  std::map<std::string, std::string> env{{"ONAIR_RELAY_GRACE_SECONDS", "1"}};
  auto [id, token] = first_run(data, env, [](ServerProcess& server, auto&, auto&, auto&) {
    server.kill();  // a crash: no shutdown, no end
  });
  ServerProcess again(env, data.path().string());
  HttpClient http(again.base_url());
  http.set_token(token);
  auto ended = wait_for(http, id, [](const json::value& s) {
    return s.at("status").as_string() == "ended" && s.at("recording").as_string() != "recording";
  });
  EXPECT_EQ(ended.at("endReason").as_string(), "broadcaster_lost");
  EXPECT_EQ(ended.at("recording").as_string(), "saved");
  ASSERT_TRUE(ended.at("reelId").is_string()) << json::serialize(ended);
  std::string reel(ended.at("reelId").as_string());
  auto video = http.request("GET", "/media/reels/" + reel, std::nullopt, {{"Range", "bytes=0-3"}});
  EXPECT_EQ(video.status, 206);
  EXPECT_FALSE(std::filesystem::exists(data.path() / "media" / "live" / id)) << "raw parts cleaned up";
}

TEST(Recovery, SavedRecordingWithoutItsReelGetsTheReelAtStartUp) {
  TempDir data;
  auto [id, token] = first_run(data, {}, [](ServerProcess& server, HttpClient& http, auto& publisher, auto& id) {
    publisher.reset();
    ASSERT_EQ(http.post("/api/live-streams/" + id + "/end", R"({"saveRecording":true})").status, 200);
    server.stop();
  });
  // What a crash after the finalise and before the reel row would have left.
  std::string db = data.path().string() + "/onair.db";
  db_exec(db, "DELETE FROM reels; UPDATE live_streams SET reel_id = NULL");
  ServerProcess again({}, data.path().string());
  HttpClient http(again.base_url());
  http.set_token(token);
  auto stream = http.get("/api/live-streams/" + id).json.at("stream");
  EXPECT_EQ(stream.at("recording").as_string(), "saved");
  ASSERT_TRUE(stream.at("reelId").is_string());
  EXPECT_EQ(http.get("/api/reels").json.at("items").as_array().size(), 1u);
}

TEST(Recovery, ACrashDuringTheFinaliseIsFinishedAtTheNextStart) {
  TempDir data;
  TempDir tools;
  auto slow_ffmpeg = tools.file("slow-ffmpeg");
  std::ofstream(slow_ffmpeg) << "#!/bin/sh\nsleep 20\nexec /usr/bin/ffmpeg \"$@\"\n";
  std::filesystem::permissions(slow_ffmpeg, std::filesystem::perms::owner_all);
  auto [id, token] = first_run(data, {{"ONAIR_FFMPEG", slow_ffmpeg}}, [](ServerProcess& server, HttpClient& http,
                                                                          auto& publisher, const std::string& id) {
    publisher.reset();
    std::string token = http.token();
    std::thread ender([&, base = server.base_url()] {
      HttpClient creator(base);
      creator.set_token(token);
      try {
        creator.post("/api/live-streams/" + id + "/end", R"({"saveRecording":true})");
      } catch (const std::exception&) {
        // cut short by the crash: no answer
      }
    });
    HttpClient watcher(server.base_url());
    watcher.set_token(token);
    auto finalising = wait_for(watcher, id, [](const json::value& s) { return s.at("status").as_string() == "ended"; });
    EXPECT_EQ(finalising.at("recording").as_string(), "recording") << "the remux is running";
    server.kill();  // mid-remux
    auto killed = std::chrono::steady_clock::now();
    ender.join();
    // The remux tool is still sleeping: it must not hold the dead server's connections open.
    EXPECT_LT(std::chrono::steady_clock::now() - killed, std::chrono::seconds(10)) << "the tool inherited the socket";
  });
  ServerProcess again({}, data.path().string());
  HttpClient http(again.base_url());
  http.set_token(token);
  auto stream = wait_for(http, id, [](const json::value& s) { return s.at("reelId").is_string(); });
  EXPECT_EQ(stream.at("recording").as_string(), "saved");
  ASSERT_TRUE(stream.at("reelId").is_string()) << json::serialize(stream);
  auto video = http.request("GET", "/media/reels/" + std::string(stream.at("reelId").as_string()), std::nullopt,
                            {{"Range", "bytes=0-3"}});
  EXPECT_EQ(video.status, 206);
}

TEST(Recovery, AReelThatCannotBeMadeEndsFailedAfterAFewStartsInsteadOfForEver) {
  TempDir data;
  // ffprobe rejects every file: the remux works, the reel cannot be made.
  std::map<std::string, std::string> env{{"ONAIR_FFPROBE", "/bin/false"}};
  auto [id, token] = first_run(data, env, [](auto&, HttpClient& http, auto& publisher, const std::string& id) {
    publisher.reset();
    auto ended = http.post("/api/live-streams/" + id + "/end", R"({"saveRecording":true})");
    ASSERT_EQ(ended.status, 200) << ended.body;
    EXPECT_TRUE(ended.json.at("reel").is_null());
  });
  std::vector<std::string> seen;
  for (int start = 0; start < 3; ++start) {
    ServerProcess again(env, data.path().string());
    HttpClient http(again.base_url());
    http.set_token(token);
    seen.emplace_back(http.get("/api/live-streams/" + id).json.at("stream").at("recording").as_string());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"saved", "failed", "failed"}));
  EXPECT_EQ(db_count(data.path().string() + "/onair.db", "SELECT COUNT(*) FROM stream_events WHERE kind = 'reel_failed'"),
            3) << "tried three times in all, then never again";
  EXPECT_TRUE(std::filesystem::exists(data.path() / "media" / "recordings" / (id + ".webm"))) << "the recording stays";
}

TEST(Recovery, WatchingSessionsEndAtARestartSoCountsAndWatchTimeStop) {
  TempDir data;
  std::map<std::string, std::string> env{{"ONAIR_RELAY_GRACE_SECONDS", "30"}};
  auto [id, token] = first_run(data, env, [](ServerProcess& server, HttpClient& http, auto&, const std::string& id) {
    for (const char* handle : {"viewer1", "viewer2"}) {
      HttpClient viewer(server.base_url());
      auto res = viewer.post_json("/api/auth/signup", json::object{{"handle", handle}, {"email", std::string(handle) + "@x.test"},
                                                                   {"password", "password1"}});
      viewer.set_token(std::string(res.json.at("token").as_string()));
      ASSERT_EQ(viewer.post("/api/live-streams/" + id + "/join").status, 200);
    }
    ASSERT_EQ(http.get("/api/live-streams/" + id).json.at("stream").at("viewerCount").as_int64(), 2);
    server.kill();
  });
  ServerProcess again(env, data.path().string());
  HttpClient http(again.base_url());
  http.set_token(token);
  EXPECT_EQ(http.get("/api/live-streams/" + id).json.at("stream").at("viewerCount").as_int64(), 0);
  EXPECT_EQ(db_count(again.database_path(), "SELECT COUNT(*) FROM live_stream_participants WHERE left_at IS NULL"), 0);
  auto watched = http.get("/api/live-streams/" + id + "/analytics").json.at("totalWatchMs").as_int64();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(http.get("/api/live-streams/" + id + "/analytics").json.at("totalWatchMs").as_int64(), watched)
      << "watch time stopped with the sessions";
}

}  // namespace
}  // namespace onair::testing
