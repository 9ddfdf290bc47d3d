// Watching without an account, live lists over /ws, live thumbnails and camera state, profiles,
// and the creator's insights (docs/API-NOTES.md), through the real binary.

#include <chrono>
#include <thread>

#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

const std::string kJpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xD9", 22);
const std::string kPng("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00", 29);

/// The `name=value` of a Set-Cookie header.
std::string cookie_of(const HttpResponse& res) {
  auto header = res.header("set-cookie");
  return header.substr(0, header.find(';'));
}

class Visitors : public ApiTest {
 protected:
  struct Live {
    std::string id;
    std::unique_ptr<WsClient> publisher;
  };

  void SetUp() override {
    ApiTest::SetUp();
    rec_ = load_recording("vp8_opus_05mbps_6s");
  }

  /// Creates a stream of `user` and publishes to it until it is live.
  Live go_live(ApiUser& user, const std::string& gating = "public") {
    json::object body{{"title", "Live of " + user.handle}, {"sensitivity", "none"}, {"gating", gating}};
    if (gating == "paid") body["priceCredits"] = 5;
    auto created = user.http->post_json("/api/live-streams", body);
    EXPECT_EQ(created.status, 201) << created.body;
    Live live{std::string(created.json.at("stream").at("id").as_string()),
              std::make_unique<WsClient>(server_->port(), path_of(created.json.at("publish")))};
    for (const auto& chunk : rec_.chunks) live.publisher->send_binary(chunk);
    EXPECT_TRUE(eventually([&] { return stream_of(user, live.id).at("status").as_string() == "live"; }));
    return live;
  }

  json::object stream_of(ApiUser& user, const std::string& id) {
    return user.http->get("/api/live-streams/" + id).json.at("stream").as_object();
  }

  HttpResponse as_visitor(const std::string& method, const std::string& path, const std::string& cookie = "",
                          const std::optional<std::string>& body = std::string("{}")) {
    std::map<std::string, std::string> headers;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    return client()->request(method, path, body, headers);
  }

  Recording rec_;
};

