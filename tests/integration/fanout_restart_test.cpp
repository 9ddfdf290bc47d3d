#include <thread>

#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

/// Adds `n` users who follow `creator_id`, straight into the database (the server is stopped).
void add_followers(const std::string& db, const std::string& creator_id, int n) {
  std::string sql =
      "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < " + std::to_string(n) +
      ") INSERT INTO users (id, handle, email, display_name, password_hash, created_at) "
      "SELECT printf('f%08d', i), printf('f%08d', i), printf('f%08d@example.test', i), 'f', 'x', 0 FROM seq; "
      "INSERT INTO follows (follower_id, followee_id, created_at) SELECT id, '" + creator_id +
      "', 0 FROM users WHERE handle LIKE 'f0%';";
  ASSERT_EQ(std::system(("sqlite3 " + db + " \"" + sql + "\"").c_str()), 0);
}

TEST(FanOutRestart, KilledMidwayResumesAndNobodyIsToldTwice) {
  constexpr int kFollowers = 20000;
  TempDir data;
  std::map<std::string, std::string> env{{"ONAIR_FANOUT_BATCH", "100"}, {"ONAIR_SMTP_URL", "smtp://127.0.0.1:9"},
                                         {"ONAIR_EMAIL_RETRY_BASE_MS", "3600000"}};
  std::string token, creator_id;
  {
    ServerProcess server(env, data.path().string());
    HttpClient http(server.base_url());
    auto res = http.post_json("/api/auth/signup", json::object{{"handle", "creator"}, {"email", "c@example.test"},
                                                               {"password", "password1"}});
    token = std::string(res.json.at("token").as_string());
    creator_id = std::string(res.json.at("user").at("id").as_string());
    server.stop();
  }
  std::string db = data.path().string() + "/onair.db";
  add_followers(db, creator_id, kFollowers);
  long long at_kill = 0;
  {
    ServerProcess server(env, data.path().string());
    HttpClient http(server.base_url());
    http.set_token(token);
    auto created = http.post_json("/api/live-streams", json::object{{"title", "t"}, {"sensitivity", "none"}, {"gating", "public"}});
    WsClient publisher(server.port(), path_of(created.json.at("publish")));
    auto rec = load_recording("vp8_opus_restart_a");
    for (std::size_t i = 0; i < 6; ++i) publisher.send_binary(rec.chunks[i]);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (sqlite_count(db, "SELECT COUNT(*) FROM notifications") < kFollowers / 10 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    server.kill();
    at_kill = sqlite_count(db, "SELECT COUNT(*) FROM notifications");
  }
  EXPECT_GT(at_kill, 0);
  EXPECT_LT(at_kill, kFollowers) << "the fan-out should have been cut off midway";
  ServerProcess again(env, data.path().string());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (sqlite_count(db, "SELECT COUNT(*) FROM jobs WHERE status = 'done'") == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(sqlite_count(db, "SELECT COUNT(*) FROM notifications"), kFollowers);
  EXPECT_EQ(sqlite_count(db, "SELECT COUNT(DISTINCT recipient_id) FROM notifications"), kFollowers);
  EXPECT_EQ(sqlite_count(db, "SELECT COUNT(*) FROM notification_deliveries"), kFollowers);
}

}  // namespace
}  // namespace onair::testing
