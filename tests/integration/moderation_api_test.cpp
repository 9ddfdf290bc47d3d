#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

// API.md "Moderation": moderators and bans of a creator's channel.
class ModerationApi : public ApiTest {
 protected:
  HttpResponse ban(ApiUser& actor, const std::string& creator, json::object body) {
    return actor.http->post_json("/api/users/" + creator + "/bans", body);
  }
  HttpResponse say(ApiUser& user, const std::string& id, const std::string& text) {
    return user.http->post_json("/api/live-streams/" + id + "/chat", json::object{{"text", text}});
  }
};

TEST_F(ModerationApi, CreatorsAppointListAndDismissModerators) {
  auto creator = signup("creator");
  auto mod = signup("mod");
  EXPECT_EQ(creator.http->request("PUT", "/api/me/moderators/mod").status, 204);
  EXPECT_EQ(creator.http->request("PUT", "/api/me/moderators/mod").status, 204) << "appointing twice is fine";
  auto list = creator.http->get("/api/me/moderators");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json.at("items").as_array().size(), 1u);
  EXPECT_EQ(list.json.at("items").at(0).at("handle").as_string(), "mod");
  EXPECT_EQ(mod.http->get("/api/me/moderators").json.at("items").as_array().size(), 0u) << "each their own channel";
  expect_error(creator.http->request("PUT", "/api/me/moderators/nobody"), 404, "not_found");
  expect_error(creator.http->request("PUT", "/api/me/moderators/creator"), 400, "validation_failed");
  expect_error(client()->get("/api/me/moderators"), 401, "unauthenticated");
  expect_error(client()->request("PUT", "/api/me/moderators/mod"), 401, "unauthenticated");
  EXPECT_EQ(creator.http->request("DELETE", "/api/me/moderators/mod").status, 204);
  EXPECT_EQ(creator.http->get("/api/me/moderators").json.at("items").as_array().size(), 0u);
  expect_error(creator.http->request("DELETE", "/api/me/moderators/nobody"), 404, "not_found");
}

TEST_F(ModerationApi, AModeratorTimesOutAViewerWhoIsThenKeptOutOfJoinChatAndReactions) {
  auto creator = signup("creator");
  auto mod = signup("mod");
  auto troll = signup("troll");
  auto id = create_stream(creator);
  ASSERT_EQ(creator.http->request("PUT", "/api/me/moderators/mod").status, 204);
  auto troll_join = troll.http->post("/api/live-streams/" + id + "/join", "{}");
  ASSERT_EQ(troll_join.status, 200);
  EXPECT_FALSE(troll_join.json.at("canModerate").as_bool());
  EXPECT_TRUE(mod.http->post("/api/live-streams/" + id + "/join", "{}").json.at("canModerate").as_bool());
  EXPECT_TRUE(creator.http->post("/api/live-streams/" + id + "/join", "{}").json.at("canModerate").as_bool());
  ASSERT_EQ(say(troll, id, "first!").status, 201);

  auto timed_out = ban(mod, "creator", json::object{{"handle", "troll"}, {"durationSeconds", 600}, {"reason", "spam"}});
  ASSERT_EQ(timed_out.status, 201) << timed_out.body;
  const auto& b = timed_out.json.at("ban");
  EXPECT_EQ(b.at("user").at("handle").as_string(), "troll");
  EXPECT_EQ(b.at("creator").at("handle").as_string(), "creator");
  EXPECT_EQ(b.at("createdBy").at("handle").as_string(), "mod");
  EXPECT_EQ(b.at("reason").as_string(), "spam");
  ASSERT_TRUE(b.at("until").is_string());
  EXPECT_TRUE(b.at("createdAt").is_string());

  auto joined = troll.http->post("/api/live-streams/" + id + "/join", "{}");
  expect_error(joined, 403, "banned");
  EXPECT_EQ(joined.json.at("error").at("details").at("until").as_string(), b.at("until").as_string());
  expect_error(say(troll, id, "again!"), 403, "banned");
  expect_error(troll.http->post_json("/api/live-streams/" + id + "/reactions", json::object{{"kind", "heart"}}), 403,
               "banned");
  // Others carry on.
  EXPECT_EQ(say(mod, id, "carry on").status, 201);

  // Lifted: back in.
  EXPECT_EQ(mod.http->request("DELETE", "/api/users/creator/bans/troll").status, 204);
  EXPECT_EQ(troll.http->post("/api/live-streams/" + id + "/join", "{}").status, 200);
  EXPECT_EQ(say(troll, id, "sorry").status, 201);

  // A permanent ban says so: until null.
  ASSERT_EQ(ban(creator, "creator", json::object{{"handle", "troll"}, {"durationSeconds", nullptr}}).status, 201);
  auto refused = troll.http->post("/api/live-streams/" + id + "/join", "{}");
  expect_error(refused, 403, "banned");
  EXPECT_TRUE(refused.json.at("error").at("details").at("until").is_null()) << refused.body;
}

