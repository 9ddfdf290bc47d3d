#include <filesystem>
#include <regex>
#include <thread>

#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "core/clock.hpp"
#include "support/smtp_sink.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

/// A creator, followers, and a way to go live.
class EmailTest : public ::testing::Test {
 protected:
  void start(std::map<std::string, std::string> env) {
    server_ = std::make_unique<ServerProcess>(std::move(env));
  }
  ApiUser signup(const std::string& handle) {
    ApiUser user;
    user.handle = handle;
    user.http = std::make_unique<HttpClient>(server_->base_url());
    auto res = user.http->post_json("/api/auth/signup", json::object{{"handle", handle}, {"email", handle + "@example.test"},
                                                                     {"password", "password-" + handle}});
    EXPECT_EQ(res.status, 201) << res.body;
    user.token = std::string(res.json.at("token").as_string());
    user.http->set_token(user.token);
    return user;
  }
  std::string go_live(ApiUser& creator) {
    auto created = creator.http->post_json(
        "/api/live-streams", json::object{{"title", "Night session"}, {"sensitivity", "none"}, {"gating", "public"}});
    std::string id(created.json.at("stream").at("id").as_string());
    publisher_ = std::make_unique<WsClient>(server_->port(), path_of(created.json.at("publish")));
    auto rec = load_recording("vp8_opus_restart_a");
    for (std::size_t i = 0; i < 6; ++i) publisher_->send_binary(rec.chunks[i]);
    return id;
  }
  std::vector<std::string> outbox(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto dir = std::filesystem::path(server_->data_dir()) / "outbox";
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::vector<std::string> mails;
    for (;;) {
      mails.clear();
      std::error_code ec;
      for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        if (e.path().extension() == ".eml") mails.push_back(read_file_bytes(e.path().string()));
      }
      if (mails.size() >= n || std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return mails;
  }
  static std::string unsubscribe_url(const std::string& mail) {
    std::smatch m;
    std::regex re("List-Unsubscribe: <([^>]+)>");
    return std::regex_search(mail, m, re) ? m[1].str() : "";
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<WsClient> publisher_;
};

TEST_F(EmailTest, WithoutSmtpEmailsGoToTheOutboxAndHonourPreferences) {
  start({});
  auto creator = signup("creator");
  auto fan = signup("fan");
  auto no_email = signup("noemail");
  auto no_app = signup("noapp");
  for (auto* u : {&fan, &no_email, &no_app}) u->http->post("/api/users/creator/follow", "");
  no_email.http->request("PUT", "/api/me/notification-preferences",
                         std::string(R"({"preferences":{"LIVE_STREAM_STARTED":{"email":false}}})"));
  no_app.http->request("PUT", "/api/me/notification-preferences",
                       std::string(R"({"preferences":{"LIVE_STREAM_STARTED":{"inApp":false}}})"));
  go_live(creator);
  auto mails = outbox(2);
  ASSERT_EQ(mails.size(), 2u);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(outbox(3, std::chrono::milliseconds(0)).size(), 2u) << "no mail for the follower who switched email off";
  bool to_fan = false, to_noapp = false;
  for (const auto& m : mails) {
    to_fan = to_fan || m.find("To: fan@example.test") != std::string::npos;
    to_noapp = to_noapp || m.find("To: noapp@example.test") != std::string::npos;
    EXPECT_NE(m.find("Subject: creator is live"), std::string::npos);
    EXPECT_NE(m.find("/live/"), std::string::npos);
  }
  EXPECT_TRUE(to_fan && to_noapp);
  EXPECT_TRUE(no_app.http->get("/api/notifications").json.at("items").as_array().empty()) << "in-app off";
  EXPECT_EQ(no_email.http->get("/api/notifications").json.at("items").as_array().size(), 1u);
}

TEST_F(EmailTest, OneClickUnsubscribeSwitchesEmailOffAndForgedTokensFail) {
  start({});
  auto creator = signup("creator");
  auto fan = signup("fan");
  fan.http->post("/api/users/creator/follow", "");
  go_live(creator);
  auto mails = outbox(1);
  ASSERT_EQ(mails.size(), 1u);
  auto url = unsubscribe_url(mails[0]);
  ASSERT_FALSE(url.empty());
  auto path = url.substr(url.find("/api/"));
  HttpClient anonymous(server_->base_url());
  EXPECT_EQ(anonymous.request("POST", path, std::string("List-Unsubscribe=One-Click"),
                              {{"Content-Type", "application/x-www-form-urlencoded"}}).status,
            204);
  EXPECT_FALSE(fan.http->get("/api/me/notification-preferences").json.at("preferences").at("LIVE_STREAM_STARTED").at("email").as_bool());
  auto forged = path.substr(0, path.size() - 3) + "xyz";
  expect_error(anonymous.request("POST", forged, std::string("")), 400, "validation_failed");
  expect_error(anonymous.request("POST", "/api/notifications/unsubscribe", std::string("")), 400, "validation_failed");
}

TEST_F(EmailTest, SmtpDeliversBothPartsAndTheUnsubscribeHeaders) {
  int port = free_port();
  SmtpSink sink(port);
  start({{"ONAIR_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(port)}});
  auto creator = signup("creator");
  auto fan = signup("fan");
  fan.http->post("/api/users/creator/follow", "");
  go_live(creator);
  auto mails = sink.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  const auto& m = mails[0];
  EXPECT_NE(m.find("X-Envelope-To: fan@example.test"), std::string::npos);
  EXPECT_NE(m.find("text/plain"), std::string::npos);
  EXPECT_NE(m.find("text/html"), std::string::npos);
  EXPECT_NE(m.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), std::string::npos);
  EXPECT_NE(m.find("Night session"), std::string::npos);
}

TEST_F(EmailTest, AScheduledLiveIsAnnouncedByEmailWithItsOwnWordsAndItsOwnUnsubscribe) {
  int port = free_port();
  SmtpSink sink(port);
  start({{"ONAIR_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(port)}});
  auto creator = signup("creator");
  auto fan = signup("fan");
  fan.http->post("/api/users/creator/follow", "");
  auto starts = format_iso8601(SystemClock().now_ms() + 3'600'000);
  ASSERT_EQ(creator.http->post_json("/api/scheduled-lives", json::object{{"title", "Friday jam"}, {"startsAt", starts},
                                                                       {"sensitivity", "none"}, {"gating", "public"}})
                .status,
            201);
  auto mails = sink.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  const auto& m = mails[0];
  EXPECT_NE(m.find("Subject: creator scheduled a live"), std::string::npos) << m;
  EXPECT_NE(m.find("Friday jam"), std::string::npos);
  EXPECT_NE(m.find("See the scheduled live"), std::string::npos);
  EXPECT_EQ(m.find("Watch now"), std::string::npos) << "nothing to watch yet";
  // Its one-click unsubscribe switches off this type's emails only.
  auto url = unsubscribe_url(m);
  ASSERT_FALSE(url.empty());
  HttpClient anonymous(server_->base_url());
  EXPECT_EQ(anonymous.request("POST", url.substr(url.find("/api/")), std::string("List-Unsubscribe=One-Click"),
                              {{"Content-Type", "application/x-www-form-urlencoded"}})
                .status,
            204);
  auto prefs = fan.http->get("/api/me/notification-preferences").json.at("preferences");
  EXPECT_FALSE(prefs.at("LIVE_STREAM_SCHEDULED").at("email").as_bool());
  EXPECT_TRUE(prefs.at("LIVE_STREAM_STARTED").at("email").as_bool());
}

TEST_F(EmailTest, SmtpOutageIsRetriedUntilDeliveredAndNeverBlocksInApp) {
  int port = free_port();  // nothing listens yet
  start({{"ONAIR_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(port)}, {"ONAIR_EMAIL_RETRY_BASE_MS", "200"}});
  auto creator = signup("creator");
  auto fan = signup("fan");
  fan.http->post("/api/users/creator/follow", "");
  go_live(creator);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (fan.http->get("/api/notifications").json.at("items").as_array().empty() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(fan.http->get("/api/notifications").json.at("items").as_array().size(), 1u) << "in-app does not wait for mail";
  // Wait for a failed attempt to be recorded before the mail server comes up.
  auto db = server_->database_path();
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (db_count(db, "SELECT COUNT(*) FROM notification_deliveries WHERE status = 'pending' AND attempts >= 1") == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(db_count(db, "SELECT COUNT(*) FROM notification_deliveries WHERE status = 'pending' AND attempts >= 1"), 1)
      << "the outage should have failed an attempt";
  SmtpSink sink(port);
  EXPECT_EQ(sink.wait_for(1, std::chrono::seconds(15)).size(), 1u);
  // The sink has the mail a moment before the server records it as sent.
  const char* kSentAfterRetry = "SELECT COUNT(*) FROM notification_deliveries WHERE status = 'sent' AND attempts > 1";
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (db_count(db, kSentAfterRetry) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(db_count(db, kSentAfterRetry), 1);
}

TEST_F(EmailTest, PermanentSmtpRefusalIsRecordedAndNotRetried) {
  int port = free_port();
  SmtpSink sink(port, /*reject=*/true);
  start({{"ONAIR_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(port)}, {"ONAIR_EMAIL_RETRY_BASE_MS", "100"}});
  auto creator = signup("creator");
  auto fan = signup("fan");
  fan.http->post("/api/users/creator/follow", "");
  go_live(creator);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (db_count(server_->database_path(), "SELECT COUNT(*) FROM notification_deliveries WHERE status = 'failed'") == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(db_count(server_->database_path(),
                         "SELECT COUNT(*) FROM notification_deliveries WHERE status = 'failed' AND attempts = 1 "
                         "AND last_error LIKE '%550%'"),
            1);
  EXPECT_TRUE(sink.messages().empty());
}

}  // namespace
}  // namespace onair::testing
