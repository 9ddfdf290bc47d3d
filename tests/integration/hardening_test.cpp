// What an attack on a running onair found, each as a test against the real binary.
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/raw_socket.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

std::string status_line(const std::string& reply) { return reply.substr(0, reply.find("\r\n")); }

/// A signed-up user's raw request with the session cookie (as a browser sends it) and `origin`.
std::string cookie_request(const std::string& method, const std::string& path, const ApiUser& user,
                           const std::string& origin, const std::string& type, const std::string& body) {
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: onair_session=" + user.token +
                    "\r\nConnection: close\r\n";
  if (!origin.empty()) req += "Origin: " + origin + "\r\n";
  if (!type.empty()) req += "Content-Type: " + type + "\r\n";
  return req + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

class Hardening : public ApiTest {
 protected:
  std::string send_raw(const std::string& request, const char* from = nullptr) {
    RawSocket raw(server_->port(), from);
    raw.send(request);
    return raw.read_all();
  }

  std::string own_origin() { return server_->base_url(); }
};

// Admin rights ---------------------------------------------------------------------------------

class AdminSetting : public Hardening {
 protected:
  std::map<std::string, std::string> server_env() override { return {{"ONAIR_ADMIN_HANDLES", "boss"}}; }
};

TEST_F(AdminSetting, AListedHandleThatSignsUpLaterIsNoAdmin) {
  auto claimer = signup("boss");
  EXPECT_FALSE(claimer.http->get("/api/me").json.at("user").at("isAdmin").as_bool());
  expect_error(claimer.http->get("/api/admin/overview"), 403, "forbidden");
}

TEST_F(AdminSetting, GrantAndRevokeBesideARunningServerHoldAtOnce) {
  auto boss = signup("boss");
  auto [granted, out] = server_->run_command({"admin", "grant", "boss"});
  ASSERT_EQ(granted, 0) << out;
  EXPECT_EQ(boss.http->get("/api/admin/overview").status, 200);
  EXPECT_TRUE(boss.http->get("/api/me").json.at("user").at("isAdmin").as_bool());
  auto [revoked, out2] = server_->run_command({"admin", "revoke", "boss"});
  ASSERT_EQ(revoked, 0) << out2;
  expect_error(boss.http->get("/api/admin/overview"), 403, "forbidden");
  EXPECT_FALSE(boss.http->get("/api/me").json.at("user").at("isAdmin").as_bool());
  auto [unknown, out3] = server_->run_command({"admin", "grant", "nobody"});
  EXPECT_EQ(unknown, 1) << out3;
  EXPECT_NE(out3.find("not found"), std::string::npos) << out3;
  EXPECT_EQ(server_->run_command({"admin", "promote", "boss"}).first, 2);
}

TEST(AdminSettingAtStart, AppliesToExistingAccountsBothWays) {
  TempDir data;
  std::string boss_token, old_token;
  {
    ServerProcess server({}, data.path().string());
    HttpClient http(server.base_url());
    for (const char* handle : {"boss", "old"}) {
      auto res = http.post_json("/api/auth/signup", json::object{{"handle", handle}, {"email", std::string(handle) + "@x.test"},
                                                                 {"password", "password1"}});
      ASSERT_EQ(res.status, 201);
      (std::string(handle) == "boss" ? boss_token : old_token) = std::string(res.json.at("token").as_string());
    }
    ASSERT_EQ(server.run_command({"admin", "grant", "old"}).first, 0);
  }
  ServerProcess server({{"ONAIR_ADMIN_HANDLES", "boss"}}, data.path().string());
  HttpClient boss(server.base_url()), old(server.base_url());
  boss.set_token(boss_token);
  old.set_token(old_token);
  EXPECT_EQ(boss.get("/api/admin/overview").status, 200);
  EXPECT_EQ(old.get("/api/admin/overview").status, 403) << "a handle removed from the setting loses the rights";
}

// Watch tokens ---------------------------------------------------------------------------------

TEST_F(Hardening, AWatchTokenOpensOneSocketAndNothingAfterLeaveOrLogout) {
  auto creator = signup("creator");
  auto viewer = signup("viewer");
  auto id = create_stream(creator);
  auto joined = viewer.http->post("/api/live-streams/" + id + "/join");
  ASSERT_EQ(joined.status, 200) << joined.body;
  auto watch = path_of(joined.json.at("watch"));
  WsClient first(server_->port(), watch);
  ASSERT_TRUE(first.read_until_text("status"));
  WsClient second(server_->port(), watch);  // the same token again: replaces the first socket
  ASSERT_TRUE(second.read_until_text("status"));
  while (first.read(std::chrono::seconds(3))) {
  }
  EXPECT_TRUE(first.closed());
  EXPECT_EQ(first.close_code(), 4001);
  EXPECT_EQ(viewer.http->post("/api/live-streams/" + id + "/leave").status, 204);
  while (second.read(std::chrono::seconds(3))) {
  }
  EXPECT_TRUE(second.closed()) << "leave closes the session's socket";
  EXPECT_EQ(ws_refusal_status(server_->port(), watch), 403) << "and its token opens nothing";

  auto again = viewer.http->post("/api/live-streams/" + id + "/join");
  auto watch_again = path_of(again.json.at("watch"));
  EXPECT_EQ(viewer.http->post("/api/auth/logout").status, 204);
  EXPECT_EQ(ws_refusal_status(server_->port(), watch_again), 403) << "signed out: the token opens nothing";
}

// Client events --------------------------------------------------------------------------------

TEST_F(Hardening, ClientEventsOnlyFromAStreamsParticipantsAndOnlyKnownKinds) {
  auto creator = signup("creator");
  auto viewer = signup("viewer");
  auto stranger = signup("stranger");
  auto id = create_stream(creator);
  ASSERT_EQ(viewer.http->post("/api/live-streams/" + id + "/join").status, 200);
  auto report = [&](ApiUser& who, const std::string& stream, const std::string& kind) {
    return who.http->post_json("/api/client-events", json::object{{"streamId", stream}, {"kind", kind}, {"message", "m"}});
  };
  EXPECT_EQ(report(viewer, id, "playback_error").status, 204);
  EXPECT_EQ(report(creator, id, "publish_error").status, 204);
  expect_error(report(stranger, id, "playback_error"), 403, "forbidden");
  expect_error(report(viewer, id, "made_up_kind"), 400, "validation_failed");
  expect_error(report(viewer, "no-such-stream", "reconnect"), 404, "not_found");
  EXPECT_EQ(count("SELECT COUNT(*) FROM stream_events WHERE kind LIKE 'client:%'"), 2);
}

// One text rule --------------------------------------------------------------------------------

TEST_F(Hardening, ControlCharactersAreRefusedInEveryUserVisibleField) {
  auto user = signup("writer");
  for (std::string bad : {std::string("nul\0x", 5), std::string("cr\rlf\n"), std::string("esc\x1b[2J"),
                          std::string("rlo\u202Efdp.exe")}) {
    expect_error(user.http->post_json("/api/live-streams",
                                      json::object{{"title", bad}, {"sensitivity", "none"}, {"gating", "public"}}),
                 400, "validation_failed");
    expect_error(user.http->post_json("/api/auth/signup", json::object{{"handle", "other"}, {"email", "o@x.test"},
                                                                       {"password", "password1"}, {"displayName", bad}}),
                 400, "validation_failed");
  }
  expect_error(user.http->post_json("/api/live-streams", json::object{{"title", "ok"}, {"description", "a\u202Eb"},
                                                                      {"sensitivity", "none"}, {"gating", "public"}}),
               400, "validation_failed");
  // New lines belong in descriptions.
  EXPECT_EQ(user.http->post_json("/api/live-streams", json::object{{"title", "Fine"}, {"description", "line one\nline two"},
                                                                   {"sensitivity", "none"}, {"gating", "public"}})
                .status,
            201);
  EXPECT_EQ(count("SELECT COUNT(*) FROM live_streams"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 1);
}

// Cross-site requests --------------------------------------------------------------------------

TEST_F(Hardening, ACookieFromAForeignPageCannotActOrOpenTheEventSocket) {
  auto user = signup("victim");
  std::string body = R"({"credits":100,"idempotencyKey":"k1"})";
  auto foreign = send_raw(cookie_request("POST", "/api/me/wallet/top-up", user, "http://evil.example", "text/plain", body));
  EXPECT_EQ(status_line(foreign).substr(9, 3), "403") << foreign;
  foreign = send_raw(cookie_request("POST", "/api/me/wallet/top-up", user, "http://127.0.0.1:1", "application/json", body));
  EXPECT_EQ(status_line(foreign).substr(9, 3), "403") << foreign;
  // No preflight-free type is read as JSON, whatever the origin.
  auto plain = send_raw(cookie_request("POST", "/api/me/wallet/top-up", user, "", "text/plain", body));
  EXPECT_EQ(status_line(plain).substr(9, 3), "415") << plain;
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries"), 0);
  auto own = send_raw(cookie_request("POST", "/api/me/wallet/top-up", user, own_origin(), "application/json", body));
  EXPECT_EQ(status_line(own).substr(9, 3), "201") << own;

  auto upgrade = [&](const std::string& origin) {
    return send_raw("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    "Cookie: onair_session=" + user.token + "\r\nOrigin: " + origin + "\r\n\r\n");
  };
  auto hijack = upgrade("http://evil.example");
  EXPECT_EQ(status_line(hijack).substr(9, 3), "403") << hijack;
  EXPECT_NE(hijack.find("\"code\":\"forbidden\""), std::string::npos) << hijack;
  RawSocket ours(server_->port());
  ours.send("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Cookie: onair_session=" + user.token + "\r\nOrigin: " + own_origin() + "\r\n\r\n");
  EXPECT_EQ(status_line(ours.read_until("\r\n\r\n")).substr(9, 3), "101");
}

// Sign-in and sign-up limits -------------------------------------------------------------------

TEST_F(Hardening, GuessingFromOneAddressNeverLocksTheOwnerOutElsewhere) {
  auto owner = signup("owner");
  auto login = [&](const std::string& name, const std::string& password, const char* from) {
    std::string body = R"({"login":")" + name + R"(","password":")" + password + R"("})";
    return status_line(send_raw("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                "Content-Type: application/json\r\nContent-Length: " +
                                    std::to_string(body.size()) + "\r\n\r\n" + body,
                                from))
        .substr(9, 3);
  };
  for (int i = 0; i < 10; ++i) EXPECT_EQ(login(i % 2 ? "owner" : "owner@example.test", "wrong", "127.0.0.2"), "401");
  // Handle and email name one account: the guesser's eleventh try is refused either way.
  EXPECT_EQ(login("owner", "wrong", "127.0.0.2"), "429");
  EXPECT_EQ(login("owner@example.test", "password-owner", "127.0.0.2"), "429");
  // The owner, elsewhere, signs in.
  EXPECT_EQ(login("owner", "password-owner", "127.0.0.3"), "200");
}

class SignupLimit : public Hardening {
 protected:
  std::map<std::string, std::string> server_env() override { return {{"ONAIR_SIGNUPS_PER_HOUR", "3"}}; }
};

TEST_F(SignupLimit, OneAddressMakesOnlySoManyAccounts) {
  for (const char* handle : {"one", "two", "three"}) signup(handle);
  auto http = client();
  expect_error(http->post_json("/api/auth/signup", json::object{{"handle", "four"}, {"email", "four@x.test"},
                                                                {"password", "password1"}}),
               429, "rate_limited");
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 3);
}

class ChatCeiling : public Hardening {
 protected:
  std::map<std::string, std::string> server_env() override { return {{"ONAIR_CHAT_STREAM_PER_SECOND", "1"}}; }
};

TEST_F(ChatCeiling, ManyAccountsCannotFloodOneChatButItsCreatorStillSpeaks) {
  auto creator = signup("creator");
  auto id = create_stream(creator);
  std::vector<ApiUser> crowd;
  for (int i = 0; i < 6; ++i) {
    crowd.push_back(signup("spam" + std::to_string(i)));
    ASSERT_EQ(crowd.back().http->post("/api/live-streams/" + id + "/join").status, 200);
  }
  int accepted = 0, refused = 0;
  for (auto& user : crowd) {
    auto res = user.http->post_json("/api/live-streams/" + id + "/chat", json::object{{"text", "buy now"}});
    (res.status == 201 ? accepted : refused)++;
    if (res.status != 201) expect_error(res, 429, "rate_limited");
  }
  EXPECT_EQ(accepted, 3) << "a burst of three seconds' worth at one a second";
  EXPECT_EQ(refused, 3);
  EXPECT_EQ(creator.http->post_json("/api/live-streams/" + id + "/chat", json::object{{"text", "hello"}}).status, 201);
}

// Connections ----------------------------------------------------------------------------------

class ConnectionLimits : public Hardening {
 protected:
  std::map<std::string, std::string> server_env() override {
    return {{"ONAIR_MAX_CONNECTIONS", "16"}, {"ONAIR_MAX_CONNECTIONS_PER_ADDRESS", "1000"}};
  }
};

TEST_F(ConnectionLimits, BeyondTheCapOnlyHealthChecksGetInAndBeyondTheReserveNobody) {
  std::vector<std::unique_ptr<RawSocket>> idle;
  for (int i = 0; i < 16; ++i) idle.push_back(std::make_unique<RawSocket>(server_->port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // accepted by now
  auto busy = send_raw("GET /api/me HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(status_line(busy).substr(9, 3), "503") << busy;
  EXPECT_NE(busy.find("server_busy"), std::string::npos);
  auto health = send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_line(health).substr(9, 3), "200") << "the reserve serves health checks";
  for (int i = 0; i < 64; ++i) idle.push_back(std::make_unique<RawSocket>(server_->port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto full = send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(status_line(full).substr(9, 3), "503") << full;
  idle.clear();  // the idle ones go: the server is open again
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(client()->get("/api/me").status, 401);
}

class AddressLimit : public Hardening {
 protected:
  std::map<std::string, std::string> server_env() override { return {{"ONAIR_MAX_CONNECTIONS_PER_ADDRESS", "8"}}; }
};

TEST_F(AddressLimit, OneAddressCannotHoldMoreThanItsShare) {
  std::vector<std::unique_ptr<RawSocket>> idle;
  for (int i = 0; i < 8; ++i) idle.push_back(std::make_unique<RawSocket>(server_->port(), "127.0.0.2"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto refused = send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "127.0.0.2");
  EXPECT_EQ(status_line(refused).substr(9, 3), "503") << refused;
  auto other = send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", "127.0.0.3");
  EXPECT_EQ(status_line(other).substr(9, 3), "200") << "other addresses are unaffected";
}

class SlowUpload : public Hardening {
 protected:
  std::map<std::string, std::string> server_env() override { return {{"ONAIR_REQUEST_TIMEOUT_SECONDS", "1"}}; }
};

TEST_F(SlowUpload, ATrickleIsCutOffWithoutWaitingForEver) {
  auto user = signup("slow");
  RawSocket raw(server_->port());
  raw.send("POST /api/reels?title=t HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + user.token +
           "\r\nContent-Type: video/mp4\r\nContent-Length: 1000000\r\n\r\n");
  auto started = std::chrono::steady_clock::now();
  std::string reply;
  // One byte every 300 ms keeps each read within the 1 s timeout, but the whole is far too slow.
  while (std::chrono::steady_clock::now() - started < std::chrono::seconds(15)) {
    if (!raw.send("x")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  reply = raw.read_all();
  EXPECT_EQ(status_line(reply).substr(9, 3), "408") << reply;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
  EXPECT_EQ(count("SELECT COUNT(*) FROM reels"), 0);
}

// Crash leftovers ------------------------------------------------------------------------------

TEST(CrashLeftovers, FilesOfUploadsThatNeverBecameReelsAreSweptAtStart) {
  TempDir data;
  std::string kept_id;
  {
    ServerProcess server({}, data.path().string());
    HttpClient http(server.base_url());
    auto res = http.post_json("/api/auth/signup", json::object{{"handle", "uploader"}, {"email", "u@x.test"}, {"password", "password1"}});
    http.set_token(std::string(res.json.at("token").as_string()));
    auto mp4 = read_file_bytes(std::string(ONAIR_SOURCE_DIR) + "/tests/fixtures/media/sample_2s.mp4");
    auto reel = http.request("POST", "/api/reels?title=kept", mp4, {{"Content-Type", "video/mp4"}});
    ASSERT_EQ(reel.status, 201);
    kept_id = std::string(reel.json.at("reel").at("id").as_string());
    server.kill();
  }
  // What a SIGKILL between storing an upload's files and writing its row leaves behind.
  auto reels = data.path() / "media" / "reels";
  auto hour_ago = std::filesystem::file_time_type::clock::now() - std::chrono::hours(2);
  for (const char* name : {"orphan.mp4", "orphan.jpg"}) {
    std::ofstream(reels / name) << "partial";
    std::filesystem::last_write_time(reels / name, hour_ago);
  }
  std::ofstream(reels / "fresh.mp4") << "an upload still in progress elsewhere";
  std::filesystem::last_write_time(reels / (kept_id + ".mp4"), hour_ago);
  ServerProcess again({}, data.path().string());
  EXPECT_FALSE(std::filesystem::exists(reels / "orphan.mp4"));
  EXPECT_FALSE(std::filesystem::exists(reels / "orphan.jpg"));
  EXPECT_TRUE(std::filesystem::exists(reels / "fresh.mp4"));
  EXPECT_TRUE(std::filesystem::exists(reels / (kept_id + ".mp4")));
}

}  // namespace
}  // namespace onair::testing
