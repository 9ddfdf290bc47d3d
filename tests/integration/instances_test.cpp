// Several onair instances on one PostgreSQL (the store suite's server, ONAIR_PG_URL).
#include <cstdlib>
#include <map>
#include <regex>
#include <thread>

#include "core/crypto.hpp"
#include "store/conn.hpp"
#include "store/database.hpp"
#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/smtp_sink.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

/// A fresh schema on the test PostgreSQL server, dropped afterwards. Without ONAIR_PG_URL the
/// test fails: it never skips.
class Instances : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* pg = std::getenv("ONAIR_PG_URL");
    ASSERT_TRUE(pg != nullptr && *pg != '\0') << "ONAIR_PG_URL is not set: run scripts/test.sh";
    crypto::init();
    auto admin = store::Database::open(pg, 1);
    ASSERT_TRUE(admin.ok()) << admin.error().message;
    admin_ = std::move(*admin);
    schema_ = "i_" + crypto::random_id();
    sql("CREATE SCHEMA " + schema_);
    url_ = std::string(pg) + "?options=-csearch_path%3D" + schema_;
  }
  void TearDown() override {
    if (admin_) sql("DROP SCHEMA " + schema_ + " CASCADE");
  }

  void sql(const std::string& statement) {
    admin_->write([&](store::Conn& c) -> Status {
      c.sql << statement;
      return ok_status();
    }).value();
  }

  std::map<std::string, std::string> env(int smtp_port) {
    return {{"ONAIR_DATABASE_URL", url_},
            {"ONAIR_SECRET", "one-secret-for-every-instance-0123456789"},
            {"ONAIR_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(smtp_port)}};
  }

  /// Signs `handle` up through `server`; the client carries the session.
  struct Account {
    std::string id, token;
    std::unique_ptr<HttpClient> http;
  };
  Account signup(const ServerProcess& server, const std::string& handle) {
    Account a;
    a.http = std::make_unique<HttpClient>(server.base_url());
    auto res = a.http->post_json("/api/auth/signup", json::object{{"handle", handle},
                                                                  {"email", handle + "@example.test"},
                                                                  {"password", "password-" + handle}});
    EXPECT_EQ(res.status, 201) << res.body;
    a.id = std::string(res.json.at("user").at("id").as_string());
    a.token = std::string(res.json.at("token").as_string());
    a.http->set_token(a.token);
    return a;
  }

  /// An event socket of `account` on `server`, past its hello.
  static std::unique_ptr<WsClient> events(const ServerProcess& server, const Account& account) {
    auto ws = std::make_unique<WsClient>(server.port(), "/ws", "onair_session=" + account.token);
    EXPECT_TRUE(ws->read_until_text(R"("type":"hello")"));
    return ws;
  }
  static void subscribe(WsClient& ws, const std::string& stream_id) {
    ws.send_text(R"({"type":"subscribe","streamId":")" + stream_id + R"("})");
    EXPECT_TRUE(ws.read_until_text(R"("type":"subscribed")"));
  }

  /// A stream `creator` created on `server`, its first seconds published there.
  struct LiveOn {
    std::string id;
    std::unique_ptr<WsClient> publisher;
    std::string publish_path;
  };
  LiveOn go_live(const ServerProcess& server, Account& creator) {
    auto created = creator.http->post_json("/api/live-streams",
                                           json::object{{"title", "Soup"}, {"sensitivity", "none"}, {"gating", "public"}});
    EXPECT_EQ(created.status, 201) << created.body;
    LiveOn live{std::string(created.json.at("stream").at("id").as_string()), nullptr,
                path_of(created.json.at("publish"))};
    live.publisher = std::make_unique<WsClient>(server.port(), live.publish_path);
    for (std::size_t i = 0; i < 10; ++i) live.publisher->send_binary(recording_.chunks[i]);
    EXPECT_TRUE(wait_for(*creator.http, live.id, "status", "live"));
    return live;
  }

  /// Waits until the stream's `field` reads `value` (through `http`'s instance).
  static bool wait_for(HttpClient& http, const std::string& id, const std::string& field, const std::string& value,
                       std::chrono::seconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto res = http.get("/api/live-streams/" + id);
      const auto* v = res.status == 200 ? res.json.at("stream").as_object().if_contains(field) : nullptr;
      if (v != nullptr && v->is_string() && v->as_string() == value) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  /// The port a credentials URL points at.
  static int port_of(const json::value& creds) {
    std::string url(creds.at("url").as_string());
    auto host = url.find("//") + 2;
    auto colon = url.find(':', host);
    return std::stoi(url.substr(colon + 1, url.find('/', colon) - colon - 1));
  }

  Recording recording_ = load_recording("vp8_opus_05mbps_6s");
  std::unique_ptr<store::Database> admin_;
  std::string schema_, url_;
};

TEST_F(Instances, ThreeFirstStartsTogetherOnAnEmptyDatabaseAllServe) {
  SmtpSink sink(free_port());
  std::vector<std::unique_ptr<ServerProcess>> servers(3);
  std::vector<std::string> failures(3);
  std::vector<std::thread> starting;
  for (std::size_t i = 0; i < servers.size(); ++i) {
    starting.emplace_back([&, i] {
      try {
        servers[i] = std::make_unique<ServerProcess>(env(sink.port()));
      } catch (const std::exception& e) {
        failures[i] = e.what();
      }
    });
  }
  for (auto& t : starting) t.join();
  for (std::size_t i = 0; i < servers.size(); ++i) {
    ASSERT_TRUE(servers[i] != nullptr) << "instance " << i << ": " << failures[i];
    EXPECT_EQ(HttpClient(servers[i]->base_url()).get("/healthz").status, 200);
  }
  auto user = signup(*servers[0], "first");
  HttpClient on_c(servers[2]->base_url());
  on_c.set_token(user.token);
  EXPECT_EQ(on_c.get("/api/me").status, 200);
}

TEST_F(Instances, LiveEventsReachTheSocketsOfEveryInstance) {
  SmtpSink sink(free_port());
  ServerProcess a(env(sink.port()));
  ServerProcess b(env(sink.port()));
  auto creator = signup(a, "creator");
  auto fan_on_a = signup(a, "fan_a");
  auto fan_on_b = signup(b, "fan_b");
  ASSERT_EQ(fan_on_a.http->post("/api/users/creator/follow", "").status, 204);
  ASSERT_EQ(fan_on_b.http->post("/api/users/creator/follow", "").status, 204);
  auto creator_ws = events(a, creator);
  auto fan_a_ws = events(a, fan_on_a);
  auto fan_b_ws = events(b, fan_on_b);

  // "Is live" reaches the followers on both instances, whichever worker ran the fan-out.
  auto created = creator.http->post_json("/api/live-streams",
                                         json::object{{"title", "Soup"}, {"sensitivity", "none"}, {"gating", "public"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id(created.json.at("stream").at("id").as_string());
  WsClient publisher(a.port(), path_of(created.json.at("publish")));
  auto rec = load_recording("vp8_opus_restart_a");
  for (std::size_t i = 0; i < 6; ++i) publisher.send_binary(rec.chunks[i]);
  EXPECT_TRUE(fan_b_ws->read_until_text(R"("type":"notification")", std::chrono::seconds(10))) << fan_b_ws->texts();
  EXPECT_TRUE(fan_a_ws->read_until_text(R"("type":"notification")", std::chrono::seconds(10))) << fan_a_ws->texts();

  // A join on B is pushed to the creator's socket on A.
  subscribe(*fan_b_ws, id);
  ASSERT_EQ(fan_on_b.http->post("/api/live-streams/" + id + "/join", "").status, 200);
  EXPECT_TRUE(creator_ws->read_until_text(R"("viewerCount":1)", std::chrono::seconds(2))) << creator_ws->texts();
  EXPECT_TRUE(fan_b_ws->read_until_text(R"("viewerCount":1)", std::chrono::seconds(2))) << fan_b_ws->texts();

  // Chat both ways, a removal and reactions.
  auto posted = creator.http->post_json("/api/live-streams/" + id + "/chat", json::object{{"text", "hello from A"}});
  ASSERT_EQ(posted.status, 201) << posted.body;
  std::string message_id(posted.json.at("message").at("id").as_string());
  EXPECT_TRUE(fan_b_ws->read_until_text("hello from A", std::chrono::seconds(2))) << fan_b_ws->texts();
  ASSERT_EQ(fan_on_b.http->post_json("/api/live-streams/" + id + "/chat", json::object{{"text", "hi from B"}}).status, 201);
  EXPECT_TRUE(creator_ws->read_until_text("hi from B", std::chrono::seconds(2))) << creator_ws->texts();
  ASSERT_EQ(creator.http->request("DELETE", "/api/live-streams/" + id + "/chat/" + message_id).status, 204);
  EXPECT_TRUE(fan_b_ws->read_until_text(R"("type":"chat_removed")", std::chrono::seconds(2))) << fan_b_ws->texts();
  ASSERT_EQ(fan_on_b.http->post_json("/api/live-streams/" + id + "/reactions", json::object{{"kind", "fire"}}).status, 204);
  EXPECT_TRUE(creator_ws->read_until_text(R"("fire":1)", std::chrono::seconds(2))) << creator_ws->texts();

  // The end decided on A reaches the subscriber on B.
  ASSERT_EQ(creator.http->post_json("/api/live-streams/" + id + "/end", json::object{{"saveRecording", false}}).status, 200);
  EXPECT_TRUE(fan_b_ws->read_until_text(R"("status":"ended")", std::chrono::seconds(2))) << fan_b_ws->texts();
}

TEST_F(Instances, AViewerJoiningAnywhereWatchesFromTheOwnerAndStartingMoreInstancesHarmsNothing) {
  SmtpSink sink(free_port());
  ServerProcess a(env(sink.port()));
  auto creator = signup(a, "creator");
  auto live = go_live(a, creator);
  ServerProcess b(env(sink.port()));
  ServerProcess c(env(sink.port()));  // two more start-ups: neither touches A's stream
  auto viewer = signup(b, "viewer");
  auto joined = viewer.http->post("/api/live-streams/" + live.id + "/join", "");
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_EQ(port_of(joined.json.at("watch")), a.port()) << "the watch URL is not the owner's";
  // B's relay has nothing of this stream: a socket there is refused, so the player joins again.
  EXPECT_EQ(ws_refusal_status(b.port(), path_of(joined.json.at("watch"))), 503);
  WsClient watcher(a.port(), path_of(joined.json.at("watch")));
  for (std::size_t i = 10; i < recording_.chunks.size(); ++i) live.publisher->send_binary(recording_.chunks[i]);
  EXPECT_TRUE(watcher.read_until_text(R"("type":"init")")) << watcher.texts();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (watcher.media().empty() && std::chrono::steady_clock::now() < deadline) watcher.read(std::chrono::seconds(1));
  EXPECT_FALSE(watcher.media().empty()) << "no media reached the viewer";
  std::this_thread::sleep_for(std::chrono::seconds(1));
  auto seen = viewer.http->get("/api/live-streams/" + live.id);
  EXPECT_EQ(seen.json.at("stream").at("status").as_string(), "live");
  EXPECT_EQ(seen.json.at("stream").at("viewerCount").as_int64(), 1);
}

TEST_F(Instances, AnEndOnAnotherInstanceClosesTheOwnersRoomAndSavesTheReel) {
  SmtpSink sink(free_port());
  ServerProcess a(env(sink.port()));
  ServerProcess b(env(sink.port()));
  auto creator = signup(a, "creator");
  auto live = go_live(a, creator);
  for (std::size_t i = 10; i < recording_.chunks.size(); ++i) live.publisher->send_binary(recording_.chunks[i]);
  HttpClient on_b(b.base_url());
  on_b.set_token(creator.token);
  auto ended = on_b.post_json("/api/live-streams/" + live.id + "/end", json::object{{"saveRecording", true}});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_TRUE(live.publisher->read_until_text(R"("type":"ended")")) << "A's publisher was not told";
  ASSERT_TRUE(wait_for(on_b, live.id, "recording", "saved", std::chrono::seconds(20))) << a.log();
  auto stream = on_b.get("/api/live-streams/" + live.id).json.at("stream");
  ASSERT_TRUE(stream.at("reelId").is_string()) << stream;
  auto reel = on_b.get("/api/reels/" + std::string(stream.at("reelId").as_string()));
  EXPECT_EQ(reel.status, 200) << reel.body;
}

TEST_F(Instances, ReelsMadeOnOneInstancePlayFromEveryOtherOnASharedMediaDirectory) {
  // On tmpfs: another filesystem than the data directories, as a network share would be.
  TempDir shared("/dev/shm");
  SmtpSink sink(free_port());
  auto settings = env(sink.port());
  settings["ONAIR_MEDIA_DIR"] = shared.path().string();
  ServerProcess a(settings);
  ServerProcess b(settings);
  auto creator = signup(a, "creator");
  HttpClient on_b(b.base_url());
  on_b.set_token(creator.token);
  // An upload on A.
  auto mp4 = read_file_bytes(std::string(ONAIR_SOURCE_DIR) + "/tests/fixtures/media/sample_2s.mp4");
  auto uploaded = creator.http->request("POST", "/api/reels?title=Upload", mp4, {{"Content-Type", "video/mp4"}});
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  std::string upload_id(uploaded.json.at("reel").at("id").as_string());
  EXPECT_EQ(on_b.get("/media/reels/" + upload_id).body, mp4);
  EXPECT_EQ(on_b.get("/media/reels/" + upload_id + "/thumbnail").status, 200);
  // A live stream recorded on A, saved as a reel.
  auto live = go_live(a, creator);
  for (std::size_t i = 10; i < recording_.chunks.size(); ++i) live.publisher->send_binary(recording_.chunks[i]);
  ASSERT_EQ(creator.http->post_json("/api/live-streams/" + live.id + "/end", json::object{{"saveRecording", true}}).status,
            200);
  ASSERT_TRUE(wait_for(on_b, live.id, "recording", "saved", std::chrono::seconds(20)));
  auto stream = on_b.get("/api/live-streams/" + live.id).json.at("stream");
  auto video = on_b.get("/media/reels/" + std::string(stream.at("reelId").as_string()));
  EXPECT_EQ(video.status, 200);
  EXPECT_GT(video.body.size(), 100'000u);
  // Deleting on B removes the files A wrote.
  ASSERT_EQ(on_b.request("DELETE", "/api/reels/" + upload_id).status, 204);
  EXPECT_EQ(creator.http->get("/media/reels/" + upload_id).status, 404);
  EXPECT_FALSE(std::filesystem::exists(shared.path() / "reels" / (upload_id + ".mp4")));
}

TEST_F(Instances, WhenTheOwnerDiesASurvivorTakesItsStreamAndThePublisherMayResumeThere) {
  SmtpSink sink(free_port());
  auto settings = env(sink.port());
  settings["ONAIR_INSTANCE_TIMEOUT_SECONDS"] = "4";
  settings["ONAIR_RELAY_GRACE_SECONDS"] = "30";
  ServerProcess a(settings);
  ServerProcess b(settings);
  auto creator = signup(a, "creator");
  auto live = go_live(a, creator);
  auto viewer = signup(b, "viewer");
  ASSERT_EQ(viewer.http->post("/api/live-streams/" + live.id + "/join", "").status, 200);
  a.kill();
  auto killed = std::chrono::steady_clock::now();
  ASSERT_TRUE(wait_for(*viewer.http, live.id, "status", "interrupted", std::chrono::seconds(45)));
  EXPECT_LT(std::chrono::steady_clock::now() - killed, std::chrono::seconds(10));
  EXPECT_EQ(viewer.http->get("/api/live-streams/" + live.id).json.at("stream").at("viewerCount").as_int64(), 0)
      << "the dead instance's viewers are still counted";
  // The broadcaster's app reconnects with the same publish token, to B this time.
  WsClient again(b.port(), live.publish_path);
  auto resumed = load_recording("vp8_opus_restart_b");
  for (const auto& chunk : resumed.chunks) again.send_binary(chunk);
  ASSERT_TRUE(wait_for(*viewer.http, live.id, "status", "live"));
  auto joined = viewer.http->post("/api/live-streams/" + live.id + "/join", "");
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_EQ(port_of(joined.json.at("watch")), b.port());
  std::this_thread::sleep_for(std::chrono::seconds(6));  // more heartbeats: B keeps it
  EXPECT_EQ(viewer.http->get("/api/live-streams/" + live.id).json.at("stream").at("status").as_string(), "live");
}

TEST_F(Instances, AStreamWhoseOwnerDiedEndsAfterTheGracePeriodAndASurvivorKeepsItsRecording) {
  TempDir shared("/dev/shm");
  SmtpSink sink(free_port());
  auto settings = env(sink.port());
  settings["ONAIR_INSTANCE_TIMEOUT_SECONDS"] = "4";
  settings["ONAIR_RELAY_GRACE_SECONDS"] = "2";
  settings["ONAIR_MEDIA_DIR"] = shared.path().string();
  ServerProcess a(settings);
  ServerProcess b(settings);
  auto creator = signup(a, "creator");
  auto live = go_live(a, creator);
  for (std::size_t i = 10; i < recording_.chunks.size(); ++i) live.publisher->send_binary(recording_.chunks[i]);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // A's recorder writes what it has
  a.kill();
  HttpClient on_b(b.base_url());
  on_b.set_token(creator.token);
  ASSERT_TRUE(wait_for(on_b, live.id, "status", "ended", std::chrono::seconds(30)));
  EXPECT_EQ(on_b.get("/api/live-streams/" + live.id).json.at("stream").at("endReason").as_string(), "broadcaster_lost");
  ASSERT_TRUE(wait_for(on_b, live.id, "recording", "saved", std::chrono::seconds(20))) << b.log();
  auto stream = on_b.get("/api/live-streams/" + live.id).json.at("stream");
  ASSERT_TRUE(stream.at("reelId").is_string()) << stream;
  EXPECT_EQ(on_b.get("/media/reels/" + std::string(stream.at("reelId").as_string())).status, 200);
}

TEST_F(Instances, SignUpAndSignInLimitsHoldAcrossInstances) {
  SmtpSink sink(free_port());
  auto settings = env(sink.port());
  settings["ONAIR_SIGNUPS_PER_HOUR"] = "3";
  ServerProcess a(settings);
  ServerProcess b(settings);
  auto attempt = [](const ServerProcess& server, const std::string& handle) {
    HttpClient http(server.base_url());
    return http.post_json("/api/auth/signup", json::object{{"handle", handle}, {"email", handle + "@example.test"},
                                                           {"password", "password-" + handle}});
  };
  EXPECT_EQ(attempt(a, "one").status, 201);
  EXPECT_EQ(attempt(b, "two").status, 201);
  EXPECT_EQ(attempt(a, "three").status, 201);
  expect_error(attempt(b, "four"), 429, "rate_limited");  // each instance alone would have allowed 3
  expect_error(attempt(a, "five"), 429, "rate_limited");
  // Wrong passwords for one account: ten in all, wherever they are tried.
  int refused_at = 0;
  for (int i = 1; i <= 12 && refused_at == 0; ++i) {
    HttpClient http((i % 2 ? a : b).base_url());
    auto res = http.post_json("/api/auth/login", json::object{{"login", "one"}, {"password", "wrong-password"}});
    if (res.status == 429) refused_at = i;
  }
  EXPECT_EQ(refused_at, 11);
}

TEST_F(Instances, ALogoutOnOneInstanceIsRefusedOnEveryOtherAtOnce) {
  SmtpSink sink(free_port());
  ServerProcess a(env(sink.port()));
  ServerProcess b(env(sink.port()));
  auto user = signup(a, "leaver");
  HttpClient on_b(b.base_url());
  on_b.set_token(user.token);
  ASSERT_EQ(on_b.get("/api/me").status, 200);  // B now holds the session in its cache
  ASSERT_EQ(user.http->post("/api/auth/logout", "").status, 204);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline && (status = on_b.get("/api/me").status) == 200) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(status, 401) << "B honoured a session A ended";
}

TEST_F(Instances, ThreeInstancesToldEachFollowerOnceInTheAppAndByEmail) {
  constexpr int kFollowers = 300;
  SmtpSink sink(free_port());
  ServerProcess a(env(sink.port()));
  ServerProcess b(env(sink.port()));
  ServerProcess c(env(sink.port()));
  HttpClient http(a.base_url());
  auto res = http.post_json("/api/auth/signup", json::object{{"handle", "creator"}, {"email", "c@example.test"},
                                                             {"password", "password1"}});
  ASSERT_EQ(res.status, 201) << res.body;
  http.set_token(std::string(res.json.at("token").as_string()));
  std::string creator(res.json.at("user").at("id").as_string());
  sql("INSERT INTO " + schema_ + ".users (id, handle, email, display_name, password_hash, created_at) "
      "SELECT 'f' || lpad(i::text, 8, '0'), 'f' || lpad(i::text, 8, '0'), 'f' || lpad(i::text, 8, '0') || "
      "'@example.test', 'f', 'x', 0 FROM generate_series(1, " + std::to_string(kFollowers) + ") AS i");
  sql("INSERT INTO " + schema_ + ".follows (follower_id, followee_id, created_at) SELECT id, '" + creator + "', 0 FROM " +
      schema_ + ".users WHERE handle LIKE 'f0%'");
  auto created = http.post_json("/api/live-streams", json::object{{"title", "t"}, {"sensitivity", "none"}, {"gating", "public"}});
  ASSERT_EQ(created.status, 201) << created.body;
  WsClient publisher(a.port(), path_of(created.json.at("publish")));
  auto rec = load_recording("vp8_opus_restart_a");
  for (std::size_t i = 0; i < 6; ++i) publisher.send_binary(rec.chunks[i]);

  auto mails = sink.wait_for(kFollowers, std::chrono::seconds(60));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // would a second copy still come?
  mails = sink.messages();
  std::map<std::string, int> per_recipient;
  std::regex to(R"(\nTo: <?(f[0-9]{8})@example\.test)");
  for (const auto& m : mails) {
    std::smatch found;
    if (std::regex_search(m, found, to)) ++per_recipient[found[1]];
  }
  EXPECT_EQ(per_recipient.size(), static_cast<std::size_t>(kFollowers));
  int doubled = 0;
  for (const auto& [who, n] : per_recipient) doubled += n > 1 ? 1 : 0;
  EXPECT_EQ(doubled, 0) << "followers emailed twice by the instances' workers";
  auto count = [&](const std::string& query) {
    return admin_->read([&](store::Conn& conn) -> Result<long long> {
                    long long n = 0;
                    conn.sql << query, soci::into(n);
                    return n;
                  }).value();
  };
  EXPECT_EQ(count("SELECT COUNT(*) FROM " + schema_ + ".notifications"), kFollowers);
  EXPECT_EQ(count("SELECT COUNT(*) FROM " + schema_ + ".jobs WHERE status <> 'done'"), 0);
}

TEST_F(Instances, InstancesAgreeOnTheSigningSecretWithoutOneBeingSet) {
  // No ONAIR_SECRET: each instance has its own data directory, yet one verifies the other's tokens.
  ServerProcess a({{"ONAIR_DATABASE_URL", url_}});
  ServerProcess b({{"ONAIR_DATABASE_URL", url_}});
  HttpClient http(a.base_url());
  auto res = http.post_json("/api/auth/signup", json::object{{"handle", "creator"}, {"email", "c@example.test"},
                                                             {"password", "password1"}});
  ASSERT_EQ(res.status, 201) << res.body;
  http.set_token(std::string(res.json.at("token").as_string()));
  auto created = http.post_json("/api/live-streams", json::object{{"title", "t"}, {"sensitivity", "none"}, {"gating", "public"}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto publish = path_of(created.json.at("publish"));
  EXPECT_EQ(ws_refusal_status(b.port(), publish), 0) << "B refused the publish token A signed";
  EXPECT_EQ(ws_refusal_status(b.port(), publish.substr(0, publish.size() - 4) + "AAAA"), 401) << "a forged one";
}

}  // namespace
}  // namespace onair::testing
