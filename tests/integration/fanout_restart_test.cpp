#include <map>
#include <regex>
#include <thread>

#include "support/api_session.hpp"
#include "core/crypto.hpp"
#include "support/fixtures.hpp"
#include "support/smtp_sink.hpp"
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

/// The creator, signed up on a first run of the server on `data`: (token, user id).
std::pair<std::string, std::string> sign_up_creator(const TempDir& data, const std::map<std::string, std::string>& env) {
  ServerProcess server(env, data.path().string());
  HttpClient http(server.base_url());
  auto res = http.post_json("/api/auth/signup", json::object{{"handle", "creator"}, {"email", "c@example.test"},
                                                             {"password", "password1"}});
  return {std::string(res.json.at("token").as_string()), std::string(res.json.at("user").at("id").as_string())};
}

/// The creator goes live on `server`; the publisher stays open while it is held.
std::unique_ptr<WsClient> go_live(const ServerProcess& server, const std::string& token) {
  HttpClient http(server.base_url());
  http.set_token(token);
  auto created = http.post_json("/api/live-streams", json::object{{"title", "t"}, {"sensitivity", "none"}, {"gating", "public"}});
  auto publisher = std::make_unique<WsClient>(server.port(), path_of(created.json.at("publish")));
  auto rec = load_recording("vp8_opus_restart_a");
  for (std::size_t i = 0; i < 6; ++i) publisher->send_binary(rec.chunks[i]);
  return publisher;
}

