#include <thread>

#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

class NotificationsApi : public ApiTest {
 protected:
  /// Creates a stream for `creator` and publishes a few chunks so it goes live.
  std::string go_live(ApiUser& creator, std::unique_ptr<WsClient>& publisher, std::string* publish_path = nullptr) {
    auto created = creator.http->post_json(
        "/api/live-streams", json::object{{"title", "Night session"}, {"sensitivity", "none"}, {"gating", "public"}});
    std::string id(created.json.at("stream").at("id").as_string());
    if (publish_path != nullptr) *publish_path = path_of(created.json.at("publish"));
    publisher = std::make_unique<WsClient>(server_->port(), path_of(created.json.at("publish")));
    auto rec = load_recording("vp8_opus_restart_a");
    for (std::size_t i = 0; i < 6; ++i) publisher->send_binary(rec.chunks[i]);
    return id;
  }

  json::value wait_notifications(ApiUser& user, std::size_t count) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    json::value res;
    while (std::chrono::steady_clock::now() < deadline) {
      res = user.http->get("/api/notifications").json;
      if (res.at("items").as_array().size() >= count) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return res;
  }
};

TEST_F(NotificationsApi, FollowersHearOnceWhenAStreamGoesLiveHonouringMutesAndPreferences) {
  auto creator = signup("creator");
  auto fan = signup("fan");
  auto muter = signup("muter");
  auto quiet = signup("quiet");
  auto stranger = signup("stranger");
  for (auto* u : {&fan, &muter, &quiet}) ASSERT_EQ(u->http->post("/api/users/creator/follow", "").status, 204);
  ASSERT_EQ(muter.http->request("PUT", "/api/me/notification-preferences", std::string(R"({"mutedCreators":["creator"]})")).status, 200);
  ASSERT_EQ(quiet.http->request("PUT", "/api/me/notification-preferences",
                                std::string(R"({"preferences":{"LIVE_STREAM_STARTED":{"inApp":false}}})")).status, 200);
  WsClient fan_ws(server_->port(), "/ws", "onair_session=" + fan.token);
  ASSERT_TRUE(fan_ws.read_until_text(R"("type":"hello")"));

  std::unique_ptr<WsClient> publisher;
  std::string publish_path;
  auto started = std::chrono::steady_clock::now();
  auto id = go_live(creator, publisher, &publish_path);
  EXPECT_TRUE(fan_ws.read_until_text(R"("type":"notification")", std::chrono::seconds(3))) << fan_ws.texts();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  auto list = wait_notifications(fan, 1);
  ASSERT_EQ(list.at("items").as_array().size(), 1u);
  const auto& n = list.at("items").as_array()[0];
  EXPECT_EQ(n.at("type").as_string(), "LIVE_STREAM_STARTED");
  EXPECT_EQ(n.at("subjectId").as_string(), id);
  EXPECT_EQ(n.at("link").as_string(), "/live/" + id);
  EXPECT_EQ(n.at("body").as_string(), "Night session");
  EXPECT_EQ(n.at("actor").at("handle").as_string(), "creator");
  EXPECT_TRUE(n.at("readAt").is_null());
  EXPECT_EQ(list.at("unreadCount").as_int64(), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_TRUE(muter.http->get("/api/notifications").json.at("items").as_array().empty());
  EXPECT_TRUE(quiet.http->get("/api/notifications").json.at("items").as_array().empty());
  EXPECT_TRUE(stranger.http->get("/api/notifications").json.at("items").as_array().empty());

  // Interrupted and back: the publisher reconnects, the stream is live again, and nobody is told
  // a second time (no row, no push, no second fan-out job).
  auto status_is = [&](const char* status) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      if (creator.http->get("/api/live-streams/" + id).json.at("stream").at("status").as_string() == status) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  };
  publisher->close();
  publisher.reset();
  ASSERT_TRUE(status_is("interrupted"));
  WsClient back(server_->port(), publish_path);
  auto again = load_recording("vp8_opus_restart_b");
  for (std::size_t i = 0; i < 6; ++i) back.send_binary(again.chunks[i]);
  ASSERT_TRUE(status_is("live"));
  // The fan socket hears the stream's changes; a second "is live" would come with them.
  fan_ws.read_until_text("never-arrives", std::chrono::milliseconds(1500));
  auto pushes = fan_ws.texts();
  int told = 0;
  for (auto at = pushes.find(R"("type":"notification")"); at != std::string::npos;
       at = pushes.find(R"("type":"notification")", at + 1)) {
    ++told;
  }
  EXPECT_EQ(told, 1) << pushes;
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE in_app = 1"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications"), 2) << "the in-app-off follower still gets the email";
  EXPECT_EQ(count("SELECT COUNT(*) FROM jobs"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM jobs WHERE status = 'done'"), 1);
}

TEST_F(NotificationsApi, ReadOneAndReadAll) {
  auto a = signup("alpha");
  auto b = signup("beta");
  auto fan = signup("fan");
  fan.http->post("/api/users/alpha/follow", "");
  fan.http->post("/api/users/beta/follow", "");
  std::unique_ptr<WsClient> p1, p2;
  go_live(a, p1);
  go_live(b, p2);
  auto list = wait_notifications(fan, 2);
  ASSERT_EQ(list.at("items").as_array().size(), 2u);
  std::string first(list.at("items").as_array()[0].at("id").as_string());
  EXPECT_EQ(fan.http->post("/api/notifications/" + first + "/read", "").status, 204);
  EXPECT_EQ(fan.http->get("/api/notifications").json.at("unreadCount").as_int64(), 1);
  expect_error(a.http->post("/api/notifications/" + first + "/read", ""), 404, "not_found");
  expect_error(fan.http->post("/api/notifications/nope/read", ""), 404, "not_found");
  EXPECT_EQ(fan.http->post("/api/notifications/read-all", "").status, 204);
  EXPECT_EQ(fan.http->get("/api/notifications").json.at("unreadCount").as_int64(), 0);
  auto page = fan.http->get("/api/notifications?limit=1");
  ASSERT_EQ(page.json.at("items").as_array().size(), 1u);
  auto next = page.json.at("nextCursor");
  ASSERT_TRUE(next.is_string());
  auto page2 = fan.http->get("/api/notifications?limit=1&cursor=" + std::string(next.as_string()));
  ASSERT_EQ(page2.json.at("items").as_array().size(), 1u);
  EXPECT_NE(page2.json.at("items").as_array()[0].at("id"), page.json.at("items").as_array()[0].at("id"));
}

TEST_F(NotificationsApi, PreferencesHaveDefaultsAndRejectBadPayloads) {
  auto user = signup("user");
  signup("someone");
  auto prefs = user.http->get("/api/me/notification-preferences");
  ASSERT_EQ(prefs.status, 200);
  EXPECT_TRUE(prefs.json.at("preferences").at("LIVE_STREAM_STARTED").at("inApp").as_bool());
  EXPECT_TRUE(prefs.json.at("preferences").at("LIVE_STREAM_STARTED").at("email").as_bool());
  EXPECT_TRUE(prefs.json.at("mutedCreators").as_array().empty());
  const char* bad[] = {
      R"({"preferences":{"NOT_A_TYPE":{"inApp":true}}})",
      R"({"preferences":{"LIVE_STREAM_STARTED":{"inApp":"yes"}}})",
      R"({"preferences":{"LIVE_STREAM_STARTED":true}})",
      R"({"preferences":[]})",
      R"({"mutedCreators":"someone"})",
      R"({"mutedCreators":["ghost"]})",
      R"({"mutedCreators":[5]})",
  };
  for (const char* body : bad) {
    expect_error(user.http->request("PUT", "/api/me/notification-preferences", std::string(body)), 400, "validation_failed");
  }
  expect_error(user.http->request("PUT", "/api/me/notification-preferences", std::string("{")), 400, "invalid_json");
  EXPECT_EQ(count("SELECT COUNT(*) FROM notification_preferences"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM muted_creators"), 0);
  auto partial = user.http->request("PUT", "/api/me/notification-preferences",
                                    std::string(R"({"preferences":{"LIVE_STREAM_STARTED":{"email":false}},"mutedCreators":["someone"]})"));
  ASSERT_EQ(partial.status, 200) << partial.body;
  EXPECT_TRUE(partial.json.at("preferences").at("LIVE_STREAM_STARTED").at("inApp").as_bool());
  EXPECT_FALSE(partial.json.at("preferences").at("LIVE_STREAM_STARTED").at("email").as_bool());
  EXPECT_EQ(partial.json.at("mutedCreators").as_array()[0].as_string(), "someone");
  expect_error(client()->get("/api/notifications"), 401, "unauthenticated");
}

}  // namespace
}  // namespace onair::testing
