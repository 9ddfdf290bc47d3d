// API.md "Scheduled lives" through the real binary: every endpoint, bad input, going live from an
// entry, the calendar feed read by a real iCalendar parser, and reminders that survive a SIGKILL.

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <thread>

#include "core/clock.hpp"
#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

std::string in_minutes(int minutes) {
  return format_iso8601(SystemClock().now_ms() + static_cast<TimeMs>(minutes) * 60000);
}

/// What tests/support/ics_check.py (python3-icalendar) makes of `calendar`; exit status and output.
std::pair<int, std::string> parse_calendar(const TempDir& dir, const std::string& calendar) {
  auto path = dir.file("schedule.ics");
  std::ofstream(path, std::ios::binary) << calendar;
  std::string command = "/usr/bin/python3 " + std::string(ONAIR_SOURCE_DIR) + "/tests/support/ics_check.py < " + path +
                        " 2>&1";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  while (pipe != nullptr) {
    auto n = std::fread(buffer, 1, sizeof buffer, pipe);
    if (n == 0) break;
    out.append(buffer, n);
  }
  int status = pipe != nullptr ? ::pclose(pipe) : -1;
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class ScheduleApi : public ApiTest {
 protected:
  HttpResponse schedule(ApiUser& user, json::object body) {
    if (!body.contains("title")) body["title"] = "Friday jam";
    if (!body.contains("startsAt")) body["startsAt"] = in_minutes(60);
    if (!body.contains("sensitivity")) body["sensitivity"] = "none";
    if (!body.contains("gating")) body["gating"] = "public";
    return user.http->post_json("/api/scheduled-lives", body);
  }
  std::string schedule_id(ApiUser& user, json::object body = {}) {
    auto res = schedule(user, std::move(body));
    EXPECT_EQ(res.status, 201) << res.body;
    return std::string(res.json.at("scheduled").at("id").as_string());
  }
  json::object entry(ApiUser& user, const std::string& id) {
    return user.http->get("/api/scheduled-lives/" + id).json.at("scheduled").as_object();
  }
};

TEST_F(ScheduleApi, EntriesAreMadeListedEditedAndCancelledByTheirCreatorOnly) {
  auto creator = signup("creator");
  auto fan = signup("fan");
  auto made = schedule(creator, json::object{{"description", "Bring requests"}, {"repeatWeeks", 2}});
  ASSERT_EQ(made.status, 201) << made.body;
  const auto& first = made.json.at("scheduled");
  std::string id(first.at("id").as_string());
  EXPECT_EQ(first.at("status").as_string(), "upcoming");
  EXPECT_EQ(first.at("author").at("handle").as_string(), "creator");
  EXPECT_EQ(first.at("remindersCount").as_int64(), 0);
  EXPECT_FALSE(first.at("isReminded").as_bool());
  EXPECT_TRUE(first.at("streamId").is_null());
  ASSERT_EQ(made.json.at("occurrences").as_array().size(), 3u);

  auto listed = client()->get("/api/users/creator/scheduled-lives");  // visitors see them too
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json.at("items").as_array().size(), 3u);
  EXPECT_EQ(listed.json.at("items").as_array()[0].at("id").as_string(), id) << "soonest first";
  expect_error(client()->get("/api/users/nobody/scheduled-lives"), 404, "not_found");

  // Bad input, and nothing is written.
  for (const auto& bad : {json::object{{"startsAt", in_minutes(2)}}, json::object{{"startsAt", in_minutes(-60)}},
                          json::object{{"startsAt", in_minutes(91 * 24 * 60)}}, json::object{{"startsAt", "tomorrow"}},
                          json::object{{"gating", "friends"}}, json::object{{"gating", "paid"}},
                          json::object{{"repeatWeeks", 12}}, json::object{{"title", ""}},
                          json::object{{"priceCredits", 5}}}) {
    auto res = schedule(creator, bad);
    EXPECT_EQ(res.status, 400) << json::serialize(bad) << " " << res.body;
    EXPECT_EQ(res.error_code(), "validation_failed");
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM scheduled_lives"), 3);
  expect_error(client()->post_json("/api/scheduled-lives", json::object{{"title", "x"}}), 401, "unauthenticated");

  // Edits: the creator's alone, checked like a new entry.
  expect_error(fan.http->request("PATCH", "/api/scheduled-lives/" + id, R"({"title":"Mine now"})"), 403, "forbidden");
  expect_error(creator.http->request("PATCH", "/api/scheduled-lives/" + id,
                                     json::serialize(json::object{{"startsAt", in_minutes(1)}})),
               400, "validation_failed");
  auto edited = creator.http->request("PATCH", "/api/scheduled-lives/" + id,
                                      json::serialize(json::object{{"title", "Saturday jam"}, {"gating", "paid"},
                                                                   {"priceCredits", 30}, {"startsAt", in_minutes(120)}}));
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json.at("scheduled").at("title").as_string(), "Saturday jam");
  EXPECT_EQ(edited.json.at("scheduled").at("priceCredits").as_int64(), 30);
  expect_error(creator.http->request("PATCH", "/api/scheduled-lives/nope", "{}"), 404, "not_found");
  // A null field is an absent one (found by the contract fuzzer: a null startsAt answered 500).
  auto null_time = creator.http->request("PATCH", "/api/scheduled-lives/" + id, R"({"startsAt":null})");
  EXPECT_EQ(null_time.status, 200) << null_time.body;
  expect_error(creator.http->request("PATCH", "/api/scheduled-lives/" + id, R"({"startsAt":5})"), 400,
               "validation_failed");

  // Reminders.
  EXPECT_EQ(fan.http->post("/api/scheduled-lives/" + id + "/reminder").status, 204);
  EXPECT_TRUE(entry(fan, id).at("isReminded").as_bool());
  EXPECT_EQ(entry(creator, id).at("remindersCount").as_int64(), 1);
  EXPECT_EQ(fan.http->request("DELETE", "/api/scheduled-lives/" + id + "/reminder").status, 204);
  EXPECT_FALSE(entry(fan, id).at("isReminded").as_bool());
  expect_error(client()->post("/api/scheduled-lives/" + id + "/reminder"), 401, "unauthenticated");
  expect_error(fan.http->post("/api/scheduled-lives/nope/reminder"), 404, "not_found");
  expect_error(creator.http->post("/api/scheduled-lives/" + id + "/reminder"), 400, "validation_failed");

  // Cancelling: the creator's alone; afterwards no reminder and no edit.
  expect_error(fan.http->request("DELETE", "/api/scheduled-lives/" + id), 403, "forbidden");
  EXPECT_EQ(creator.http->request("DELETE", "/api/scheduled-lives/" + id).status, 204);
  EXPECT_EQ(entry(fan, id).at("status").as_string(), "cancelled");
  expect_error(fan.http->post("/api/scheduled-lives/" + id + "/reminder"), 409, "conflict");
  expect_error(creator.http->request("PATCH", "/api/scheduled-lives/" + id, R"({"title":"x"})"), 409, "conflict");
  EXPECT_EQ(client()->get("/api/users/creator/scheduled-lives").json.at("items").as_array().size(), 2u);
}

