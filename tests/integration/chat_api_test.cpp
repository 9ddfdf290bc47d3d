#include <thread>

#include "support/api_session.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

class ChatApi : public ApiTest {
 protected:

  HttpResponse say(ApiUser& user, const std::string& id, const std::string& text) {
    return user.http->post_json("/api/live-streams/" + id + "/chat", json::object{{"text", text}});
  }
  std::unique_ptr<WsClient> socket(const ApiUser& user, const std::string& stream_id) {
    auto ws = std::make_unique<WsClient>(server_->port(), "/ws", "onair_session=" + user.token);
    EXPECT_TRUE(ws->read_until_text(R"("type":"hello")"));
    ws->send_text(R"({"type":"subscribe","streamId":")" + stream_id + R"("})");
    EXPECT_TRUE(ws->read_until_text(R"("type":"subscribed","streamId":")" + stream_id + "\""));
    return ws;
  }
};

TEST_F(ChatApi, ViewersChatAndEveryoneInTheStreamSeesItLive) {
  auto creator = signup("creator");
  auto viewer = signup("viewer");
  auto id = create_stream(creator);
  ASSERT_EQ(viewer.http->post("/api/live-streams/" + id + "/join", "{}").status, 200);
  auto creator_ws = socket(creator, id);
  auto viewer_ws = socket(viewer, id);

  auto first = say(viewer, id, "  hello there  ");
  ASSERT_EQ(first.status, 201) << first.body;
  const auto& m = first.json.at("message");
  EXPECT_EQ(m.at("text").as_string(), "hello there");
  EXPECT_EQ(m.at("streamId").as_string(), id);
  EXPECT_EQ(m.at("author").at("handle").as_string(), "viewer");
  EXPECT_TRUE(m.at("id").is_string());
  EXPECT_TRUE(m.at("createdAt").is_string());
  EXPECT_TRUE(viewer_ws->read_until_text(R"("type":"chat")", std::chrono::seconds(1))) << viewer_ws->texts();
  EXPECT_TRUE(creator_ws->read_until_text("hello there", std::chrono::seconds(1))) << creator_ws->texts();

  ASSERT_EQ(say(creator, id, "welcome!").status, 201);
  ASSERT_EQ(say(viewer, id, std::string(500, 'x')).status, 201);
  auto all = viewer.http->get("/api/live-streams/" + id + "/chat");
  ASSERT_EQ(all.status, 200) << all.body;
  const auto& items = all.json.at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].at("text").as_string(), "hello there");
  EXPECT_EQ(items[1].at("author").at("handle").as_string(), "creator");
  std::string first_id(items[0].at("id").as_string());
  auto later = viewer.http->get("/api/live-streams/" + id + "/chat?after=" + first_id + "&limit=1");
  ASSERT_EQ(later.status, 200);
  ASSERT_EQ(later.json.at("items").as_array().size(), 1u);
  EXPECT_EQ(later.json.at("items").at(0).at("text").as_string(), "welcome!");
  // Without `after`, a newcomer gets the newest messages, still oldest first.
  auto newest = viewer.http->get("/api/live-streams/" + id + "/chat?limit=2");
  ASSERT_EQ(newest.json.at("items").as_array().size(), 2u);
  EXPECT_EQ(newest.json.at("items").at(0).at("text").as_string(), "welcome!");
  EXPECT_EQ(newest.json.at("items").at(1).at("text").as_string(), std::string(500, 'x'));
}

TEST_F(ChatApi, BadMessagesAreRefusedAndNothingIsStored) {
  auto creator = signup("creator");
  auto id = create_stream(creator);
  expect_error(say(creator, id, ""), 400, "validation_failed");
  expect_error(say(creator, id, "   "), 400, "validation_failed");
  expect_error(say(creator, id, std::string(501, 'x')), 400, "validation_failed");
  expect_error(say(creator, id, "bell\x07"), 400, "validation_failed");
  expect_error(creator.http->post("/api/live-streams/" + id + "/chat", "{\"text\": 5}"), 400, "validation_failed");
  expect_error(creator.http->post("/api/live-streams/" + id + "/chat", "{}"), 400, "validation_failed");
  expect_error(creator.http->post("/api/live-streams/" + id + "/chat", "{nope"), 400, "invalid_json");
  expect_error(creator.http->get("/api/live-streams/" + id + "/chat?after=abc"), 400, "validation_failed");
  expect_error(creator.http->get("/api/live-streams/" + id + "/chat?limit=0"), 400, "validation_failed");
  expect_error(say(creator, "missing", "hi"), 404, "not_found");
  expect_error(client()->post("/api/live-streams/" + id + "/chat", R"({"text":"hi"})"), 401, "unauthenticated");
  EXPECT_EQ(count("SELECT COUNT(*) FROM chat_messages"), 0);
  // 500 characters of two bytes each is within the limit (characters, not bytes).
  std::string accents;
  for (int i = 0; i < 500; ++i) accents += "\xC3\xA9";
  EXPECT_EQ(say(creator, id, accents).status, 201);
}