TEST_F(Visitors, WatchPublicStreamsAndAreToldWhatTheOthersAre) {
  auto open_creator = signup("opencreator");
  auto close_creator = signup("closecreator");
  auto open = go_live(open_creator);
  auto closed = go_live(close_creator, "followers");

  // Lists: public streams only; "following" needs an account.
  auto list = as_visitor("GET", "/api/live-streams?scope=all", "", std::nullopt);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json.at("items").as_array().size(), 1u) << list.body;
  EXPECT_EQ(list.json.at("items").at(0).at("id").as_string(), open.id);
  expect_error(as_visitor("GET", "/api/live-streams?scope=following", "", std::nullopt), 401, "unauthenticated");

  // A followers-only stream says what it is, on get, join and chat alike.
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/live-streams/" + closed.id},
           {"POST", "/api/live-streams/" + closed.id + "/join"},
           {"GET", "/api/live-streams/" + closed.id + "/chat"}}) {
    auto refused = as_visitor(method, path, "", method == "GET" ? std::nullopt : std::optional<std::string>("{}"));
    expect_error(refused, 401, "unauthenticated");
    const auto& details = refused.json.at("error").at("details");
    EXPECT_EQ(details.at("gating").as_string(), "followers") << path;
    EXPECT_EQ(details.at("title").as_string(), "Live of closecreator");
    EXPECT_EQ(details.at("authorHandle").as_string(), "closecreator");
    EXPECT_EQ(details.at("authorDisplayName").as_string(), "User closecreator");
  }

  // Joining a public one: the visitor is kept by a cookie, so their second tab is the same viewer.
  auto first = as_visitor("POST", "/api/live-streams/" + open.id + "/join");
  ASSERT_EQ(first.status, 200) << first.body;
  auto guest = cookie_of(first);
  ASSERT_TRUE(guest.starts_with("onair_guest=")) << first.header("set-cookie");
  EXPECT_NE(first.header("set-cookie").find("HttpOnly"), std::string::npos);
  EXPECT_EQ(first.json.at("stream").at("viewerCount").as_int64(), 1);
  EXPECT_FALSE(first.json.at("watch").at("token").as_string().empty());
  auto second_tab = as_visitor("POST", "/api/live-streams/" + open.id + "/join", guest);
  ASSERT_EQ(second_tab.status, 200) << second_tab.body;
  EXPECT_TRUE(second_tab.header("set-cookie").empty());  // kept already
  EXPECT_EQ(second_tab.json.at("stream").at("viewerCount").as_int64(), 1);
  auto other = as_visitor("POST", "/api/live-streams/" + open.id + "/join");
  EXPECT_EQ(other.json.at("stream").at("viewerCount").as_int64(), 2);

  // The watch token opens the relay for a visitor as for anyone.
  WsClient viewer(server_->port(), path_of(first.json.at("watch")));
  EXPECT_TRUE(viewer.read_until_text(R"("type":"init")")) << viewer.texts();

  // Chat: readable, not writable; reactions need an account too.
  EXPECT_EQ(as_visitor("GET", "/api/live-streams/" + open.id + "/chat", guest, std::nullopt).status, 200);
  expect_error(as_visitor("POST", "/api/live-streams/" + open.id + "/chat", guest, R"({"text":"hi"})"), 401,
               "unauthenticated");
  expect_error(as_visitor("POST", "/api/live-streams/" + open.id + "/reactions", guest, R"({"kind":"heart"})"), 401,
               "unauthenticated");

  // Visitors count in the creator's analytics; leaving lowers the count.
  auto analytics = open_creator.http->get("/api/live-streams/" + open.id + "/analytics");
  EXPECT_EQ(analytics.json.at("uniqueViewers").as_int64(), 2) << analytics.body;
  EXPECT_EQ(as_visitor("POST", "/api/live-streams/" + open.id + "/leave", guest).status, 204);
  EXPECT_EQ(stream_of(open_creator, open.id).at("viewerCount").as_int64(), 1);

  // A session that has ended is a visitor again, but a bad bearer token is refused.
  EXPECT_EQ(as_visitor("GET", "/api/live-streams/" + open.id, "onair_session=ended-long-ago", std::nullopt).status,
            200);
  auto bearer = client();
  bearer->set_token("forged");
  expect_error(bearer->get("/api/live-streams/" + open.id), 401, "unauthenticated");
}

TEST_F(Visitors, JoinsWithoutAnAccountAreRateLimitedPerAddress) {
  auto creator = signup("creator");
  auto live = go_live(creator);
  int accepted = 0;
  HttpResponse last;
  for (int i = 0; i < 31; ++i) {
    last = as_visitor("POST", "/api/live-streams/" + live.id + "/join");
    if (last.status == 200) ++accepted;
  }
  EXPECT_EQ(accepted, 30);
  expect_error(last, 429, "rate_limited");
  // Accounts are not held back by visitors' joins from the same address.
  auto fan = signup("fan");
  EXPECT_EQ(fan.http->post("/api/live-streams/" + live.id + "/join").status, 200);
  // A peer that is no trusted proxy cannot claim another address.
  expect_error(client()->request("POST", "/api/live-streams/" + live.id + "/join", "{}",
                                 {{"X-Forwarded-For", "203.0.113.9"}}),
               429, "rate_limited");
}

/// Behind a reverse proxy named in ONAIR_TRUSTED_PROXIES (here: the tests' own address).
class VisitorsBehindAProxy : public Visitors {
 protected:
  std::map<std::string, std::string> server_env() override { return {{"ONAIR_TRUSTED_PROXIES", "10.0.0.0/8,127.0.0.1"}}; }
};

TEST_F(VisitorsBehindAProxy, EachForwardedClientHasItsOwnJoinLimit) {
  auto creator = signup("creator");
  auto live = go_live(creator);
  auto join_from = [&](const std::string& forwarded) {
    return client()->request("POST", "/api/live-streams/" + live.id + "/join", "{}", {{"X-Forwarded-For", forwarded}});
  };
  int accepted = 0;
  for (int i = 0; i < 31; ++i) accepted += join_from("203.0.113.1, 10.0.0.7").status == 200 ? 1 : 0;
  EXPECT_EQ(accepted, 30) << "one client behind two proxies";
  expect_error(join_from("198.51.100.4, 203.0.113.1"), 429, "rate_limited");  // the address the proxy saw counts
  EXPECT_EQ(join_from("203.0.113.2").status, 200) << "another client behind the same proxy";
  EXPECT_EQ(as_visitor("POST", "/api/live-streams/" + live.id + "/join").status, 200) << "the proxy itself";
}