TEST_F(ScheduleApi, FollowersHearOfANewEntryAndGoingLiveFromItTakesItsSettings) {
  auto creator = signup("creator");
  auto fan = signup("fan");
  ASSERT_EQ(fan.http->post("/api/users/creator/follow", "").status, 204);
  WsClient lists(server_->port(), "/ws", "onair_session=" + fan.token);
  ASSERT_TRUE(lists.read_until_text(R"("type":"hello")"));
  lists.send_text(R"({"type":"subscribe","topic":"live"})");
  ASSERT_TRUE(lists.read_until_text(R"("topic":"live")"));
  auto id = schedule_id(creator, json::object{{"title", "Members jam"}, {"gating", "followers"},
                                              {"sensitivity", "sensitive"}});
  ASSERT_TRUE(eventually([&] {
    auto listed = fan.http->get("/api/notifications");  // kept: the loop reads into it
    for (const auto& n : listed.json.at("items").as_array()) {
      if (n.at("type").as_string() == "LIVE_STREAM_SCHEDULED" && n.at("link").as_string() == "/scheduled/" + id) {
        return true;
      }
    }
    return false;
  }));

  // Preferences cover the new types: a follower who switched LIVE_STREAM_SCHEDULED off in the app
  // is not shown the next announcement.
  auto prefs = fan.http->get("/api/me/notification-preferences");
  ASSERT_TRUE(prefs.json.at("preferences").as_object().contains("LIVE_STREAM_SCHEDULED")) << prefs.body;
  ASSERT_TRUE(prefs.json.at("preferences").as_object().contains("LIVE_STREAM_STARTING_SOON")) << prefs.body;
  ASSERT_EQ(fan.http->request("PUT", "/api/me/notification-preferences",
                              R"({"preferences":{"LIVE_STREAM_SCHEDULED":{"inApp":false}}})")
                .status,
            200);
  auto quiet = schedule_id(creator, json::object{{"title", "Quiet one"}, {"startsAt", in_minutes(300)}});
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  auto after = fan.http->get("/api/notifications");
  EXPECT_EQ(after.body.find("/scheduled/" + quiet), std::string::npos) << after.body;

  auto other = signup("other");
  expect_error(other.http->post_json("/api/live-streams", json::object{{"scheduledId", id}}), 403, "forbidden");
  expect_error(creator.http->post_json("/api/live-streams", json::object{{"scheduledId", "nope"}}), 400,
               "validation_failed");
  auto started = creator.http->post_json("/api/live-streams", json::object{{"scheduledId", id}});
  ASSERT_EQ(started.status, 201) << started.body;
  const auto& stream = started.json.at("stream");
  EXPECT_EQ(stream.at("title").as_string(), "Members jam");
  EXPECT_EQ(stream.at("gating").as_string(), "followers");
  EXPECT_EQ(stream.at("sensitivity").as_string(), "sensitive");
  auto now = entry(fan, id);
  EXPECT_EQ(now.at("status").as_string(), "live");
  EXPECT_EQ(now.at("streamId"), stream.at("id"));
  // The scheduled live's page hears it went live, without a reload.
  EXPECT_TRUE(lists.read_until_text(R"("type":"scheduled","scheduledId":")" + id)) << lists.texts();
  EXPECT_NE(lists.texts().find(R"("status":"live")"), std::string::npos) << lists.texts();
  expect_error(creator.http->post_json("/api/live-streams", json::object{{"scheduledId", id}}), 409, "conflict");
}

TEST_F(ScheduleApi, TheCalendarFeedIsValidICalendarOfPublicLivesOnly) {
  auto creator = signup("creator");
  TempDir dir;
  auto open = schedule_id(creator, json::object{{"title", "Open jam, with \"quotes\"; and more"}});
  schedule_id(creator, json::object{{"title", "Members only"}, {"gating", "followers"}});
  auto cancelled = schedule_id(creator, json::object{{"title", "Called off"}, {"startsAt", in_minutes(90)}});
  ASSERT_EQ(creator.http->request("DELETE", "/api/scheduled-lives/" + cancelled).status, 204);
  auto feed = client()->get("/api/users/creator/schedule.ics");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.header("content-type"), "text/calendar; charset=utf-8");
  auto [status, parsed] = parse_calendar(dir, feed.body);
  ASSERT_EQ(status, 0) << parsed << "\n" << feed.body;
  EXPECT_NE(parsed.find("event " + open + "@onair|"), std::string::npos) << parsed;
  EXPECT_NE(parsed.find("|CONFIRMED|Open jam, with \"quotes\"; and more"), std::string::npos) << parsed;
  EXPECT_NE(parsed.find("event " + cancelled + "@onair|"), std::string::npos) << "calendars learn of the cancellation";
  EXPECT_NE(parsed.find("|CANCELLED|Called off"), std::string::npos) << parsed;
  EXPECT_EQ(parsed.find("Members only"), std::string::npos) << "public lives only";
  expect_error(client()->get("/api/users/nobody/schedule.ics"), 404, "not_found");
}

