#include <filesystem>
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
  for (const auto& chunk : load_recording("vp8_opus_05mbps_6s").chunks) publisher->send_binary(chunk);
  wait_for(http, id, [](const json::value& s) { return s.at("status").as_string() == "live"; });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  return {id, std::move(publisher)};
}

TEST(Recovery, StreamLiveAtACrashEndsAfterTheGraceAndKeepsItsRecordingAsAReel) {
  TempDir data;
  std::map<std::string, std::string> env{{"ONAIR_RELAY_GRACE_SECONDS", "1"}};
  std::string id, token;
  {
    ServerProcess server(env, data.path().string());
    HttpClient http(server.base_url());
    auto [live, publisher] = go_live(server, http);
    id = live;
    token = http.token();
    server.kill();  // a crash: no shutdown, no end
  }
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
  std::string id, token;
  {
    ServerProcess server({}, data.path().string());
    HttpClient http(server.base_url());
    auto [live, publisher] = go_live(server, http);
    id = live;
    token = http.token();
    publisher.reset();
    ASSERT_EQ(http.post("/api/live-streams/" + id + "/end", R"({"saveRecording":true})").status, 200);
    server.stop();
  }
  // What a crash after the finalise and before the reel row would have left.
  std::string db = data.path().string() + "/onair.db";
  ASSERT_EQ(std::system(("sqlite3 " + db + " \"DELETE FROM reels; UPDATE live_streams SET reel_id = NULL\"").c_str()), 0);
  ServerProcess again({}, data.path().string());
  HttpClient http(again.base_url());
  http.set_token(token);
  auto stream = http.get("/api/live-streams/" + id).json.at("stream");
  EXPECT_EQ(stream.at("recording").as_string(), "saved");
  ASSERT_TRUE(stream.at("reelId").is_string());
  EXPECT_EQ(http.get("/api/reels").json.at("items").as_array().size(), 1u);
}

}  // namespace
}  // namespace onair::testing