TEST_F(Visitors, EventSocketsFollowLiveListsAndVisitorsHearOnlyPublicStreams) {
  auto open_creator = signup("opencreator");
  auto close_creator = signup("closecreator");
  auto member = signup("member");
  WsClient visitor_ws(server_->port(), "/ws");
  WsClient member_ws(server_->port(), "/ws", "onair_session=" + member.token);
  ASSERT_TRUE(visitor_ws.read_until_text(R"("type":"hello","user":null)")) << visitor_ws.texts();
  ASSERT_TRUE(member_ws.read_until_text(R"("type":"hello")"));
  for (auto* ws : {&visitor_ws, &member_ws}) {
    ws->send_text(R"({"type":"subscribe","topic":"live"})");
    ASSERT_TRUE(ws->read_until_text(R"("type":"subscribed","topic":"live")")) << ws->texts();
  }

  auto closed = go_live(close_creator, "followers");
  auto open = go_live(open_creator);
  EXPECT_TRUE(member_ws.read_until_text(R"("id":")" + closed.id + "\""));
  EXPECT_TRUE(member_ws.read_until_text(R"("id":")" + open.id + "\""));
  ASSERT_TRUE(visitor_ws.read_until_text(R"("id":")" + open.id + "\"")) << visitor_ws.texts();
  EXPECT_NE(visitor_ws.texts().find(R"("status":"live")"), std::string::npos);
  EXPECT_EQ(visitor_ws.texts().find(closed.id), std::string::npos);

  // Viewer counts are not list news: a join reaches only the stream's own subscribers (its push
  // goes out before the join answers, so before the subscription below is acknowledged).
  ASSERT_EQ(member.http->post("/api/live-streams/" + open.id + "/join").status, 200);

  // A visitor following a public stream hears its chat; a followers-only one stays silent.
  visitor_ws.send_text(R"({"type":"subscribe","streamId":")" + open.id + "\"}");
  ASSERT_TRUE(visitor_ws.read_until_text(R"("type":"subscribed","streamId":")" + open.id + "\""));
  EXPECT_EQ(visitor_ws.texts().find(R"("viewerCount":1)"), std::string::npos) << visitor_ws.texts();
  ASSERT_EQ(member.http->post_json("/api/live-streams/" + open.id + "/chat", json::object{{"text", "hello all"}}).status,
            201);
  EXPECT_TRUE(visitor_ws.read_until_text("hello all")) << visitor_ws.texts();

  // The end is list news for everyone who may see the stream.
  ASSERT_EQ(open_creator.http->post_json("/api/live-streams/" + open.id + "/end", json::object{{"saveRecording", false}})
                .status,
            200);
  EXPECT_TRUE(visitor_ws.read_until_text(R"("status":"ended")")) << visitor_ws.texts();
  visitor_ws.send_text(R"({"type":"subscribe","topic":"everything"})");
  EXPECT_TRUE(visitor_ws.read_until_text(R"("code":"invalid_message")"));
}

