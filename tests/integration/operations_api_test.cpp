#include "support/api_session.hpp"

namespace onair::testing {
namespace {

class OperationsApi : public ApiTest {
 protected:
  std::map<std::string, std::string> server_env() override { return {{"ONAIR_ADMIN_HANDLES", "boss"}}; }
};

TEST_F(OperationsApi, AdminEndpointsAreForAdminsOnly) {
  auto user = signup("user");
  expect_error(user.http->get("/api/admin/streams"), 403, "forbidden");
  expect_error(user.http->get("/api/admin/overview"), 403, "forbidden");
  expect_error(user.http->post("/api/admin/streams/x/end", "{}"), 403, "forbidden");
  expect_error(client()->get("/api/admin/streams"), 401, "unauthenticated");
}

TEST_F(OperationsApi, AdminListsAndEndsStreams) {
  auto boss = signup("boss");
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

TEST_F(OperationsApi, ClientEventsAreValidatedRecordedAndRateLimited) {
  auto user = signup("user");
  EXPECT_EQ(user.http->post("/api/client-events", R"({"kind":"playback_error","message":"decode failed","streamId":"s1"})").status, 204);
  EXPECT_EQ(count("SELECT COUNT(*) FROM stream_events WHERE kind = 'client:playback_error' AND stream_id = 's1'"), 1);
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

}  // namespace
}  // namespace onair::testing