TEST_F(ModerationApi, WhoMayBanWhom) {
  auto creator = signup("creator");
  auto mod = signup("mod");
  auto mod2 = signup("mod2");
  auto viewer = signup("viewer");
  auto admin = signup_admin("admin");
  ASSERT_EQ(creator.http->request("PUT", "/api/me/moderators/mod").status, 204);
  ASSERT_EQ(creator.http->request("PUT", "/api/me/moderators/mod2").status, 204);
  // Nobody bans the creator from their own channel, nor themselves.
  expect_error(ban(mod, "creator", json::object{{"handle", "creator"}}), 400, "validation_failed");
  expect_error(ban(admin, "creator", json::object{{"handle", "creator"}}), 400, "validation_failed");
  expect_error(ban(mod, "creator", json::object{{"handle", "mod"}}), 400, "validation_failed");
  // A moderator does not ban another moderator; the creator and admins may.
  expect_error(ban(mod, "creator", json::object{{"handle", "mod2"}}), 403, "forbidden");
  EXPECT_EQ(ban(creator, "creator", json::object{{"handle", "mod2"}}).status, 201);
  // Someone who does not moderate the channel: forbidden, even to read its bans.
  expect_error(ban(viewer, "creator", json::object{{"handle", "mod"}}), 403, "forbidden");
  expect_error(viewer.http->get("/api/users/creator/bans"), 403, "forbidden");
  expect_error(client()->get("/api/users/creator/bans"), 401, "unauthenticated");
  EXPECT_EQ(ban(admin, "creator", json::object{{"handle", "viewer"}, {"reason", "operators"}}).status, 201);
  auto list = mod.http->get("/api/users/creator/bans");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json.at("items").as_array().size(), 2u);
  EXPECT_EQ(list.json.at("items").at(0).at("user").at("handle").as_string(), "viewer") << "newest first";
  // Bad input.
  expect_error(ban(creator, "creator", json::object{{"handle", "nobody"}}), 404, "not_found");
  expect_error(ban(creator, "nobody", json::object{{"handle", "viewer"}}), 404, "not_found");
  expect_error(ban(creator, "creator", json::object{{"handle", "viewer"}, {"durationSeconds", 0}}), 400,
               "validation_failed");
  expect_error(ban(creator, "creator", json::object{{"handle", "viewer"}, {"durationSeconds", 1209601}}), 400,
               "validation_failed");
  expect_error(ban(creator, "creator", json::object{{"handle", "viewer"}, {"reason", std::string(501, 'x')}}), 400,
               "validation_failed");
  expect_error(ban(creator, "creator", json::object{}), 400, "validation_failed");
  expect_error(creator.http->post("/api/users/creator/bans", "{nope"), 400, "invalid_json");
}

