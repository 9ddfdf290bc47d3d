#include <thread>

#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

class OperationsApi : public ApiTest {};

TEST_F(OperationsApi, AdminEndpointsAreForAdminsOnly) {
  auto user = signup("user");
  expect_error(user.http->get("/api/admin/streams"), 403, "forbidden");
  expect_error(user.http->get("/api/admin/overview"), 403, "forbidden");
  expect_error(user.http->post("/api/admin/streams/x/end", "{}"), 403, "forbidden");
  expect_error(user.http->get("/api/admin/streams/x/analytics"), 403, "forbidden");
  expect_error(client()->get("/api/admin/streams/x/analytics"), 401, "unauthenticated");
  expect_error(client()->get("/api/admin/streams"), 401, "unauthenticated");
}

TEST_F(OperationsApi, AdminListsAndEndsStreams) {
  auto boss = signup_admin("boss");
  auto creator = signup("creator");
  auto id = create_stream(creator);
  auto all = boss.http->get("/api/admin/streams");
  ASSERT_EQ(all.status, 200) << all.body;
  ASSERT_EQ(all.json.at("items").as_array().size(), 1u);
  EXPECT_TRUE(boss.http->get("/api/admin/streams?status=live").json.at("items").as_array().empty());
  expect_error(boss.http->get("/api/admin/streams?status=paused"), 400, "validation_failed");
  auto ended = boss.http->post("/api/admin/streams/" + id + "/end", "");
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json.at("stream").at("endReason").as_string(), "ended_by_admin");
  expect_error(boss.http->post("/api/admin/streams/" + id + "/end", "{}"), 409, "stream_ended");
  expect_error(boss.http->post("/api/admin/streams/nope/end", "{}"), 404, "not_found");
  auto overview = boss.http->get("/api/admin/overview");
  EXPECT_EQ(overview.json.at("streams").at("ended").as_int64(), 1);
}