TEST(ScheduleRestart, RemindersDueWhileTheServerWasKilledReachEveryoneOnce) {
  constexpr int kReminded = 3000;
  TempDir data;
  std::map<std::string, std::string> env{{"ONAIR_FANOUT_BATCH", "100"}};
  std::string db = data.path().string() + "/onair.db";
  std::string id;
  {
    ServerProcess server(env, data.path().string());
    HttpClient http(server.base_url());
    auto res = http.post_json("/api/auth/signup", json::object{{"handle", "creator"}, {"email", "c@example.test"},
                                                               {"password", "password1"}});
    http.set_token(std::string(res.json.at("token").as_string()));
    auto made = http.post_json("/api/scheduled-lives", json::object{{"title", "Jam"}, {"startsAt", in_minutes(60)},
                                                                   {"sensitivity", "none"}, {"gating", "public"}});
    ASSERT_EQ(made.status, 201) << made.body;
    id = std::string(made.json.at("scheduled").at("id").as_string());
  }
  // Those reminded, and the reminder made due now (as if its time came while the server was down).
  db_exec(db, "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < " +
                  std::to_string(kReminded) +
                  ") INSERT INTO users (id, handle, email, display_name, password_hash, created_at) "
                  "SELECT printf('r%08d', i), printf('r%08d', i), printf('r%08d@example.test', i), 'r', 'x', 0 FROM seq");
  db_exec(db, "INSERT INTO scheduled_reminders (scheduled_id, user_id, created_at) SELECT '" + id +
                  "', id, 0 FROM users WHERE handle LIKE 'r0%'");
  db_exec(db, "UPDATE jobs SET run_at = 0 WHERE kind = 'scheduled_soon'");
  const std::string soon = "SELECT COUNT(*) FROM notifications WHERE type = 'LIVE_STREAM_STARTING_SOON'";
  long long at_kill = 0;
  {
    ServerProcess server(env, data.path().string());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (db_count(db, soon) < kReminded / 10 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    server.kill();
    at_kill = db_count(db, soon);
  }
  EXPECT_GT(at_kill, 0);
  EXPECT_LT(at_kill, kReminded) << "the reminders should have been cut off midway";
  ServerProcess again(env, data.path().string());
  ASSERT_TRUE(eventually([&] { return db_count(db, soon) == kReminded; }, std::chrono::seconds(30)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(db_count(db, soon), kReminded) << "nobody twice";
  EXPECT_EQ(db_count(db, "SELECT COUNT(DISTINCT recipient_id) FROM notifications WHERE type = "
                         "'LIVE_STREAM_STARTING_SOON'"),
            kReminded);
}

}  // namespace
}  // namespace onair::testing