TEST_F(ModerationApi, ABannedViewersSocketsAreToldAndClosedWithinASecond) {
  auto creator = signup("creator");
  auto troll = signup("troll");
  auto fan = signup("fan");
  auto id = create_stream(creator);
  auto joined = troll.http->post("/api/live-streams/" + id + "/join", "{}");
  ASSERT_EQ(joined.status, 200);
  ASSERT_EQ(fan.http->post("/api/live-streams/" + id + "/join", "{}").status, 200);
  WsClient watch(server_->port(), path_of(joined.json.at("watch")));
  ASSERT_TRUE(watch.read_until_text(R"("type":"status")"));
  WsClient events(server_->port(), "/ws", "onair_session=" + troll.token);
  ASSERT_TRUE(events.read_until_text(R"("type":"hello")"));
  events.send_text(R"({"type":"subscribe","streamId":")" + id + R"("})");
  ASSERT_TRUE(events.read_until_text(R"("type":"subscribed")"));

  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(ban(creator, "creator", json::object{{"handle", "troll"}, {"durationSeconds", 60}}).status, 201);
  ASSERT_TRUE(watch.read_until_text(R"("type":"banned","streamId":")" + id + "\"", std::chrono::seconds(1)))
      << watch.texts();
  ASSERT_TRUE(events.read_until_text(R"("type":"banned","streamId":")" + id + "\"", std::chrono::seconds(1)))
      << events.texts();
  for (int i = 0; i < 20 && !watch.closed(); ++i) watch.read(std::chrono::milliseconds(50));
  EXPECT_TRUE(watch.closed());
  EXPECT_EQ(watch.close_code(), 4003);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  // "Ban and remove messages": what they wrote leaves the chat, for everyone watching.
  ASSERT_EQ(fan.http->post("/api/users/creator/follow", "").status, 204);
  auto fan_said = say(fan, id, "i am a spammer now");
  ASSERT_EQ(fan_said.status, 201);
  std::string fan_message(fan_said.json.at("message").at("id").as_string());
  WsClient creator_events(server_->port(), "/ws", "onair_session=" + creator.token);
  ASSERT_TRUE(creator_events.read_until_text(R"("type":"hello")"));
  ASSERT_EQ(ban(creator, "creator", json::object{{"handle", "fan"}, {"durationSeconds", 600}, {"removeMessages", true}})
                .status,
            201);
  EXPECT_TRUE(creator_events.read_until_text(R"("type":"chat_removed")", std::chrono::seconds(1)))
      << creator_events.texts();
  EXPECT_NE(creator_events.texts().find(fan_message), std::string::npos);
  EXPECT_EQ(creator.http->get("/api/live-streams/" + id + "/chat").body.find("i am a spammer"), std::string::npos);
  ASSERT_EQ(creator.http->request("DELETE", "/api/users/creator/bans/fan").status, 204);
  // The public stream's chat no longer reaches them, even subscribed again.
  events.send_text(R"({"type":"subscribe","streamId":")" + id + R"("})");
  ASSERT_TRUE(events.read_until_text(R"("type":"subscribed")"));
  ASSERT_EQ(say(fan, id, "peace at last").status, 201);
  EXPECT_FALSE(events.read_until_text("peace at last", std::chrono::milliseconds(700)));
}