TEST_F(OperationsApi, StreamAnalyticsCountAudienceMoneyReachAndTheTimeline) {
  auto boss = signup_admin("boss");
  auto creator = signup("creator");
  auto fan = signup("fan");
  auto other = signup("other");
  ASSERT_EQ(fan.http->post("/api/users/creator/follow", "").status, 204);
  ASSERT_EQ(other.http->post("/api/users/creator/follow", "").status, 204);
  auto created = creator.http->post_json("/api/live-streams", json::object{{"title", "Paid night"},
                                                                           {"sensitivity", "none"},
                                                                           {"gating", "paid"},
                                                                           {"priceCredits", 30}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id(created.json.at("stream").at("id").as_string());
  auto publisher = std::make_unique<WsClient>(server_->port(), path_of(created.json.at("publish")));
  auto rec = load_recording("vp8_opus_restart_a");
  for (std::size_t i = 0; i < 6; ++i) publisher->send_binary(rec.chunks[i]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (creator.http->get("/api/live-streams/" + id).json.at("stream").at("status").as_string() != "live" &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Both followers are notified (the fan-out counts them).
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (other.http->get("/api/notifications").json.at("items").as_array().empty() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(fan.http->post_json("/api/me/wallet/top-up", json::object{{"credits", 100}, {"idempotencyKey", "k1"}}).status,
            201);
  ASSERT_EQ(fan.http->post_json("/api/purchases", json::object{{"itemType", "live_stream"}, {"itemId", id},
                                                              {"idempotencyKey", "p1"}}).status,
            201);
  ASSERT_EQ(fan.http->post("/api/live-streams/" + id + "/join", "{}").status, 200);
  ASSERT_EQ(fan.http->post("/api/live-streams/" + id + "/join", "{}").status, 200);  // a second tab
  EXPECT_EQ(fan.http->post_json("/api/client-events", json::object{{"kind", "playback_error"}, {"message", "stall"},
                                                                   {"streamId", id}}).status,
            204);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  ASSERT_EQ(fan.http->post("/api/live-streams/" + id + "/leave", "").status, 204);
  ASSERT_EQ(creator.http->post_json("/api/live-streams/" + id + "/end", json::object{{"saveRecording", false}}).status, 200);

  auto res = boss.http->get("/api/admin/streams/" + id + "/analytics");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.json.at("stream").at("id").as_string(), id);
  const auto& a = res.json.at("analytics");
  EXPECT_EQ(a.at("uniqueViewers").as_int64(), 1);
  EXPECT_EQ(a.at("watchSessions").as_int64(), 2);
  EXPECT_EQ(a.at("currentViewers").as_int64(), 0);
  EXPECT_EQ(a.at("peakViewers").as_int64(), 1);
  // Two tabs of one viewer watch once: never more than viewers × duration (API.md "Analytics").
  EXPECT_GE(a.at("totalWatchMs").as_int64(), 30);
  EXPECT_LE(a.at("totalWatchMs").as_int64(), a.at("durationMs").as_int64());
  EXPECT_EQ(a.at("averageWatchMs").as_int64(), a.at("totalWatchMs").as_int64());  // per viewer
  EXPECT_GT(a.at("durationMs").as_int64(), 0);
  EXPECT_EQ(a.at("purchases").as_int64(), 1);
  EXPECT_EQ(a.at("revenueCredits").as_int64(), 30);
  EXPECT_EQ(a.at("followersNotified").as_int64(), 2);
  EXPECT_EQ(a.at("clientEvents").at("playback_error").as_int64(), 1);
  std::vector<std::string> kinds;
  for (const auto& e : a.at("timeline").as_array()) kinds.emplace_back(e.at("kind").as_string());
  EXPECT_EQ(kinds, (std::vector<std::string>{"created", "live", "ended"}));
  EXPECT_EQ(a.at("timeline").at(2).at("detail").as_string(), "ended_by_owner");

  auto overview = boss.http->get("/api/admin/overview");
  ASSERT_EQ(overview.status, 200) << overview.body;
  EXPECT_EQ(overview.json.at("users").as_int64(), 4);
  EXPECT_EQ(overview.json.at("mediaBackend").as_string(), "builtin");
  EXPECT_EQ(overview.json.at("last24h").at("streamsStarted").as_int64(), 1);
  EXPECT_EQ(overview.json.at("last24h").at("watchSessions").as_int64(), 2);
  EXPECT_EQ(overview.json.at("last24h").at("uniqueViewers").as_int64(), 1);
  EXPECT_EQ(overview.json.at("last24h").at("revenueCredits").as_int64(), 30);
  EXPECT_EQ(overview.json.at("streams").at("ended").as_int64(), 1);
  EXPECT_EQ(overview.json.at("streams").at("live").as_int64(), 0);
  EXPECT_TRUE(overview.json.at("topLive").as_array().empty());
  EXPECT_TRUE(overview.json.at("notifications").at("emailPending").is_int64());

  expect_error(boss.http->get("/api/admin/streams/unknown/analytics"), 404, "not_found");

  // The creator's own view (API.md "Analytics").
  auto mine = creator.http->get("/api/live-streams/" + id + "/analytics");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_GT(mine.json.at("durationMs").as_int64(), 0);
  EXPECT_EQ(mine.json.at("peakViewers").as_int64(), 1);
  EXPECT_EQ(mine.json.at("uniqueViewers").as_int64(), 1);
  EXPECT_EQ(mine.json.at("averageWatchMs").as_int64(), mine.json.at("totalWatchMs").as_int64());
  EXPECT_EQ(mine.json.at("errors").at("playback_error").as_int64(), 1);
  const auto& points = mine.json.at("viewerTimeline").as_array();
  ASSERT_FALSE(points.empty());
  EXPECT_TRUE(points.front().at("at").is_string());
  std::int64_t most = 0;
  for (const auto& p : points) most = std::max(most, p.at("viewers").as_int64());
  EXPECT_LE(most, 1);
  EXPECT_EQ(mine.json.at("notifications").at("sent").as_int64(), 2);
  EXPECT_EQ(mine.json.at("notifications").at("opened").as_int64(), 0);
  // A follower reads it; both emails go out (to the outbox): opened 1, emailed 2.
  auto note = fan.http->get("/api/notifications").json.at("items").at(0);
  ASSERT_EQ(fan.http->post("/api/notifications/" + std::string(note.at("id").as_string()) + "/read", "").status, 204);
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  json::value reach;
  do {
    reach = creator.http->get("/api/live-streams/" + id + "/analytics").json.at("notifications");
    if (reach.at("emailed").as_int64() == 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(reach.at("emailed").as_int64(), 2) << reach;
  EXPECT_EQ(reach.at("opened").as_int64(), 1) << reach;
  expect_error(fan.http->get("/api/live-streams/" + id + "/analytics"), 403, "not_stream_owner");
  EXPECT_EQ(boss.http->get("/api/live-streams/" + id + "/analytics").status, 200);
  expect_error(creator.http->get("/api/live-streams/nope/analytics"), 404, "not_found");
  expect_error(client()->get("/api/live-streams/" + id + "/analytics"), 401, "unauthenticated");
}

TEST_F(OperationsApi, ClientEventsAreValidatedRecordedAndRateLimited) {
  auto user = signup("user");
  auto id = create_stream(user);
  EXPECT_EQ(user.http->post("/api/client-events",
                            R"({"kind":"playback_error","message":"decode failed","streamId":")" + id + R"("})")
                .status,
            204);
  EXPECT_EQ(count("SELECT COUNT(*) FROM stream_events WHERE kind = 'client:playback_error' AND stream_id = '" + id + "'"), 1);
  EXPECT_EQ(user.http->post("/api/client-events",
                             R"({"kind":"reconnect","message":"socket closed","detail":"code 1006 after 12 s"})")
                .status,
            204);
  EXPECT_EQ(count("SELECT COUNT(*) FROM stream_events WHERE kind = 'client:reconnect' AND detail LIKE "
                  "'socket closed%code 1006 after 12 s'"),
            1);
  expect_error(user.http->post("/api/client-events", R"({"kind":"reconnect","message":"m","detail":5})"), 400,
               "validation_failed");
  expect_error(user.http->post("/api/client-events", R"({"kind":"Bad Kind","message":"x"})"), 400, "validation_failed");
  expect_error(user.http->post("/api/client-events", R"({"kind":"reconnect"})"), 400, "validation_failed");
  expect_error(user.http->post("/api/client-events", R"({"kind":"reconnect","message":")" + std::string(501, 'x') + R"("})"), 400,
               "validation_failed");
  int limited = 0;
  for (int i = 0; i < 20; ++i) {
    auto res = user.http->post("/api/client-events", R"({"kind":"reconnect","message":"again"})");
    if (res.status == 429) {
      expect_error(res, 429, "rate_limited");
      ++limited;
    }
  }
  EXPECT_GT(limited, 0);
  EXPECT_LE(count("SELECT COUNT(*) FROM stream_events WHERE kind LIKE 'client:%'"), 11);
}

TEST_F(OperationsApi, RepeatedFailedLoginsAreRateLimited) {
  signup("victim");
  auto http = client();
  int limited = 0;
  for (int i = 0; i < 15; ++i) {
    auto res = http->post_json("/api/auth/login", json::object{{"login", "victim"}, {"password", "guess-" + std::to_string(i)}});
    if (res.status == 429) ++limited;
  }
  EXPECT_GT(limited, 0);
}

TEST_F(OperationsApi, MetricsSpeakPrometheusText) {
  auto res = client()->get("/metrics");
  EXPECT_EQ(res.status, 200);
  EXPECT_NE(res.body.find("onair_live_streams{status=\"live\"}"), std::string::npos);
  EXPECT_NE(res.header("content-type").find("text/plain"), std::string::npos);
}

/// The value of an unlabelled (or exactly labelled) sample in Prometheus text.
double sample(const std::string& text, const std::string& name) {
  auto at = text.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + name.size() + 2));
}

TEST_F(OperationsApi, MetricsCountRequestsRelayTrafficAndQueues) {
  auto creator = signup("creator");
  expect_error(creator.http->get("/api/live-streams/nope"), 404, "not_found");
  auto created = creator.http->post_json("/api/live-streams", json::object{{"title", "m"}, {"sensitivity", "none"},
                                                                           {"gating", "public"}});
  ASSERT_EQ(created.status, 201);
  WsClient publisher(server_->port(), path_of(created.json.at("publish")));
  auto rec = load_recording("vp8_opus_restart_a");
  std::size_t sent = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    publisher.send_binary(rec.chunks[i]);
    sent += rec.chunks[i].size();
  }
  std::string text;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  do {
    text = client()->get("/metrics").body;
    if (sample(text, "onair_relay_received_bytes_total") >= static_cast<double>(sent)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(sample(text, "onair_relay_received_bytes_total"), static_cast<double>(sent)) << text;
  EXPECT_EQ(sample(text, "onair_relay_publishers"), 1) << text;
  EXPECT_EQ(sample(text, "onair_relay_viewers"), 0) << text;
  EXPECT_GE(sample(text, "onair_http_requests_total{class=\"4xx\"}"), 1) << text;
  EXPECT_GE(sample(text, "onair_http_requests_total{class=\"2xx\"}"), 2) << text;
  auto count = sample(text, "onair_http_request_duration_seconds_count");
  EXPECT_GE(count, 3) << text;
  EXPECT_EQ(sample(text, "onair_http_request_duration_seconds_bucket{le=\"+Inf\"}"), count) << text;
  // Going live queued a fan-out (no followers): the gauge goes back to zero once it ran.
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (sample(text, "onair_fanout_jobs_pending") != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    text = client()->get("/metrics").body;
  }
  EXPECT_EQ(sample(text, "onair_fanout_jobs_pending"), 0) << text;
  EXPECT_EQ(sample(text, "onair_email_deliveries_failed"), 0) << text;
  EXPECT_GT(sample(text, "onair_start_time_seconds"), 1.7e9) << text;
}

}  // namespace
}  // namespace onair::testing
