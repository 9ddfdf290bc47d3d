// onair in LiveKit mode against tests/livekit-standin: LiveKit's own SDK and protocol packages
// check our tokens, parse our Twirp requests strictly and sign the webhooks we receive.

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "core/clock.hpp"
#include "livekit/access_token.hpp"
#include "livekit/livekit_client.hpp"
#include "livekit/twirp_client.hpp"
#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/livekit_standin.hpp"

namespace onair::testing {
namespace {

constexpr const char* kKey = "APIonairTestKey";
constexpr const char* kSecret = "onair-test-secret-0123456789abcdef0123456789";

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

class LiveKitMode : public ApiTest {
 protected:
  void SetUp() override {
    standin_ = std::make_unique<LiveKitStandin>(kKey, kSecret);
    ApiTest::SetUp();
    lk_ = std::make_unique<HttpClient>(standin_->url());
    auto configured = control("/_control/config", json::object{{"webhookUrl", server_->base_url() + "/webhooks/livekit"}});
    ASSERT_EQ(configured.status, 200) << configured.body;
  }
  std::map<std::string, std::string> server_env() override {
    std::map<std::string, std::string> env{{"ONAIR_MEDIA_BACKEND", "livekit"},
                                           {"LIVEKIT_URL", "ws://127.0.0.1:" + std::to_string(standin_->port())},
                                           {"LIVEKIT_API_KEY", kKey},
                                           {"LIVEKIT_API_SECRET", kSecret},
                                           {"LIVEKIT_EGRESS_DIR", egress_.path().string()},
                                           {"LIVEKIT_TIMEOUT_MS", "500"},
                                           {"ONAIR_RELAY_GRACE_SECONDS", "2"}};
    for (auto& [k, v] : extra_env_) env[k] = v;
    return env;
  }

  HttpResponse control(const std::string& path, const json::value& body) { return lk_->post_json(path, body); }
  json::array log(const std::string& method) {
    auto res = lk_->get("/_control/log?method=" + method);
    return res.json.at("requests").as_array();
  }
  json::object stream(ApiUser& user, const std::string& id) {
    return user.http->get("/api/live-streams/" + id).json.at("stream").as_object();
  }
  std::string status_of(ApiUser& user, const std::string& id) {
    return std::string(stream(user, id).at("status").as_string());
  }
  /// The publisher joins the room and publishes its camera, as livekit-client would.
  void go_live(const ApiUser& author, const std::string& room) {
    auto joined = control("/_control/participant", json::object{{"room", room},
                                                                {"identity", "host:" + author.id},
                                                                {"kind", "publisher"},
                                                                {"action", "join"}});
    ASSERT_EQ(joined.status, 200) << joined.body;
    auto published = control("/_control/participant",
                             json::object{{"room", room},
                                          {"identity", "host:" + author.id},
                                          {"action", "publish"},
                                          {"track", json::object{{"type", "VIDEO"}, {"source", "CAMERA"}}}});
    ASSERT_EQ(published.status, 200) << published.body;
  }
  /// The viewer joins the stream and enters its room with the token they got, as livekit-client
  /// would; their identity in the room (empty when something failed).
  std::string watch(ApiUser& viewer, const std::string& room) {
    auto joined = viewer.http->post_json("/api/live-streams/" + room + "/join", json::object{});
    EXPECT_EQ(joined.status, 200) << joined.body;
    if (joined.status != 200) return "";
    livekit::TokenSigner signer(kKey, kSecret);
    auto claims = signer.verify(std::string(joined.json.at("watch").at("token").as_string()), now_seconds());
    EXPECT_TRUE(claims.ok());
    if (!claims) return "";
    std::string identity(claims->at("sub").as_string());
    auto entered = control("/_control/participant",
                           json::object{{"room", room}, {"identity", identity}, {"kind", "viewer"}, {"action", "join"}});
    EXPECT_EQ(entered.status, 200) << entered.body;
    return entered.status == 200 ? identity : "";
  }
  void leave(const std::string& identity, const std::string& room) {
    auto left = control("/_control/participant",
                        json::object{{"room", room}, {"identity", identity}, {"action", "leave"}});
    ASSERT_EQ(left.status, 200) << left.body;
  }
  std::string egress_id_of(const std::string& room) {
    for (const auto& e : log("StartRoomCompositeEgress")) {
      if (e.at("status").as_int64() == 200 && e.at("request").at("room_name").as_string() == room) {
        return std::string(e.at("response").at("egress_id").as_string());
      }
    }
    return "";
  }