TEST_F(ModerationApi, ChatRulesSlowModeFollowersOnlyAndBlockedWords) {
  auto creator = signup("creator");
  auto mod = signup("mod");
  auto fan = signup("fan");
  auto stranger = signup("stranger");
  auto id = create_stream(creator);
  ASSERT_EQ(creator.http->request("PUT", "/api/me/moderators/mod").status, 204);
  ASSERT_EQ(fan.http->post("/api/users/creator/follow", "").status, 204);
  for (auto* u : {&mod, &fan, &stranger}) ASSERT_EQ(u->http->post("/api/live-streams/" + id + "/join", "{}").status, 200);

  auto none = creator.http->get("/api/me/chat-settings");
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(json::serialize(none.json.at("chatSettings")),
            R"({"slowModeSeconds":0,"followersOnlyChat":false,"followersOnlyMinutes":0,"blockedWords":[]})");
  auto set = creator.http->request("PUT", "/api/me/chat-settings",
                                   R"({"slowModeSeconds":30,"followersOnlyChat":true,"blockedWords":["spam","Spam"]})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json.at("chatSettings").at("slowModeSeconds").as_int64(), 30);
  EXPECT_EQ(set.json.at("chatSettings").at("blockedWords").as_array().size(), 2u);

  // Followers only: a stranger may not chat; a follower may.
  expect_error(say(stranger, id, "hi"), 403, "followers_only");
  ASSERT_EQ(say(fan, id, "hello").status, 201);
  // Slow mode: a second message within 30 s.
  auto again = say(fan, id, "hello again");
  expect_error(again, 429, "slow_mode");
  auto wait = again.json.at("error").at("details").at("retryAfterSeconds").as_int64();
  EXPECT_GE(wait, 29);
  EXPECT_LE(wait, 30);
  // Moderators and the creator are exempt from slow mode.
  ASSERT_EQ(say(mod, id, "one").status, 201);
  ASSERT_EQ(say(mod, id, "two").status, 201);
  ASSERT_EQ(say(creator, id, "three").status, 201);
  ASSERT_EQ(say(creator, id, "four").status, 201);
  // Blocked words, whatever the letters look like; the creator is not held to their own list.
  expect_error(say(mod, id, "no \u0405\u0420\u0410\u041C here"), 400, "message_blocked");
  EXPECT_EQ(say(creator, id, "spam is what they sent").status, 201);

  // Bad input, and the settings stay as they were.
  expect_error(creator.http->request("PUT", "/api/me/chat-settings", R"({"slowModeSeconds":301})"), 400,
               "validation_failed");
  expect_error(creator.http->request("PUT", "/api/me/chat-settings", R"({"followersOnlyChat":"yes"})"), 400,
               "validation_failed");
  expect_error(creator.http->request("PUT", "/api/me/chat-settings", R"({"followersOnlyMinutes":129601})"), 400,
               "validation_failed");
  expect_error(creator.http->request("PUT", "/api/me/chat-settings", R"({"followersOnlyMinutes":-1})"), 400,
               "validation_failed");
  expect_error(creator.http->request("PUT", "/api/me/chat-settings", R"({"blockedWords":"spam"})"), 400,
               "validation_failed");
  expect_error(creator.http->request("PUT", "/api/me/chat-settings", R"({"blockedWords":[""]})"), 400,
               "validation_failed");
  json::array many;
  for (int i = 0; i < 501; ++i) many.push_back(json::string("w" + std::to_string(i)));
  expect_error(creator.http->request("PUT", "/api/me/chat-settings", json::serialize(json::object{{"blockedWords", many}})),
               400, "validation_failed");
  expect_error(client()->get("/api/me/chat-settings"), 401, "unauthenticated");
  EXPECT_EQ(creator.http->get("/api/me/chat-settings").json.at("chatSettings").at("slowModeSeconds").as_int64(), 30);
  // Switched off: everyone chats again.
  ASSERT_EQ(creator.http->request("PUT", "/api/me/chat-settings", R"({"slowModeSeconds":0,"followersOnlyChat":false})")
                .status,
            200);
  EXPECT_EQ(say(stranger, id, "finally").status, 201);
}

TEST_F(ModerationApi, ReportsGoToTheOperatorsQueueAndTheirResolutionTakesEffect) {
  auto creator = signup("creator");
  auto viewer = signup("viewer");
  auto admin = signup_admin("admin");
  auto id = create_stream(creator);
  ASSERT_EQ(viewer.http->post("/api/live-streams/" + id + "/join", "{}").status, 200);
  auto said = say(creator, id, "buy my course");
  std::string mid(said.json.at("message").at("id").as_string());

  auto report = [&](const std::string& type, const std::string& item) {
    return viewer.http->post_json("/api/reports",
                                  json::object{{"itemType", type}, {"itemId", item}, {"reason", "not ok"}});
  };
  auto first = report("chat_message", mid);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json.at("report").at("status").as_string(), "open");
  EXPECT_EQ(first.json.at("report").at("reporter").at("handle").as_string(), "viewer");
  EXPECT_TRUE(first.json.at("report").at("resolvedAt").is_null());
  expect_error(report("chat_message", mid), 409, "conflict");
  ASSERT_EQ(report("user", "creator").status, 201) << "a user by handle";
  ASSERT_EQ(report("live_stream", id).status, 201);
  expect_error(report("live_stream", "nope"), 404, "not_found");
  expect_error(report("chat_message", "12x"), 404, "not_found");
  expect_error(report("planet", "earth"), 400, "validation_failed");
  expect_error(viewer.http->post_json("/api/reports", json::object{{"itemType", "user"}, {"itemId", "creator"}}), 400,
               "validation_failed");
  expect_error(client()->post_json("/api/reports", json::object{{"itemType", "user"}, {"itemId", "creator"},
                                                                {"reason", "x"}}),
               401, "unauthenticated");

  // The queue is the operators'.
  expect_error(viewer.http->get("/api/admin/reports"), 403, "forbidden");
  auto queue = admin.http->get("/api/admin/reports?status=open&limit=2");
  ASSERT_EQ(queue.status, 200) << queue.body;
  ASSERT_EQ(queue.json.at("items").as_array().size(), 2u);
  ASSERT_TRUE(queue.json.at("nextCursor").is_string());
  auto rest = admin.http->get("/api/admin/reports?status=open&limit=2&cursor=" +
                              std::string(queue.json.at("nextCursor").as_string()));
  ASSERT_EQ(rest.json.at("items").as_array().size(), 1u);
  expect_error(admin.http->get("/api/admin/reports?status=maybe"), 400, "validation_failed");

  // Remove the reported message: gone from the chat; the report resolved once.
  std::string rid(first.json.at("report").at("id").as_string());
  auto resolved = admin.http->post_json("/api/admin/reports/" + rid + "/resolve", json::object{{"action", "remove_item"}});
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(resolved.json.at("report").at("status").as_string(), "resolved");
  EXPECT_EQ(resolved.json.at("report").at("resolution").as_string(), "remove_item");
  EXPECT_EQ(resolved.json.at("report").at("resolvedBy").at("handle").as_string(), "admin");
  EXPECT_EQ(viewer.http->get("/api/live-streams/" + id + "/chat").body.find("buy my course"), std::string::npos);
  expect_error(admin.http->post_json("/api/admin/reports/" + rid + "/resolve", json::object{{"action", "dismiss"}}),
               409, "conflict");
  expect_error(admin.http->post_json("/api/admin/reports/nope/resolve", json::object{{"action", "dismiss"}}), 404,
               "not_found");
  // end_stream on the stream's report: the stream ends.
  std::string stream_report;
  auto still_open = admin.http->get("/api/admin/reports");
  for (const auto& r : still_open.json.at("items").as_array()) {
    if (r.at("itemType").as_string() == "live_stream") stream_report = r.at("id").as_string();
  }
  ASSERT_FALSE(stream_report.empty());
  expect_error(admin.http->post_json("/api/admin/reports/" + stream_report + "/resolve", json::object{{"action", "burn"}}),
               400, "validation_failed");
  ASSERT_EQ(admin.http->post_json("/api/admin/reports/" + stream_report + "/resolve", json::object{{"action", "end_stream"}})
                .status,
            200);
  EXPECT_EQ(viewer.http->get("/api/live-streams/" + id).json.at("stream").at("status").as_string(), "ended");
  EXPECT_EQ(admin.http->get("/api/admin/reports?status=resolved").json.at("items").as_array().size(), 2u);
}