TEST_F(ChatApi, OnlyThoseWhoPassTheGateTakePartAndTheirSocketsAloneHearIt) {
  auto creator = signup("creator");
  auto buyer = signup("buyer");
  auto outsider = signup("outsider");
  auto paid = creator.http->post_json("/api/live-streams", json::object{{"title", "Paid"},
                                                                        {"sensitivity", "none"},
                                                                        {"gating", "paid"},
                                                                        {"priceCredits", 10}});
  std::string id(paid.json.at("stream").at("id").as_string());
  auto outsider_ws = socket(outsider, id);  // anyone may subscribe to status changes
  expect_error(say(outsider, id, "let me in"), 402, "payment_required");
  expect_error(outsider.http->get("/api/live-streams/" + id + "/chat"), 402, "payment_required");
  ASSERT_EQ(buyer.http->post_json("/api/me/wallet/top-up", json::object{{"credits", 50}, {"idempotencyKey", "t"}}).status, 201);
  ASSERT_EQ(buyer.http->post_json("/api/purchases", json::object{{"itemType", "live_stream"}, {"itemId", id},
                                                                {"idempotencyKey", "p"}}).status,
            201);
  auto buyer_ws = socket(buyer, id);
  ASSERT_EQ(say(buyer, id, "paid and here").status, 201);
  EXPECT_TRUE(buyer_ws->read_until_text("paid and here", std::chrono::seconds(1)));
  EXPECT_FALSE(outsider_ws->read_until_text(R"("type":"chat")", std::chrono::milliseconds(500)))
      << outsider_ws->texts();

  auto followers = signup("fanclub");
  auto fid = create_stream(followers, json::object{{"gating", "followers"}});
  expect_error(say(outsider, fid, "hi"), 403, "followers_only");
}

TEST_F(ChatApi, TheOwnerOrAnAdminRemovesMessagesAndSocketsAreTold) {
  auto creator = signup("creator");
  auto viewer = signup("viewer");
  auto boss = signup_admin("boss");
  auto id = create_stream(creator);
  ASSERT_EQ(viewer.http->post("/api/live-streams/" + id + "/join", "{}").status, 200);
  auto viewer_ws = socket(viewer, id);
  auto said = say(viewer, id, "spam");
  std::string mid(said.json.at("message").at("id").as_string());
  expect_error(viewer.http->request("DELETE", "/api/live-streams/" + id + "/chat/" + mid), 403, "not_stream_owner");
  EXPECT_EQ(creator.http->request("DELETE", "/api/live-streams/" + id + "/chat/" + mid).status, 204);
  EXPECT_TRUE(viewer_ws->read_until_text(R"("type":"chat_removed")", std::chrono::seconds(1))) << viewer_ws->texts();
  expect_error(creator.http->request("DELETE", "/api/live-streams/" + id + "/chat/" + mid), 404, "not_found");
  expect_error(creator.http->request("DELETE", "/api/live-streams/" + id + "/chat/abc"), 404, "not_found");
  EXPECT_TRUE(viewer.http->get("/api/live-streams/" + id + "/chat").json.at("items").as_array().empty());
  auto again = say(viewer, id, "sorry");
  std::string aid(again.json.at("message").at("id").as_string());
  EXPECT_EQ(boss.http->request("DELETE", "/api/live-streams/" + id + "/chat/" + aid).status, 204);
}

TEST_F(ChatApi, ChatIsRateLimitedAndClosesWhenTheStreamEnds) {
  auto creator = signup("creator");
  auto id = create_stream(creator);
  int accepted = 0, limited = 0;
  for (int i = 0; i < 8; ++i) {
    auto res = say(creator, id, "msg " + std::to_string(i));
    if (res.status == 201) ++accepted;
    if (res.status == 429) {
      ++limited;
      expect_error(res, 429, "rate_limited");
    }
  }
  EXPECT_EQ(accepted, 5);
  EXPECT_EQ(limited, 3);
  ASSERT_EQ(creator.http->post_json("/api/live-streams/" + id + "/end", json::object{{"saveRecording", false}}).status,
            200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  expect_error(say(creator, id, "after the end"), 409, "stream_ended");
  EXPECT_EQ(creator.http->get("/api/live-streams/" + id + "/chat").json.at("items").as_array().size(), 5u);
}

TEST_F(ChatApi, ReactionsArriveInBatchesWithTheirCounts) {
  auto creator = signup("creator");
  auto viewer = signup("viewer");
  auto id = create_stream(creator);
  ASSERT_EQ(viewer.http->post("/api/live-streams/" + id + "/join", "{}").status, 200);
  auto creator_ws = socket(creator, id);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(viewer.http->post_json("/api/live-streams/" + id + "/reactions", json::object{{"kind", "heart"}}).status,
              204);
  }
  EXPECT_EQ(viewer.http->post_json("/api/live-streams/" + id + "/reactions", json::object{{"kind", "fire"}}).status, 204);
  expect_error(viewer.http->post_json("/api/live-streams/" + id + "/reactions", json::object{{"kind", "poop"}}), 400,
               "validation_failed");
  expect_error(viewer.http->post("/api/live-streams/" + id + "/reactions", "{kind"), 400, "invalid_json");
  expect_error(viewer.http->post("/api/live-streams/" + id + "/reactions", R"({"kind": 3})"), 400, "validation_failed");
  expect_error(viewer.http->post_json("/api/live-streams/nope/reactions", json::object{{"kind", "heart"}}), 404,
               "not_found");
  // Batches come at most every 250 ms; add up what arrives in a second.
  std::int64_t hearts = 0, fires = 0;
  int batches = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while ((hearts < 3 || fires < 1) && std::chrono::steady_clock::now() < deadline) {
    auto msg = creator_ws->read(std::chrono::milliseconds(500));
    if (!msg || msg->binary) continue;
    auto v = json::parse(msg->data);
    if (v.at("type").as_string() != "reactions") continue;
    ++batches;
    EXPECT_EQ(v.at("streamId").as_string(), id);
    const auto& counts = v.at("counts").as_object();
    if (auto* h = counts.if_contains("heart")) hearts += h->as_int64();
    if (auto* f = counts.if_contains("fire")) fires += f->as_int64();
  }
  EXPECT_EQ(hearts, 3);
  EXPECT_EQ(fires, 1);
  EXPECT_LE(batches, 2);
}

}  // namespace
}  // namespace onair::testing