  TempDir egress_;
  std::map<std::string, std::string> extra_env_;
  std::unique_ptr<LiveKitStandin> standin_;
  std::unique_ptr<HttpClient> lk_;
};

TEST_F(LiveKitMode, BroadcasterAndViewerTokensVerifyWithLiveKitsSdk) {
  auto author = signup("host");
  auto res = author.http->post_json("/api/live-streams", json::object{{"title", "Cooking"}, {"sensitivity", "none"},
                                                                       {"gating", "public"}});
  ASSERT_EQ(res.status, 201) << res.body;
  std::string id(res.json.at("stream").at("id").as_string());
  const auto& publish = res.json.at("publish");
  EXPECT_EQ(publish.at("backend").as_string(), "livekit");
  EXPECT_EQ(publish.at("url").as_string(), "ws://127.0.0.1:" + std::to_string(standin_->port()));

  auto [rc, out] = run_standin_tool("verify-token.mjs", std::string("--api-key ") + kKey + " --api-secret " + kSecret,
                                    std::string(publish.at("token").as_string()));
  ASSERT_EQ(rc, 0) << out;
  auto claims = json::parse(out).as_object();
  EXPECT_EQ(claims.at("sub").as_string(), "host:" + author.id);
  EXPECT_EQ(claims.at("iss").as_string(), kKey);
  const auto& video = claims.at("video").as_object();
  EXPECT_EQ(video.at("room").as_string(), id);
  EXPECT_TRUE(video.at("roomJoin").as_bool());
  EXPECT_TRUE(video.at("canPublish").as_bool());
  EXPECT_TRUE(video.at("canSubscribe").as_bool());
  EXPECT_EQ(video.at("canPublishSources"), (json::array{"camera", "microphone"}));
  EXPECT_FALSE(video.contains("roomAdmin"));
  EXPECT_FALSE(video.contains("roomCreate"));

  auto viewer = signup("fan");
  auto joined = viewer.http->post_json("/api/live-streams/" + id + "/join", json::object{});
  ASSERT_EQ(joined.status, 200) << joined.body;
  auto [vrc, vout] = run_standin_tool("verify-token.mjs", std::string("--api-key ") + kKey + " --api-secret " + kSecret,
                                      std::string(joined.json.at("watch").at("token").as_string()));
  ASSERT_EQ(vrc, 0) << vout;
  auto vclaims = json::parse(vout).as_object();
  EXPECT_TRUE(std::string(vclaims.at("sub").as_string()).starts_with("viewer:" + viewer.id + ":"))
      << vclaims.at("sub");
  const auto& vvideo = vclaims.at("video").as_object();
  EXPECT_EQ(vvideo.at("room").as_string(), id);
  EXPECT_FALSE(vvideo.at("canPublish").as_bool());  // explicit: absent would mean true to LiveKit
  EXPECT_TRUE(vvideo.at("canSubscribe").as_bool());
  EXPECT_TRUE(vvideo.at("canPublishData").as_bool());
  EXPECT_EQ(vclaims.at("exp").as_int64() - vclaims.at("nbf").as_int64(), 300);

  // A token signed with another secret is refused by the SDK too.
  livekit::TokenSigner forged(kKey, "another-secret-another-secret-another");
  livekit::TokenClaims c;
  c.identity = "x";
  c.now_seconds = now_seconds();
  auto [frc, fout] = run_standin_tool("verify-token.mjs", std::string("--api-key ") + kKey + " --api-secret " + kSecret,
                                      forged.mint(c));
  EXPECT_EQ(frc, 1) << fout;
}

TEST_F(LiveKitMode, TokensFromLiveKitsSdkVerifyWithOnairsSigner) {
  auto [rc, token] = run_standin_tool("mint-token.mjs",
                                      std::string("--api-key ") + kKey + " --api-secret " + kSecret +
                                          " --identity sdk-user --room r1 --can-publish --can-publish-sources camera",
                                      "");
  ASSERT_EQ(rc, 0) << token;
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  livekit::TokenSigner signer(kKey, kSecret);
  auto claims = signer.verify(token, now_seconds());
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->at("sub").as_string(), "sdk-user");
  EXPECT_EQ(claims->at("video").at("room").as_string(), "r1");
  EXPECT_EQ(claims->at("video").at("canPublishSources"), (json::array{"camera"}));
  livekit::TokenSigner other(kKey, "not-the-secret-not-the-secret-not-the");
  EXPECT_FALSE(other.verify(token, now_seconds()).ok());
  livekit::TokenSigner wrong_key("APIother", kSecret);
  EXPECT_FALSE(wrong_key.verify(token, now_seconds()).ok());
  EXPECT_FALSE(signer.verify(token, now_seconds() + 3600).ok());  // expired (SDK default ttl 600 s here)
}

TEST_F(LiveKitMode, CreateRoomIsARequestLiveKitParsesWithOnlyTheGrantItNeeds) {
  auto author = signup("host");
  auto id = create_stream(author);
  auto calls = log("CreateRoom");
  ASSERT_EQ(calls.size(), 1u);
  const auto& call = calls[0].as_object();
  EXPECT_EQ(call.at("status").as_int64(), 200) << json::serialize(call);
  EXPECT_FALSE(call.contains("parseError")) << json::serialize(call);
  EXPECT_TRUE(call.at("authError").is_null()) << json::serialize(call);
  EXPECT_EQ(call.at("request").at("name").as_string(), id);
  auto meta = json::parse(call.at("request").at("metadata").as_string());
  EXPECT_EQ(meta.at("onair").at("streamId").as_string(), id);
  EXPECT_GT(call.at("request").at("empty_timeout").as_int64(), 0);
  const auto& video = call.at("claims").at("video").as_object();
  EXPECT_TRUE(video.at("roomCreate").as_bool());
  EXPECT_FALSE(video.contains("roomJoin"));
  EXPECT_FALSE(video.contains("roomAdmin"));
  auto ttl = call.at("claims").at("exp").as_int64() - call.at("claims").at("nbf").as_int64();
  EXPECT_LE(ttl, 600);
}

TEST_F(LiveKitMode, PublisherWebhooksDriveTheStreamAndASavedRecordingBecomesAReel) {
  auto author = signup("host");
  auto follower = signup("follower");
  ASSERT_EQ(follower.http->post_json("/api/users/" + author.handle + "/follow", json::object{}).status, 204);
  auto id = create_stream(author);
  EXPECT_EQ(status_of(author, id), "created");

  go_live(author, id);
  ASSERT_TRUE(wait_until([&] { return status_of(author, id) == "live"; })) << server_->log();
  // Going live on LiveKit notifies the followers like the relay does.
  ASSERT_TRUE(wait_until([&] {
    auto page = follower.http->get("/api/notifications");
    return page.status == 200 && page.json.at("items").as_array().size() == 1;
  }));
  auto note = follower.http->get("/api/notifications").json.at("items").at(0);
  EXPECT_EQ(note.at("type").as_string(), "LIVE_STREAM_STARTED");
  EXPECT_EQ(note.at("link").as_string(), "/live/" + id);
  EXPECT_EQ(stream(author, id).at("recording").as_string(), "recording");
  ASSERT_TRUE(wait_until([&] { return !egress_id_of(id).empty(); }));
  auto egress_call = log("StartRoomCompositeEgress")[0].as_object();
  EXPECT_FALSE(egress_call.contains("parseError")) << json::serialize(egress_call);
  std::string filepath(egress_call.at("request").at("file_outputs").at(0).at("filepath").as_string());
  EXPECT_EQ(filepath, egress_.path().string() + "/" + id + ".mp4");

  // The publisher drops and comes back within the grace period: interrupted, then live again,
  // and the recording started only once.
  leave("host:" + author.id, id);
  ASSERT_TRUE(wait_until([&] { return status_of(author, id) == "interrupted"; }));
  go_live(author, id);
  ASSERT_TRUE(wait_until([&] { return status_of(author, id) == "live"; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // past the grace period
  EXPECT_EQ(status_of(author, id), "live");
  EXPECT_EQ(log("StartRoomCompositeEgress").size(), 1u);

  // The egress has been writing its file all along (a real egress reports its end only once the
  // file is complete); DeleteRoom or StopEgress may end it in the stand-in at once.
  std::filesystem::copy_file(std::string(ONAIR_SOURCE_DIR) + "/tests/fixtures/media/sample_2s.mp4", filepath);
  auto ended = author.http->post_json("/api/live-streams/" + id + "/end", json::object{{"saveRecording", true}});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json.at("stream").at("status").as_string(), "ended");
  EXPECT_EQ(ended.json.at("stream").at("recording").as_string(), "recording");  // egress still writing
  EXPECT_EQ(log("StopEgress").size(), 1u);
  ASSERT_TRUE(wait_until([&] { return log("DeleteRoom").size() == 1; }));

  auto done = control("/_control/egress-end",
                      json::object{{"egressId", egress_id_of(id)}, {"status", "complete"}, {"filename", filepath}});
  // StopEgress already completes it in the stand-in after 100 ms; either way the webhook lands.
  ASSERT_TRUE(done.status == 200 || done.status == 412 || done.status == 409) << done.body;
  ASSERT_TRUE(wait_until([&] { return stream(author, id).at("recording").as_string() == "saved"; })) << server_->log();
  auto s = stream(author, id);
  ASSERT_TRUE(s.at("reelId").is_string());
  auto reel = author.http->get("/api/reels/" + std::string(s.at("reelId").as_string()));
  ASSERT_EQ(reel.status, 200) << reel.body;
  EXPECT_EQ(reel.json.at("reel").at("sourceStreamId").as_string(), id);
  EXPECT_GT(reel.json.at("reel").at("durationMs").as_int64(), 1500);
  auto video = author.http->get(std::string(reel.json.at("reel").at("videoUrl").as_string()));
  EXPECT_EQ(video.status, 200);
  EXPECT_EQ(video.header("content-type"), "video/mp4");
}

TEST_F(LiveKitMode, LateDuplicateAndForgedWebhooksNeverMoveTheStream) {
  auto author = signup("host");
  auto id = create_stream(author);
  go_live(author, id);
  ASSERT_TRUE(wait_until([&] { return status_of(author, id) == "live"; }));

  // A publisher-left event older than the publish we applied arrives late: ignored.
  auto late = control("/_control/webhook", json::object{{"event", "participant_left"},
                                                        {"room", id},
                                                        {"participant", "host:" + author.id},
                                                        {"createdAt", now_seconds() - 60}});
  ASSERT_EQ(late.status, 200) << late.body;
  EXPECT_EQ(late.json.at("deliveries").at(0).at("status").as_int64(), 200) << late.body;
  EXPECT_EQ(status_of(author, id), "live");

  // Forged, unsigned, tampered and expired webhooks are refused with 401 and change nothing.
  for (const char* sign : {"none", "wrong-secret", "wrong-key", "bad-sha256", "expired", "alg-none"}) {
    auto forged = control("/_control/webhook", json::object{{"event", "room_finished"}, {"room", id}, {"sign", sign}});
    ASSERT_EQ(forged.status, 200) << forged.body;
    EXPECT_EQ(forged.json.at("deliveries").at(0).at("status").as_int64(), 401) << sign << " " << forged.body;
  }
  EXPECT_EQ(status_of(author, id), "live");

  // The same event three times is applied once.
  auto dup = control("/_control/webhook", json::object{{"event", "participant_left"},
                                                       {"room", id},
                                                       {"participant", "host:" + author.id},
                                                       {"duplicate", 3}});
  ASSERT_EQ(dup.status, 200) << dup.body;
  for (const auto& d : dup.json.at("deliveries").as_array()) EXPECT_EQ(d.at("status").as_int64(), 200);
  std::string event_id(dup.json.at("id").as_string());
  EXPECT_EQ(count("SELECT COUNT(*) FROM livekit_webhook_events WHERE id = '" + event_id + "'"), 1);
  EXPECT_EQ(status_of(author, id), "interrupted");
  EXPECT_EQ(count("SELECT COUNT(*) FROM stream_events WHERE stream_id = '" + id + "' AND kind = 'interrupted'"), 1);

  // room_finished ends it; a late publish afterwards cannot bring it back.
  auto finished = control("/_control/room-finish", json::object{{"room", id}});
  ASSERT_EQ(finished.status, 200) << finished.body;
  ASSERT_TRUE(wait_until([&] { return status_of(author, id) == "ended"; }));
  EXPECT_EQ(stream(author, id).at("endReason").as_string(), "room_finished");
  auto revived = control("/_control/webhook", json::object{{"event", "track_published"},
                                                           {"room", id},
                                                           {"participant", "host:" + author.id},
                                                           {"track", json::object{{"type", "VIDEO"}, {"source", "CAMERA"}}},
                                                           {"createdAt", now_seconds() + 5}});
  ASSERT_EQ(revived.status, 200) << revived.body;
  EXPECT_EQ(status_of(author, id), "ended");
}

TEST_F(LiveKitMode, BadWebhooksGetTheApiErrorShapeAndWriteNothing) {
  // No signature at all, straight to the endpoint.
  auto unsigned_hook = client()->request("POST", "/webhooks/livekit", R"({"event":"room_finished","id":"EV_x"})",
                                         {{"Content-Type", "application/webhook+json"}});
  expect_error(unsigned_hook, 401, "unauthenticated");
  // A correctly signed body that is not JSON.
  auto garbage = control("/_control/webhook", json::object{{"event", "room_finished"}, {"raw", "{not json"}});
  ASSERT_EQ(garbage.status, 200) << garbage.body;
  EXPECT_EQ(garbage.json.at("deliveries").at(0).at("status").as_int64(), 400) << garbage.body;
  EXPECT_EQ(count("SELECT COUNT(*) FROM livekit_webhook_events"), 0);
}

TEST_F(LiveKitMode, BroadcasterNotBackWithinTheGracePeriodEndsTheStreamAndKeepsTheRecording) {
  auto author = signup("host");
  auto id = create_stream(author);
  go_live(author, id);
  ASSERT_TRUE(wait_until([&] { return status_of(author, id) == "live"; }));
  ASSERT_TRUE(wait_until([&] { return !egress_id_of(id).empty(); }));
  leave("host:" + author.id, id);
  ASSERT_TRUE(wait_until([&] { return status_of(author, id) == "interrupted"; }));
  ASSERT_TRUE(wait_until([&] { return status_of(author, id) == "ended"; }, std::chrono::milliseconds(6000)));
  auto s = stream(author, id);
  EXPECT_EQ(s.at("endReason").as_string(), "broadcaster_lost");
  // Nobody chose to discard it: the egress is stopped and left to finish (no file here: failed).
  // The status is "ended" before the room is closed, so the stop may come a moment later.
  ASSERT_TRUE(wait_until([&] { return !log("StopEgress").empty(); }));
  EXPECT_EQ(log("StopEgress").size(), 1u);
  ASSERT_TRUE(wait_until([&] { return stream(author, id).at("recording").as_string() == "failed"; }))
      << json::serialize(stream(author, id));
}

TEST_F(LiveKitMode, DiscardedRecordingIsDeletedWhenTheEgressFinishes) {
  auto author = signup("host");
  auto id = create_stream(author);
  go_live(author, id);
  ASSERT_TRUE(wait_until([&] { return !egress_id_of(id).empty(); }));
  control("/_control/config", json::object{{"autoEgressEndMs", -1}});
  // The egress's file is there before the end: DeleteRoom may complete the egress at once.
  std::string file = egress_.path().string() + "/" + id + ".mp4";
  std::filesystem::copy_file(std::string(ONAIR_SOURCE_DIR) + "/tests/fixtures/media/sample_2s.mp4", file);
  auto ended = author.http->post_json("/api/live-streams/" + id + "/end", json::object{{"saveRecording", false}});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json.at("stream").at("recording").as_string(), "discarded");
  auto done = control("/_control/egress-end",
                      json::object{{"egressId", egress_id_of(id)}, {"status", "complete"}, {"filename", file}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_TRUE(wait_until([&] { return !std::filesystem::exists(file); }));
  EXPECT_EQ(stream(author, id).at("recording").as_string(), "discarded");
  EXPECT_EQ(count("SELECT COUNT(*) FROM reels"), 0);
}

TEST_F(LiveKitMode, EgressFailingMidStreamMarksTheRecordingFailed) {
  auto author = signup("host");
  auto id = create_stream(author);
  go_live(author, id);
  ASSERT_TRUE(wait_until([&] { return !egress_id_of(id).empty(); }));
  auto failed = control("/_control/egress-end",
                        json::object{{"egressId", egress_id_of(id)}, {"status", "failed"}, {"error", "disk full"}});
  ASSERT_EQ(failed.status, 200) << failed.body;
  ASSERT_TRUE(wait_until([&] { return stream(author, id).at("recording").as_string() == "failed"; }));
  EXPECT_EQ(status_of(author, id), "live");
}

TEST_F(LiveKitMode, ViewerLeavingTheRoomLowersTheViewerCount) {
  auto author = signup("host");
  auto viewer = signup("fan");
  auto id = create_stream(author);
  go_live(author, id);
  ASSERT_TRUE(wait_until([&] { return status_of(author, id) == "live"; }));
  auto identity = watch(viewer, id);
  ASSERT_FALSE(identity.empty());
  EXPECT_EQ(stream(author, id).at("viewerCount").as_int64(), 1);
  leave(identity, id);
  ASSERT_TRUE(wait_until([&] { return stream(author, id).at("viewerCount").as_int64() == 0; }));
}

TEST_F(LiveKitMode, ABannedViewerIsRemovedFromTheRoom) {
  auto author = signup("host");
  auto viewer = signup("troll");
  auto id = create_stream(author);
  go_live(author, id);
  ASSERT_TRUE(wait_until([&] { return status_of(author, id) == "live"; }));
  auto identity = watch(viewer, id);
  ASSERT_FALSE(identity.empty());
  ASSERT_EQ(author.http->post_json("/api/users/host/bans", json::object{{"handle", "troll"}, {"durationSeconds", 600}})
                .status,
            201);
  // RemoveParticipant, parsed strictly by the stand-in (@livekit/protocol), for this room and identity.
  bool removed = false;
  for (const auto& call : log("RemoveParticipant")) {
    removed = removed || (call.at("status").as_int64() == 200 && call.at("request").at("room").as_string() == id &&
                          call.at("request").at("identity").as_string() == identity);
  }
  EXPECT_TRUE(removed) << json::serialize(log("RemoveParticipant"));
  EXPECT_EQ(stream(author, id).at("viewerCount").as_int64(), 0);
  expect_error(viewer.http->post_json("/api/live-streams/" + id + "/join", json::object{}), 403, "banned");
}

TEST_F(LiveKitMode, TransientFailuresAreRetriedAndClientErrorsAreNot) {
  auto author = signup("host");
  ASSERT_EQ(control("/_control/fail", json::object{{"method", "CreateRoom"}, {"mode", "503"}, {"count", 1}}).status, 200);
  auto id = create_stream(author);  // the retry succeeds
  EXPECT_EQ(log("CreateRoom").size(), 2u);
  author.http->post_json("/api/live-streams/" + id + "/end", json::object{{"saveRecording", false}});

  ASSERT_EQ(control("/_control/fail", json::object{{"method", "CreateRoom"}, {"mode", "400"}, {"count", 1}}).status, 200);
  auto refused = author.http->post_json("/api/live-streams", json::object{{"title", "t"}, {"sensitivity", "none"},
                                                                          {"gating", "public"}});
  expect_error(refused, 500, "internal");
  EXPECT_EQ(log("CreateRoom").size(), 3u);  // not retried
  EXPECT_EQ(count("SELECT COUNT(*) FROM live_streams"), 1);  // nothing half-written
}

TEST_F(LiveKitMode, DeadLiveKitAnswers503AndTheBreakerAnswersFast) {
  auto author = signup("host");
  ASSERT_EQ(control("/_control/fail", json::object{{"method", "*"}, {"mode", "503"}, {"count", -1}}).status, 200);
  json::object body{{"title", "t"}, {"sensitivity", "none"}, {"gating", "public"}};
  for (int i = 0; i < 2; ++i) expect_error(author.http->post_json("/api/live-streams", body), 503, "media_backend_unavailable");
  auto attempts = log("CreateRoom").size();
  EXPECT_GE(attempts, 5u);
  EXPECT_LE(attempts, 6u);
  auto started = std::chrono::steady_clock::now();
  expect_error(author.http->post_json("/api/live-streams", body), 503, "media_backend_unavailable");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(200));
  EXPECT_EQ(log("CreateRoom").size(), attempts);  // the open breaker did not call LiveKit
  EXPECT_EQ(count("SELECT COUNT(*) FROM live_streams"), 0);
}

TEST_F(LiveKitMode, BrokenEgressFailsTheRecordingButNeverStopsStreams) {
  ASSERT_EQ(control("/_control/fail", json::object{{"method", "StartRoomCompositeEgress"}, {"mode", "503"}, {"count", -1}})
                .status,
            200);
  // The first recording fails after three attempts, the second after two (the fifth failure in a
  // row opens the Egress breaker), the third without calling LiveKit. Rooms have their own
  // breaker: streams keep starting.
  for (int i = 0; i < 3; ++i) {
    auto author = signup("host" + std::to_string(i));
    auto id = create_stream(author);
    go_live(author, id);
    ASSERT_TRUE(wait_until([&] { return status_of(author, id) == "live"; }));
    ASSERT_TRUE(wait_until([&] { return stream(author, id).at("recording").as_string() == "failed"; }))
        << json::serialize(stream(author, id));
  }
  EXPECT_EQ(log("StartRoomCompositeEgress").size(), 5u);
  EXPECT_EQ(log("CreateRoom").size(), 3u);
  auto metrics = client()->get("/metrics").body;
  EXPECT_NE(metrics.find("onair_livekit_egress_breaker_open 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("onair_livekit_breaker_open 0"), std::string::npos) << metrics;
}

TEST_F(LiveKitMode, LiveKitThatNeverAnswersIsBoundedByTheTimeout) {
  auto author = signup("host");
  ASSERT_EQ(control("/_control/fail", json::object{{"method", "CreateRoom"}, {"mode", "timeout"}, {"count", -1}}).status,
            200);
  auto started = std::chrono::steady_clock::now();
  expect_error(author.http->post_json("/api/live-streams", json::object{{"title", "t"}, {"sensitivity", "none"},
                                                                         {"gating", "public"}}),
               503, "media_backend_unavailable");
  // Three attempts of 500 ms plus backoff.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(2500));
}

class LiveKitReconcile : public LiveKitMode {
 protected:
  void SetUp() override {
    extra_env_["LIVEKIT_RECONCILE_SECONDS"] = "1";
    LiveKitMode::SetUp();
  }
};

TEST_F(LiveKitReconcile, RoomWhoseStreamIsGoneIsDeletedAndALostPublisherIsNoticed) {
  auto author = signup("host");
  auto gone = create_stream(author);
  author.http->post_json("/api/live-streams/" + gone + "/end", json::object{{"saveRecording", false}});
  auto deletes = log("DeleteRoom").size();
  // The room comes back (a late client join) after its stream ended: the reconcile deletes it.
  go_live(author, gone);
  ASSERT_TRUE(wait_until([&] { return log("DeleteRoom").size() > deletes; }, std::chrono::milliseconds(4000)));

  // A room onair made whose stream row is gone (restored from a backup, deleted by hand).
  auto orphan = create_stream(author);
  deletes = log("DeleteRoom").size();
  db_exec(server_->database_path(), "DELETE FROM live_streams WHERE id = '" + orphan + "'");
  ASSERT_TRUE(wait_until([&] {
    for (const auto& call : log("DeleteRoom")) {
      if (call.at("request").at("room").as_string() == orphan) return true;
    }
    return false;
  }, std::chrono::milliseconds(4000)));

  auto second = signup("second");
  auto id = create_stream(second);
  go_live(second, id);
  ASSERT_TRUE(wait_until([&] { return status_of(second, id) == "live"; }));
  // The publisher vanishes without any webhook reaching onair: LiveKit's participant list says so.
  control("/_control/config", json::object{{"webhookUrl", ""}});
  leave("host:" + second.id, id);
  ASSERT_TRUE(wait_until([&] { return status_of(second, id) != "live"; }, std::chrono::milliseconds(4000)));
  ASSERT_TRUE(wait_until([&] { return status_of(second, id) == "ended"; }, std::chrono::milliseconds(6000)));
  EXPECT_EQ(stream(second, id).at("endReason").as_string(), "broadcaster_lost");
}

}  // namespace
}  // namespace onair::testing

namespace onair::testing {
namespace {

/// Every RoomService and Egress call of onair's client, parsed by LiveKit's protocol package.
TEST(LiveKitClientWire, EveryCallIsARequestLiveKitAcceptsAndEveryAnswerIsRead) {
  LiveKitStandin standin(kKey, kSecret);
  HttpClient control(standin.url());
  SystemClock clock;
  livekit::TokenSigner signer(kKey, kSecret);
  livekit::TwirpClient twirp("ws://127.0.0.1:" + std::to_string(standin.port()), signer, clock);
  livekit::LiveKitClient client(twirp);

  livekit::CreateRoomOptions options;
  options.name = "room1";
  options.empty_timeout_seconds = 600;
  options.departure_timeout_seconds = 60;
  options.max_participants = 50;
  options.metadata = R"({"onair":{"streamId":"room1"}})";
  auto room = client.create_room(options);
  ASSERT_TRUE(room.ok()) << room.error().message;
  EXPECT_EQ(room->name, "room1");
  EXPECT_TRUE(room->sid.starts_with("RM_"));
  EXPECT_GT(room->creation_time, 1'600'000'000);

  auto joined = control.post_json("/_control/participant", json::object{{"room", "room1"},
                                                                        {"identity", "host:u1"},
                                                                        {"kind", "publisher"},
                                                                        {"action", "join"}});
  ASSERT_EQ(joined.status, 200) << joined.body;
  auto published = control.post_json("/_control/participant",
                                      json::object{{"room", "room1"},
                                                   {"identity", "host:u1"},
                                                   {"action", "publish"},
                                                   {"track", json::object{{"type", "VIDEO"}, {"source", "CAMERA"}}}});
  ASSERT_EQ(published.status, 200) << published.body;

  auto participants = client.list_participants("room1");
  ASSERT_TRUE(participants.ok()) << participants.error().message;
  ASSERT_EQ(participants->size(), 1u);
  const auto& host = participants->front();
  EXPECT_EQ(host.identity, "host:u1");
  ASSERT_EQ(host.tracks.size(), 1u);
  EXPECT_EQ(host.tracks[0].type, "VIDEO");
  EXPECT_EQ(host.tracks[0].source, "CAMERA");

  EXPECT_TRUE(client.mute_published_track("room1", "host:u1", host.tracks[0].sid, true).ok());
  EXPECT_TRUE(client.list_participants("room1")->front().tracks[0].muted);
  EXPECT_TRUE(client.update_room_metadata("room1", R"({"onair":{"streamId":"room1","title":"x"}})").ok());
  EXPECT_TRUE(client.send_data("room1", "{\"type\":\"chat\"}", "chat", {"host:u1"}).ok());
  auto rooms = client.list_rooms();
  ASSERT_TRUE(rooms.ok());
  ASSERT_EQ(rooms->size(), 1u);
  EXPECT_EQ(rooms->front().metadata, R"({"onair":{"streamId":"room1","title":"x"}})");
  EXPECT_EQ(rooms->front().num_participants, 1);

  auto egress = client.start_room_composite_egress("room1", "/recordings/room1.mp4");
  ASSERT_TRUE(egress.ok()) << egress.error().message;
  EXPECT_TRUE(egress->egress_id.starts_with("EG_"));
  EXPECT_EQ(egress->status, "EGRESS_STARTING");
  auto active = client.list_egress("room1", true);
  ASSERT_TRUE(active.ok());
  ASSERT_EQ(active->size(), 1u);
  auto stopped = client.stop_egress(egress->egress_id);
  ASSERT_TRUE(stopped.ok());
  ASSERT_TRUE(stopped->has_value());
  EXPECT_EQ((*stopped)->status, "EGRESS_ENDING");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the stand-in completes it after 100 ms
  auto again = client.stop_egress(egress->egress_id);  // 412: already ended, nothing to stop
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->has_value());
  auto all = client.list_egress("room1", false);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().status, "EGRESS_COMPLETE");
  EXPECT_TRUE(all->front().finished());

  EXPECT_TRUE(client.remove_participant("room1", "host:u1").ok());
  EXPECT_EQ(client.remove_participant("room1", "host:u1").error().code, ErrorCode::not_found);
  EXPECT_TRUE(client.delete_room("room1").ok());
  EXPECT_TRUE(client.delete_room("room1").ok());  // already gone is fine

  // Not one request failed to parse, and each carried only its method's grant.
  auto requests = control.get("/_control/log").json.at("requests").as_array();
  EXPECT_GE(requests.size(), 14u);
  for (const auto& r : requests) {
    EXPECT_FALSE(r.as_object().contains("parseError")) << json::serialize(r);
    EXPECT_TRUE(r.at("authError").is_null()) << json::serialize(r);
  }
}

TEST(LiveKitClientWire, WrongSecretIsAConfigurationErrorNotRetriedAndNotTrippingTheBreaker) {
  LiveKitStandin standin(kKey, kSecret);
  HttpClient control(standin.url());
  SystemClock clock;
  livekit::TokenSigner signer(kKey, "wrong-secret-wrong-secret-wrong-secret");
  livekit::TwirpClient twirp("http://127.0.0.1:" + std::to_string(standin.port()), signer, clock);
  livekit::LiveKitClient client(twirp);
  for (int i = 0; i < 7; ++i) {
    livekit::CreateRoomOptions options;
    options.name = "r";
    auto room = client.create_room(options);
    ASSERT_FALSE(room.ok());
    EXPECT_EQ(room.error().code, ErrorCode::media_backend_unavailable);
  }
  EXPECT_EQ(control.get("/_control/log").json.at("requests").as_array().size(), 7u);
  EXPECT_EQ(twirp.breaker_state(), livekit::CircuitBreaker::State::closed);
}

}  // namespace
}  // namespace onair::testing