TEST_F(ModerationApi, ASuspensionEndsSessionsAndTheLiveStreamAndRefusesLogins) {
  auto creator = signup("creator");
  auto admin = signup_admin("admin");
  auto id = create_stream(creator);
  EXPECT_EQ(creator.http->get("/api/me").status, 200);
  expect_error(creator.http->post_json("/api/admin/users/creator/suspend", json::object{{"reason", "x"}}), 403,
               "forbidden");
  expect_error(admin.http->post_json("/api/admin/users/creator/suspend", json::object{}), 400, "validation_failed");
  expect_error(admin.http->post_json("/api/admin/users/creator/suspend",
                                     json::object{{"reason", "x"}, {"until", "2001-01-01T00:00:00Z"}}),
               400, "validation_failed");
  expect_error(admin.http->post_json("/api/admin/users/nobody/suspend", json::object{{"reason", "x"}}), 404,
               "not_found");
  ASSERT_EQ(admin.http->post_json("/api/admin/users/creator/suspend",
                                  json::object{{"reason", "fraud"}, {"until", "2099-01-01T00:00:00Z"}})
                .status,
            204);
  // The session in use stops working at once; the live stream ended; logins refused until lifted.
  expect_error(creator.http->get("/api/me"), 401, "unauthenticated");
  EXPECT_EQ(admin.http->get("/api/live-streams/" + id).json.at("stream").at("status").as_string(), "ended");
  auto login = client()->post_json("/api/auth/login", json::object{{"login", "creator"}, {"password", "password-creator"}});
  expect_error(login, 403, "suspended");
  EXPECT_EQ(login.json.at("error").at("details").at("until").as_string(), "2099-01-01T00:00:00.000Z");
  // A wrong password learns nothing of the suspension.
  expect_error(client()->post_json("/api/auth/login", json::object{{"login", "creator"}, {"password", "wrong-password"}}),
               401, "unauthenticated");
  EXPECT_EQ(admin.http->request("DELETE", "/api/admin/users/creator/suspend").status, 204);
  EXPECT_EQ(client()->post_json("/api/auth/login", json::object{{"login", "creator"}, {"password", "password-creator"}})
                .status,
            200);
}