TEST_F(Visitors, CreatorsPostThumbnailsAndCameraStateThatListsShow) {
  auto creator = signup("creator");
  auto other = signup("other");
  auto live = go_live(creator);
  std::string path = "/api/live-streams/" + live.id + "/thumbnail";
  auto put = [&](ApiUser& user, const std::string& body, const std::string& type = "image/jpeg") {
    return user.http->request("PUT", path, body, {{"Content-Type", type}});
  };
  expect_error(put(other, kJpeg), 403, "not_stream_owner");
  expect_error(put(creator, kPng, "image/jpeg"), 400, "validation_failed");  // not what it says
  expect_error(put(creator, kJpeg, "image/png"), 400, "validation_failed");
  expect_error(put(creator, std::string(300 * 1024, 'x')), 413, "payload_too_large");
  EXPECT_TRUE(stream_of(creator, live.id).at("thumbnailUrl").is_null());

  WsClient lists(server_->port(), "/ws");
  ASSERT_TRUE(lists.read_until_text(R"("type":"hello")"));
  lists.send_text(R"({"type":"subscribe","topic":"live"})");
  ASSERT_TRUE(lists.read_until_text(R"("topic":"live")"));

  ASSERT_EQ(put(creator, kJpeg).status, 204);
  std::string url(stream_of(creator, live.id).at("thumbnailUrl").as_string());
  EXPECT_TRUE(url.starts_with("/media/live/" + live.id + "/thumbnail.jpg?v=")) << url;
  EXPECT_TRUE(lists.read_until_text(R"("thumbnailUrl":"/media/live/)")) << lists.texts();
  auto image = client()->get(url);
  EXPECT_EQ(image.status, 200);
  EXPECT_EQ(image.body, kJpeg);
  EXPECT_EQ(image.header("content-type"), "image/jpeg");
  expect_error(put(creator, kJpeg), 429, "rate_limited");  // one every 5 s
  expect_error(client()->get("/media/live/unknown/thumbnail.jpg"), 404, "not_found");

  auto state = creator.http->request("PUT", "/api/live-streams/" + live.id + "/state", R"({"cameraOn":false})");
  ASSERT_EQ(state.status, 200) << state.body;
  EXPECT_FALSE(state.json.at("stream").at("cameraOn").as_bool());
  EXPECT_TRUE(state.json.at("stream").at("microphoneOn").as_bool());
  EXPECT_TRUE(lists.read_until_text(R"("cameraOn":false)")) << lists.texts();
  expect_error(other.http->request("PUT", "/api/live-streams/" + live.id + "/state", R"({"cameraOn":true})"), 403,
               "not_stream_owner");
  expect_error(creator.http->request("PUT", "/api/live-streams/" + live.id + "/state", R"({"cameraOn":"off"})"), 400,
               "validation_failed");

  ASSERT_EQ(creator.http->post_json("/api/live-streams/" + live.id + "/end", json::object{{"saveRecording", false}})
                .status,
            200);
  std::this_thread::sleep_for(std::chrono::milliseconds(5100));
  expect_error(put(creator, kJpeg), 409, "stream_ended");
}

TEST_F(Visitors, ProfilesHaveABioAnAvatarAndAReelList) {
  auto alice = signup("alice");
  auto patched = alice.http->request("PATCH", "/api/me", R"({"displayName":"Alice A.","bio":"Cooks live.\nDaily."})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json.at("user").at("bio").as_string(), "Cooks live.\nDaily.");
  EXPECT_EQ(alice.http->get("/api/me").json.at("user").at("displayName").as_string(), "Alice A.");
  expect_error(alice.http->request("PATCH", "/api/me", R"({"displayName":""})"), 400, "validation_failed");
  expect_error(alice.http->request("PATCH", "/api/me", "{\"bio\":\"" + std::string(301, 'b') + "\"}"), 400,
               "validation_failed");
  expect_error(client()->request("PATCH", "/api/me", R"({"bio":"x"})"), 401, "unauthenticated");

  EXPECT_TRUE(alice.http->get("/api/me").json.at("user").at("avatarUrl").is_null());
  expect_error(alice.http->request("PUT", "/api/me/avatar", kJpeg, {{"Content-Type", "image/png"}}), 400,
               "validation_failed");
  expect_error(alice.http->request("PUT", "/api/me/avatar", "<svg/>", {{"Content-Type", "image/svg+xml"}}), 400,
               "validation_failed");
  auto uploaded = alice.http->request("PUT", "/api/me/avatar", kPng, {{"Content-Type", "image/png"}});
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  std::string avatar(uploaded.json.at("user").at("avatarUrl").as_string());
  EXPECT_TRUE(avatar.starts_with("/media/avatars/" + alice.id + "?v=")) << avatar;
  auto image = client()->get(avatar);
  EXPECT_EQ(image.status, 200);
  EXPECT_EQ(image.body, kPng);
  EXPECT_EQ(image.header("content-type"), "image/png");

  // A visitor sees the profile (and the avatar on what the user made).
  auto profile = as_visitor("GET", "/api/users/alice", "", std::nullopt);
  ASSERT_EQ(profile.status, 200) << profile.body;
  EXPECT_FALSE(profile.json.at("isFollowing").as_bool());
  EXPECT_EQ(profile.json.at("user").at("bio").as_string(), "Cooks live.\nDaily.");
  EXPECT_EQ(profile.json.at("user").at("avatarUrl").as_string(), avatar);
  EXPECT_EQ(profile.json.at("user").as_object().if_contains("email"), nullptr);
  auto id = create_stream(alice);
  EXPECT_EQ(as_visitor("GET", "/api/live-streams/" + id, "", std::nullopt).json.at("stream").at("author").at("avatarUrl"),
            json::value(avatar));
  auto reels = as_visitor("GET", "/api/users/alice/reels", "", std::nullopt);
  ASSERT_EQ(reels.status, 200) << reels.body;
  EXPECT_TRUE(reels.json.at("items").as_array().empty());
  EXPECT_TRUE(reels.json.at("nextCursor").is_null());
  expect_error(as_visitor("GET", "/api/users/nobody/reels", "", std::nullopt), 404, "not_found");

  // A new avatar replaces the old one's file; removing it leaves none.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto replaced = alice.http->request("PUT", "/api/me/avatar", kJpeg, {{"Content-Type", "image/jpeg"}});
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_NE(replaced.json.at("user").at("avatarUrl").as_string(), avatar);
  auto removed = alice.http->request("DELETE", "/api/me/avatar");
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_TRUE(removed.json.at("user").at("avatarUrl").is_null());
  expect_error(client()->get("/media/avatars/" + alice.id), 404, "not_found");
  EXPECT_TRUE(std::filesystem::is_empty(std::filesystem::path(server_->data_dir()) / "media" / "avatars"));
}

TEST_F(Visitors, CreatorInsightsCountChatReactionsFollowersAndViewersOverTime) {
  auto creator = signup("creator");
  auto fan = signup("fan");
  auto admin = signup_admin("operator");
  auto live = go_live(creator);
  ASSERT_EQ(fan.http->post("/api/live-streams/" + live.id + "/join").status, 200);
  for (const char* text : {"first", "second"}) {
    ASSERT_EQ(fan.http->post_json("/api/live-streams/" + live.id + "/chat", json::object{{"text", text}}).status, 201);
  }
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(fan.http->post_json("/api/live-streams/" + live.id + "/reactions", json::object{{"kind", "heart"}}).status,
              204);
  }
  ASSERT_EQ(fan.http->post("/api/users/creator/follow", "").status, 204);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // the reactions' batch is kept

  auto a = creator.http->get("/api/live-streams/" + live.id + "/analytics");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json.at("chatMessages").as_int64(), 2);
  EXPECT_EQ(a.json.at("reactions").as_int64(), 3);
  EXPECT_EQ(a.json.at("newFollowers").as_int64(), 1);
  EXPECT_EQ(a.json.at("revenueCredits").as_int64(), 0);
  auto sum = [&](const char* key) {
    std::int64_t n = 0;
    for (const auto& p : a.json.at(key).as_array()) n += p.at("count").as_int64();
    return n;
  };
  EXPECT_EQ(sum("chatTimeline"), 2);
  EXPECT_EQ(sum("reactionTimeline"), 3);
  EXPECT_EQ(a.json.at("chatTimeline").as_array().size(), a.json.at("viewerTimeline").as_array().size());
  EXPECT_EQ(a.json.at("chatTimeline").at(0).at("at"), a.json.at("viewerTimeline").at(0).at("at"));

  auto activity = admin.http->get("/api/admin/viewers?minutes=5");
  ASSERT_EQ(activity.status, 200) << activity.body;
  const auto& points = activity.json.at("points").as_array();
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points.back().at("viewers").as_int64(), 1);
  EXPECT_EQ(points.back().at("liveStreams").as_int64(), 1);
  EXPECT_EQ(points.front().at("liveStreams").as_int64(), 0);  // five minutes ago nothing was live
  expect_error(admin.http->get("/api/admin/viewers?minutes=0"), 400, "validation_failed");
  expect_error(fan.http->get("/api/admin/viewers"), 403, "forbidden");
}

}  // namespace
}  // namespace onair::testing