TEST(FanOutRestart, KilledMidwayResumesAndNobodyIsToldTwice) {
  constexpr int kFollowers = 20000;
  TempDir data;
  std::map<std::string, std::string> env{{"ONAIR_FANOUT_BATCH", "100"}, {"ONAIR_SMTP_URL", "smtp://127.0.0.1:9"},
                                         {"ONAIR_EMAIL_RETRY_BASE_MS", "3600000"}};
  auto [token, creator_id] = sign_up_creator(data, env);
  std::string db = data.path().string() + "/onair.db";
  add_followers(db, creator_id, kFollowers);
  long long at_kill = 0;
  {
    ServerProcess server(env, data.path().string());
    auto publisher = go_live(server, token);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (db_count(db, "SELECT COUNT(*) FROM notifications") < kFollowers / 10 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    server.kill();
    at_kill = db_count(db, "SELECT COUNT(*) FROM notifications");
  }
  EXPECT_GT(at_kill, 0);
  EXPECT_LT(at_kill, kFollowers) << "the fan-out should have been cut off midway";
  ServerProcess again(env, data.path().string());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (db_count(db, "SELECT COUNT(*) FROM jobs WHERE status = 'done'") == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(db_count(db, "SELECT COUNT(*) FROM notifications"), kFollowers);
  EXPECT_EQ(db_count(db, "SELECT COUNT(DISTINCT recipient_id) FROM notifications"), kFollowers);
  EXPECT_EQ(db_count(db, "SELECT COUNT(*) FROM notification_deliveries"), kFollowers);
}

/// `{"type":"notification"` pushes in what a socket received.
int notification_pushes(const std::string& texts) {
  int n = 0;
  for (auto at = texts.find(R"("type":"notification")"); at != std::string::npos;
       at = texts.find(R"("type":"notification")", at + 1)) {
    ++n;
  }
  return n;
}

/// Signs followers 1..n in (sessions whose tokens are `token-<i>`), straight into the database.
void add_sessions(const std::string& db, int n) {
  std::string sql;
  for (int i = 1; i <= n; ++i) {
    sql += "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ('" +
           crypto::sha256_hex("token-" + std::to_string(i)) + "', printf('f%08d', " + std::to_string(i) +
           "), 0, 99999999999999);";
  }
  db_exec(db, sql);
}

/// The event sockets of followers 1..n on `server`, each past its hello.
std::vector<std::unique_ptr<WsClient>> follower_sockets(const ServerProcess& server, int n) {
  std::vector<std::unique_ptr<WsClient>> sockets;
  for (int i = 1; i <= n; ++i) {
    sockets.push_back(std::make_unique<WsClient>(server.port(), "/ws", "onair_session=token-" + std::to_string(i)));
    EXPECT_TRUE(sockets.back()->read_until_text(R"("type":"hello")"));
  }
  return sockets;
}

/// Reads each socket until it has been quiet for `quiet`; returns the pushes each one got.
std::vector<int> pushes_on(std::vector<std::unique_ptr<WsClient>>& sockets, std::chrono::milliseconds quiet) {
  std::vector<int> told;
  for (auto& ws : sockets) {
    while (ws->read(quiet)) {
    }
    told.push_back(notification_pushes(ws->texts()));
  }
  return told;
}

TEST(FanOutRestart, ACrashMidwayTellsEveryFollowerOnceInTheAppAndOnTheirSocketsAndEmailsAtLeastOnce) {
  constexpr int kFollowers = 400;
  constexpr int kWatching = 40;  // followers with an event socket open in both runs
  TempDir data;
  SmtpSink sink(free_port());
  // Claims of emails run out after a second: what the killed run had claimed is sent soon after.
  std::map<std::string, std::string> env{
      {"ONAIR_FANOUT_BATCH", "5"}, {"ONAIR_EMAIL_RETRY_BASE_MS", "100"}, {"ONAIR_EMAIL_CLAIM_SECONDS", "1"}};
  auto [token, creator_id] = sign_up_creator(data, env);
  std::string db = data.path().string() + "/onair.db";
  add_followers(db, creator_id, kFollowers);
  add_sessions(db, kWatching);
  env["ONAIR_SMTP_URL"] = "smtp://127.0.0.1:" + std::to_string(sink.port());
  std::vector<int> first_run_pushes;
  {
    ServerProcess server(env, data.path().string());
    auto sockets = follower_sockets(server, kWatching);
    auto publisher = go_live(server, token);
    // Kill once some emails are out: the rest are still to send (the fan-out itself is cut
    // midway by the test above).
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (sink.messages().size() < 20 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    server.kill();
    first_run_pushes = pushes_on(sockets, std::chrono::milliseconds(200));
  }
  ASSERT_LT(db_count(db, "SELECT COUNT(*) FROM notification_deliveries WHERE status = 'sent'"), kFollowers)
      << "the emails should have been cut off midway";

  ServerProcess again(env, data.path().string());
  auto sockets = follower_sockets(again, kWatching);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while ((db_count(db, "SELECT COUNT(*) FROM jobs WHERE status = 'done'") == 0 ||
          db_count(db, "SELECT COUNT(*) FROM notification_deliveries WHERE status = 'sent'") < kFollowers) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto second_run_pushes = pushes_on(sockets, std::chrono::milliseconds(50));  // all sent by now

  // In the app: once each.
  EXPECT_EQ(db_count(db, "SELECT COUNT(*) FROM notifications"), kFollowers);
  EXPECT_EQ(db_count(db, "SELECT COUNT(DISTINCT recipient_id) FROM notifications"), kFollowers);
  // On their sockets: never twice, not even after the restart. A row written just before a kill
  // may miss its push (pushes are not durable: the list is).
  int pushed = 0;
  for (int i = 0; i < kWatching; ++i) {
    EXPECT_LE(first_run_pushes[i] + second_run_pushes[i], 1) << "follower " << i + 1 << " was pushed twice";
    pushed += first_run_pushes[i] + second_run_pushes[i];
  }
  EXPECT_GE(pushed, kWatching - 5) << "at most one fan-out batch may miss its pushes";
  // By email: everyone at least once; a resend only for what was in flight at the kill.
  auto mails = sink.wait_for(kFollowers, std::chrono::seconds(30));
  std::map<std::string, int> per_recipient;
  std::regex to(R"(\nTo: <?(f[0-9]{8})@example\.test)");
  for (const auto& m : mails) {
    std::smatch found;
    if (std::regex_search(m, found, to)) ++per_recipient[found[1]];
  }
  EXPECT_EQ(per_recipient.size(), static_cast<std::size_t>(kFollowers)) << "every follower got an email";
  int resent = 0;
  for (const auto& [who, n] : per_recipient) resent += n - 1;
  EXPECT_LE(resent, 1) << "only the email in flight at the kill may go twice";
}

}  // namespace
}  // namespace onair::testing