TEST_F(ModerationApi, ModeratorsRemoveChatMessagesOthersCannot) {
  auto creator = signup("creator");
  auto mod = signup("mod");
  auto viewer = signup("viewer");
  auto id = create_stream(creator);
  ASSERT_EQ(creator.http->request("PUT", "/api/me/moderators/mod").status, 204);
  ASSERT_EQ(viewer.http->post("/api/live-streams/" + id + "/join", "{}").status, 200);
  auto said = say(viewer, id, "buy my stuff");
  ASSERT_EQ(said.status, 201);
  std::string mid(said.json.at("message").at("id").as_string());
  expect_error(viewer.http->request("DELETE", "/api/live-streams/" + id + "/chat/" + mid), 403, "not_stream_owner");
  EXPECT_EQ(mod.http->request("DELETE", "/api/live-streams/" + id + "/chat/" + mid).status, 204);
  EXPECT_EQ(viewer.http->get("/api/live-streams/" + id + "/chat").json.at("items").as_array().size(), 0u);
}

TEST_F(ModerationApi, TheModerationLogShowsTheChannelsActionsToThoseWhoModerateIt) {
  auto creator = signup("creator");
  auto mod = signup("mod");
  auto viewer = signup("viewer");
  auto admin = signup_admin("admin");
  create_stream(creator);
  ASSERT_EQ(creator.http->request("PUT", "/api/me/moderators/mod").status, 204);
  ASSERT_EQ(ban(mod, "creator", json::object{{"handle", "viewer"}, {"durationSeconds", 600}, {"reason", "spam"}}).status,
            201);
  ASSERT_EQ(creator.http->request("PUT", "/api/me/chat-settings", R"({"slowModeSeconds":5})").status, 200);
  ASSERT_EQ(admin.http->post_json("/api/admin/users/viewer/suspend", json::object{{"reason", "fraud"}}).status, 204);

  auto log = creator.http->get("/api/users/creator/moderation-log?limit=2");
  ASSERT_EQ(log.status, 200) << log.body;
  const auto& items = log.json.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("action").as_string(), "chat_settings");
  EXPECT_EQ(items[1].at("action").as_string(), "timeout");
  EXPECT_EQ(items[1].at("actor").at("handle").as_string(), "mod");
  EXPECT_EQ(items[1].at("user").at("handle").as_string(), "viewer");
  EXPECT_EQ(items[1].at("creator").at("handle").as_string(), "creator");
  EXPECT_EQ(items[1].at("reason").as_string(), "spam");
  EXPECT_TRUE(items[1].at("until").is_string());
  EXPECT_TRUE(items[1].at("itemType").is_null());
  ASSERT_TRUE(log.json.at("nextCursor").is_string());
  auto rest = mod.http->get("/api/users/creator/moderation-log?cursor=" + std::string(log.json.at("nextCursor").as_string()));
  ASSERT_EQ(rest.status, 200);
  ASSERT_EQ(rest.json.at("items").as_array().size(), 1u);
  EXPECT_EQ(rest.json.at("items").as_array()[0].at("action").as_string(), "appoint_moderator");
  EXPECT_TRUE(rest.json.at("nextCursor").is_null());
  // The suspension is an operator's: in the whole log only.
  auto full = admin.http->get("/api/admin/moderation-log");
  ASSERT_EQ(full.status, 200);
  ASSERT_EQ(full.json.at("items").as_array().size(), 4u);
  EXPECT_EQ(full.json.at("items").as_array()[0].at("action").as_string(), "suspend");
  EXPECT_TRUE(full.json.at("items").as_array()[0].at("creator").is_null());
  EXPECT_EQ(admin.http->get("/api/users/creator/moderation-log").status, 200) << "admins read any channel's";

  expect_error(viewer.http->get("/api/users/creator/moderation-log"), 401, "unauthenticated");  // suspended
  expect_error(signup("other").http->get("/api/users/creator/moderation-log"), 403, "forbidden");
  expect_error(mod.http->get("/api/admin/moderation-log"), 403, "forbidden");
  expect_error(client()->get("/api/users/creator/moderation-log"), 401, "unauthenticated");
  expect_error(creator.http->get("/api/users/nobody/moderation-log"), 404, "not_found");
  expect_error(creator.http->get("/api/users/creator/moderation-log?cursor=zzz"), 400, "validation_failed");
  expect_error(creator.http->get("/api/users/creator/moderation-log?limit=0"), 400, "validation_failed");
}

