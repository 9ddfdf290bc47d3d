#include <set>

#include "support/api_session.hpp"

namespace onair::testing {
namespace {

class StreamsApi : public ApiTest {};

void expect_stream_shape(const json::value& s) {
  for (const char* key : {"id", "author", "title", "description", "status", "sensitivity", "gating",
                          "priceCredits", "viewerCount", "peakViewers", "createdAt", "startedAt", "endedAt",
                          "endReason", "recording", "reelId"}) {
    EXPECT_TRUE(s.as_object().contains(key)) << key;
  }
  for (const char* key : {"id", "handle", "displayName", "createdAt", "isAdmin"}) {
    EXPECT_TRUE(s.at("author").as_object().contains(key)) << key;
  }
}

TEST_F(StreamsApi, CreateReturnsTheStreamAndRelayPublishCredentials) {
  auto alice = signup("alice");
  auto res = alice.http->post_json("/api/live-streams",
                                   json::object{{"title", "  Hello world  "}, {"description", "first"},
                                                {"sensitivity", "none"}, {"gating", "public"}});
  ASSERT_EQ(res.status, 201) << res.body;
  const auto& stream = res.json.at("stream");
  expect_stream_shape(stream);
  EXPECT_EQ(stream.at("title").as_string(), "Hello world");
  EXPECT_EQ(stream.at("status").as_string(), "created");
  EXPECT_EQ(stream.at("recording").as_string(), "none");
  EXPECT_EQ(stream.at("author").at("handle").as_string(), "alice");
  EXPECT_TRUE(stream.at("startedAt").is_null());
  const auto& publish = res.json.at("publish");
  EXPECT_EQ(publish.at("backend").as_string(), "builtin");
  std::string id(stream.at("id").as_string());
  EXPECT_EQ(publish.at("url").as_string(),
            "ws://127.0.0.1:" + std::to_string(server_->port()) + "/live/" + id + "/publish");
  EXPECT_FALSE(publish.at("token").as_string().empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM live_streams"), 1);
}

TEST_F(StreamsApi, CreateRejectsBadInputAndWritesNothing) {
  auto alice = signup("alice");
  const std::pair<const char*, const char*> cases[] = {
      {R"({"sensitivity":"none","gating":"public"})", "title"},
      {R"({"title":"","sensitivity":"none","gating":"public"})", "title"},
      {R"({"title":"   ","sensitivity":"none","gating":"public"})", "title"},
      {R"({"title":7,"sensitivity":"none","gating":"public"})", "title"},
      {R"({"title":"t","sensitivity":"spicy","gating":"public"})", "sensitivity"},
      {R"({"title":"t","gating":"public"})", "sensitivity"},
      {R"({"title":"t","sensitivity":"none","gating":"vip"})", "gating"},
      {R"({"title":"t","sensitivity":"none","gating":"paid"})", "priceCredits"},
      {R"({"title":"t","sensitivity":"none","gating":"paid","priceCredits":0})", "priceCredits"},
      {R"({"title":"t","sensitivity":"none","gating":"paid","priceCredits":-5})", "priceCredits"},
      {R"({"title":"t","sensitivity":"none","gating":"paid","priceCredits":"5"})", "priceCredits"},
      {R"({"title":"t","sensitivity":"none","gating":"paid","priceCredits":1.5})", "priceCredits"},
      {R"({"title":"t","sensitivity":"none","gating":"paid","priceCredits":100001})", "priceCredits"},
      {R"({"title":"t","sensitivity":"none","gating":"public","priceCredits":5})", "priceCredits"},
      {R"({"title":"t","description":5,"sensitivity":"none","gating":"public"})", "description"},
  };
  for (const auto& [body, field] : cases) {
    auto res = alice.http->post("/api/live-streams", body);
    expect_error(res, 400, "validation_failed");
    if (res.json.is_object()) {
      EXPECT_EQ(res.json.at("error").at("details").at("field").as_string(), field) << body;
    }
  }
  auto long_title = alice.http->post_json("/api/live-streams", json::object{{"title", std::string(101, 'x')},
                                                                            {"sensitivity", "none"}, {"gating", "public"}});
  expect_error(long_title, 400, "validation_failed");
  expect_error(alice.http->post("/api/live-streams", "{nope"), 400, "invalid_json");
  expect_error(alice.http->post("/api/live-streams", "\"string\""), 400, "invalid_json");
  expect_error(alice.http->post("/api/live-streams", ""), 400, "invalid_json");
  EXPECT_EQ(count("SELECT COUNT(*) FROM live_streams"), 0);
}

TEST_F(StreamsApi, OneOpenStreamPerAuthor) {
  auto alice = signup("alice");
  auto id = create_stream(alice);
  expect_error(alice.http->post_json("/api/live-streams", json::object{{"title", "again"}, {"sensitivity", "none"},
                                                                       {"gating", "public"}}),
               409, "already_live");
  EXPECT_EQ(count("SELECT COUNT(*) FROM live_streams"), 1);
  ASSERT_EQ(alice.http->post("/api/live-streams/" + id + "/end", R"({"saveRecording":false})").status, 200);
  create_stream(alice);
}

TEST_F(StreamsApi, ConcurrentCreatesLeaveExactlyOneOpenStream) {
  auto alice = signup("alice");
  std::vector<std::thread> threads;
  std::atomic<int> created{0}, conflicts{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      HttpClient http(server_->base_url());
      http.set_token(alice.token);
      auto res = http.post(
          "/api/live-streams", R"({"title":"race","sensitivity":"none","gating":"public"})");
      if (res.status == 201) ++created;
      if (res.status == 409 && res.error_code() == "already_live") ++conflicts;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), 7);
  EXPECT_EQ(count("SELECT COUNT(*) FROM live_streams"), 1);
}

TEST_F(StreamsApi, AReconnectingPlayerContinuesItsWatchingSession) {
  auto alice = signup("alice");
  auto bob = signup("bob");
  auto id = create_stream(alice);
  auto first = bob.http->post("/api/live-streams/" + id + "/join", "");
  ASSERT_EQ(first.status, 200) << first.body;
  std::string session(first.json.at("watchId").as_string());
  auto again = bob.http->post_json("/api/live-streams/" + id + "/join", json::object{{"watchId", session}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json.at("watchId").as_string(), session);
  EXPECT_EQ(again.json.at("stream").at("viewerCount").as_int64(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM live_stream_participants"), 1) << "a reconnect started a new session";
  auto unknown = bob.http->post_json("/api/live-streams/" + id + "/join", json::object{{"watchId", "nope"}});
  ASSERT_EQ(unknown.status, 200);
  EXPECT_NE(unknown.json.at("watchId").as_string(), "nope");
  expect_error(bob.http->post_json("/api/live-streams/" + id + "/join", json::object{{"watchId", 5}}), 400,
               "validation_failed");
}

TEST_F(StreamsApi, JoinReturnsWatchCredentialsAndCountsDistinctViewers) {
  auto alice = signup("alice");
  auto bob = signup("bob");
  auto carol = signup("carol");
  auto id = create_stream(alice);
  auto first = bob.http->post("/api/live-streams/" + id + "/join", "");
  ASSERT_EQ(first.status, 200) << first.body;
  expect_stream_shape(first.json.at("stream"));
  EXPECT_EQ(first.json.at("watch").at("backend").as_string(), "builtin");
  EXPECT_EQ(first.json.at("watch").at("url").as_string(),
            "ws://127.0.0.1:" + std::to_string(server_->port()) + "/live/" + id + "/watch");
  EXPECT_EQ(first.json.at("stream").at("viewerCount").as_int64(), 1);
  bob.http->post("/api/live-streams/" + id + "/join", "{}");
  auto third = carol.http->post("/api/live-streams/" + id + "/join", "{}");
  EXPECT_EQ(third.json.at("stream").at("viewerCount").as_int64(), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM live_stream_participants WHERE left_at IS NULL"), 3);

  EXPECT_EQ(bob.http->post("/api/live-streams/" + id + "/leave", "").status, 204);
  auto now = alice.http->get("/api/live-streams/" + id);
  EXPECT_EQ(now.json.at("stream").at("viewerCount").as_int64(), 1);
  EXPECT_EQ(now.json.at("stream").at("peakViewers").as_int64(), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM live_stream_participants WHERE left_at IS NULL"), 1);
  // The owner watching its own stream is not a viewer.
  auto own = alice.http->post("/api/live-streams/" + id + "/join", "");
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.json.at("stream").at("viewerCount").as_int64(), 1);
}

TEST_F(StreamsApi, JoinGatesAnswerWithTheirCodes) {
  auto alice = signup("alice");
  auto bob = signup("bob");
  auto followers = create_stream(alice, json::object{{"gating", "followers"}});
  expect_error(bob.http->post("/api/live-streams/" + followers + "/join", ""), 403, "followers_only");
  EXPECT_EQ(count("SELECT COUNT(*) FROM live_stream_participants"), 0);
  bob.http->post("/api/users/alice/follow", "");
  EXPECT_EQ(bob.http->post("/api/live-streams/" + followers + "/join", "").status, 200);
  alice.http->post("/api/live-streams/" + followers + "/end", R"({"saveRecording":false})");
  expect_error(bob.http->post("/api/live-streams/" + followers + "/join", ""), 409, "stream_ended");

  auto paid = create_stream(alice, json::object{{"gating", "paid"}, {"priceCredits", 40}, {"sensitivity", "sensitive"}});
  auto res = bob.http->post("/api/live-streams/" + paid + "/join", "");
  expect_error(res, 402, "payment_required");
  EXPECT_EQ(res.json.at("error").at("details").at("priceCredits").as_int64(), 40);
  bob.http->post_json("/api/me/wallet/top-up", json::object{{"credits", 50}, {"idempotencyKey", "t1"}});
  ASSERT_EQ(bob.http->post_json("/api/purchases", json::object{{"itemType", "live_stream"}, {"itemId", paid},
                                                               {"idempotencyKey", "buy-1"}}).status,
            201);
  expect_error(bob.http->post("/api/live-streams/" + paid + "/join", ""), 403, "sensitive_content_not_acknowledged");
  expect_error(bob.http->post("/api/live-streams/" + paid + "/join", R"({"acknowledgeSensitive":"yes"})"), 400,
               "validation_failed");
  EXPECT_EQ(bob.http->post("/api/live-streams/" + paid + "/join", R"({"acknowledgeSensitive":true})").status, 200);
  EXPECT_EQ(alice.http->post("/api/live-streams/" + paid + "/join", "").status, 200);  // owner passes
}

TEST_F(StreamsApi, UnknownStreamsAreNotFound) {
  auto bob = signup("bob");
  for (const std::string& id : std::vector<std::string>{"nope", std::string(65, 'a'), "a%20b"}) {
    expect_error(bob.http->get("/api/live-streams/" + id), 404, "not_found");
    expect_error(bob.http->post("/api/live-streams/" + id + "/join", ""), 404, "not_found");
    expect_error(bob.http->post("/api/live-streams/" + id + "/leave", ""), 404, "not_found");
    expect_error(bob.http->post("/api/live-streams/" + id + "/end", R"({"saveRecording":true})"), 404, "not_found");
  }
}

TEST_F(StreamsApi, OnlyTheOwnerOrAnAdminEndsAStream) {
  auto alice = signup("alice");
  auto bob = signup("bob");
  auto id = create_stream(alice);
  expect_error(bob.http->post("/api/live-streams/" + id + "/end", R"({"saveRecording":false})"), 403, "not_stream_owner");
  expect_error(alice.http->post("/api/live-streams/" + id + "/end", R"({})"), 400, "validation_failed");
  expect_error(alice.http->post("/api/live-streams/" + id + "/end", R"({"saveRecording":"no"})"), 400, "validation_failed");
  EXPECT_EQ(count("SELECT COUNT(*) FROM live_streams WHERE status = 'created'"), 1);
  auto ended = alice.http->post("/api/live-streams/" + id + "/end", R"({"saveRecording":false})");
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json.at("stream").at("status").as_string(), "ended");
  EXPECT_EQ(ended.json.at("stream").at("endReason").as_string(), "ended_by_owner");
  EXPECT_FALSE(ended.json.at("stream").at("endedAt").is_null());
  EXPECT_TRUE(ended.json.at("reel").is_null());
  expect_error(alice.http->post("/api/live-streams/" + id + "/end", R"({"saveRecording":false})"), 409, "stream_ended");
}

TEST_F(StreamsApi, ListActiveValidatesItsQuery) {
  auto bob = signup("bob");
  auto list = bob.http->get("/api/live-streams");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(list.json.at("items").as_array().empty());
  EXPECT_TRUE(list.json.at("nextCursor").is_null());
  // Created streams are not live yet, so not listed.
  auto alice = signup("alice");
  create_stream(alice);
  EXPECT_TRUE(bob.http->get("/api/live-streams?scope=all").json.at("items").as_array().empty());
  expect_error(bob.http->get("/api/live-streams?scope=friends"), 400, "validation_failed");
  expect_error(bob.http->get("/api/live-streams?limit=0"), 400, "validation_failed");
  expect_error(bob.http->get("/api/live-streams?limit=51"), 400, "validation_failed");
  expect_error(bob.http->get("/api/live-streams?limit=ten"), 400, "validation_failed");
  expect_error(bob.http->get("/api/live-streams?cursor=forged"), 400, "validation_failed");
  EXPECT_EQ(bob.http->get("/api/live-streams?scope=following&limit=50").status, 200);
}

}  // namespace
}  // namespace onair::testing