TEST_F(ModerationApi, ASuspendedUsersReelsAreHiddenFromEveryoneButOperators) {
  auto maker = signup("maker");
  auto viewer = signup("viewer");
  auto admin = signup_admin("admin");
  auto mp4 = read_file_bytes(std::string(ONAIR_SOURCE_DIR) + "/tests/fixtures/media/sample_2s.mp4");
  auto uploaded = maker.http->request("POST", "/api/reels?title=Clip&gating=public", mp4, {{"Content-Type", "video/mp4"}});
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  std::string id(uploaded.json.at("reel").at("id").as_string());
  auto listed = [&](ApiUser& who, const std::string& path) { return who.http->get(path).json.at("items").as_array().size(); };
  EXPECT_EQ(listed(viewer, "/api/reels"), 1u);
  ASSERT_EQ(admin.http->post_json("/api/admin/users/maker/suspend", json::object{{"reason", "stolen videos"}}).status, 204);
  EXPECT_EQ(listed(viewer, "/api/reels"), 0u);
  EXPECT_EQ(listed(viewer, "/api/users/maker/reels"), 0u);
  expect_error(viewer.http->get("/api/reels/" + id), 404, "not_found");
  expect_error(viewer.http->get("/media/reels/" + id), 404, "not_found");
  expect_error(client()->get("/api/reels/" + id), 404, "not_found");
  EXPECT_EQ(listed(admin, "/api/reels"), 1u) << "operators still see what they judge";
  EXPECT_EQ(admin.http->get("/api/reels/" + id).status, 200);
  ASSERT_EQ(admin.http->request("DELETE", "/api/admin/users/maker/suspend").status, 204);
  EXPECT_EQ(listed(viewer, "/api/reels"), 1u) << "back once the suspension is lifted";
  EXPECT_EQ(viewer.http->get("/api/reels/" + id).status, 200);
}

TEST_F(ModerationApi, EveryModerationEndpointAnswersEachRoleAsTheContractSays) {
  auto creator = signup("creator");
  auto mod = signup("mod");
  auto other = signup("other");
  auto admin = signup_admin("admin");
  signup("target");
  ASSERT_EQ(creator.http->request("PUT", "/api/me/moderators/mod").status, 204);
  struct Call {
    std::string method, path, body;
  };
  const std::vector<Call> channel_calls = {
      {"GET", "/api/users/creator/bans", ""},
      {"POST", "/api/users/creator/bans", R"({"handle":"target","durationSeconds":60})"},
      {"DELETE", "/api/users/creator/bans/target", ""},
      {"GET", "/api/users/creator/moderation-log", ""},
  };
  const std::vector<Call> admin_calls = {
      {"GET", "/api/admin/reports", ""},
      {"POST", "/api/admin/reports/nope/resolve", R"({"action":"dismiss"})"},
      {"POST", "/api/admin/users/target/suspend", R"({"reason":"x"})"},
      {"DELETE", "/api/admin/users/target/suspend", ""},
      {"GET", "/api/admin/moderation-log", ""},
  };
  const std::vector<Call> own_calls = {
      {"GET", "/api/me/moderators", ""},     {"PUT", "/api/me/moderators/target", ""},
      {"DELETE", "/api/me/moderators/target", ""}, {"GET", "/api/me/chat-settings", ""},
      {"PUT", "/api/me/chat-settings", "{}"}, {"POST", "/api/reports", R"({"itemType":"user","itemId":"target","reason":"x"})"},
  };
  auto send = [](HttpClient& http, const Call& c) {
    return http.request(c.method, c.path, c.body.empty() ? std::nullopt : std::optional<std::string>(c.body));
  };
  auto visitor = client();
  for (const auto* calls : {&channel_calls, &admin_calls, &own_calls}) {
    for (const auto& c : *calls) {
      SCOPED_TRACE(c.method + " " + c.path);
      expect_error(send(*visitor, c), 401, "unauthenticated");
    }
  }
  for (const auto& c : channel_calls) {
    SCOPED_TRACE(c.method + " " + c.path);
    expect_error(send(*other.http, c), 403, "forbidden");
    for (auto* allowed : {&creator, &mod, &admin}) EXPECT_LT(send(*allowed->http, c).status, 300) << allowed->handle;
  }
  for (const auto& c : admin_calls) {
    SCOPED_TRACE(c.method + " " + c.path);
    for (auto* refused : {&creator, &mod, &other}) expect_error(send(*refused->http, c), 403, "forbidden");
    auto answer = send(*admin.http, c);
    EXPECT_TRUE(answer.status < 300 || answer.status == 404) << answer.body;  // the report "nope" does not exist
  }
  for (const auto& c : own_calls) {
    SCOPED_TRACE(c.method + " " + c.path);
    EXPECT_LT(send(*other.http, c).status, 300) << "every account has a channel of its own";
  }
  // Unknown users are 404 everywhere a handle is named.
  expect_error(creator.http->get("/api/users/nobody/bans"), 404, "not_found");
  expect_error(creator.http->post_json("/api/users/creator/bans", json::object{{"handle", "nobody"}}), 404, "not_found");
  expect_error(creator.http->request("PUT", "/api/me/moderators/nobody"), 404, "not_found");
  expect_error(admin.http->post_json("/api/admin/users/nobody/suspend", json::object{{"reason", "x"}}), 404, "not_found");
}

/// Clients at addresses of their own, behind a reverse proxy named in ONAIR_TRUSTED_PROXIES.
class ModerationBehindAProxy : public ModerationApi {
 protected:
  std::map<std::string, std::string> server_env() override { return {{"ONAIR_TRUSTED_PROXIES", "127.0.0.1"}}; }
  HttpResponse visitor_join(const std::string& id, const std::string& address) {
    return client()->request("POST", "/api/live-streams/" + id + "/join", "{}", {{"X-Forwarded-For", address}});
  }
};

TEST_F(ModerationBehindAProxy, ABanCoversTheAddressesTheAccountUsedAgainstVisitorsAndNewAccountsChat) {
  auto creator = signup("creator");
  auto spammer = signup("spammer", "203.0.113.5");
  auto fan = signup("fan", "198.51.100.1");
  auto id = create_stream(creator);
  ASSERT_EQ(spammer.http->post("/api/live-streams/" + id + "/join", "{}").status, 200);
  ASSERT_EQ(say(spammer, id, "buy followers").status, 201);
  auto banned = ban(creator, "creator", json::object{{"handle", "spammer"}, {"reason", "spam"}});
  ASSERT_EQ(banned.status, 201) << banned.body;
  EXPECT_TRUE(banned.json.at("ban").at("until").is_null()) << "the account's ban is permanent";

  // Back without an account from the same address: refused, for a day at most.
  auto visitor = visitor_join(id, "203.0.113.5");
  expect_error(visitor, 403, "banned");
  ASSERT_TRUE(visitor.json.at("error").at("details").at("until").is_string()) << visitor.body;
  EXPECT_EQ(visitor_join(id, "203.0.113.6").status, 200) << "another address";
  // Back with a new account from the same address: it may watch, not chat.
  auto again = signup("spammer2", "203.0.113.5");
  ASSERT_EQ(again.http->post("/api/live-streams/" + id + "/join", "{}").status, 200);
  expect_error(say(again, id, "buy followers"), 403, "banned");
  EXPECT_EQ(say(fan, id, "hello").status, 201) << "others chat on";
  // A moderator is trusted wherever they are.
  auto mod = signup("mod", "203.0.113.5");
  ASSERT_EQ(creator.http->request("PUT", "/api/me/moderators/mod").status, 204);
  ASSERT_EQ(mod.http->post("/api/live-streams/" + id + "/join", "{}").status, 200);
  EXPECT_EQ(say(mod, id, "calm down").status, 201);

  // Lifting the ban lifts what it covered.
  ASSERT_EQ(creator.http->request("DELETE", "/api/users/creator/bans/spammer").status, 204);
  EXPECT_EQ(visitor_join(id, "203.0.113.5").status, 200);
  EXPECT_EQ(say(again, id, "sorry").status, 201);
}

}  // namespace
}  // namespace onair::testing
