// Several onair instances on one PostgreSQL (the store suite's server, ONAIR_PG_URL).
#include <cstdlib>
#include <map>
#include <regex>
#include <thread>

#include "core/crypto.hpp"
#include "store/conn.hpp"
#include "store/database.hpp"
#include "support/api_session.hpp"
#include "support/fixtures.hpp"
#include "support/smtp_sink.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

/// A fresh schema on the test PostgreSQL server, dropped afterwards. Without ONAIR_PG_URL the
/// test fails: it never skips.
class Instances : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* pg = std::getenv("ONAIR_PG_URL");
    ASSERT_TRUE(pg != nullptr && *pg != '\0') << "ONAIR_PG_URL is not set: run scripts/test.sh";
    crypto::init();
    auto admin = store::Database::open(pg, 1);
    ASSERT_TRUE(admin.ok()) << admin.error().message;
    admin_ = std::move(*admin);
    schema_ = "i_" + crypto::random_id();
    sql("CREATE SCHEMA " + schema_);
    url_ = std::string(pg) + "?options=-csearch_path%3D" + schema_;
  }
  void TearDown() override {
    if (admin_) sql("DROP SCHEMA " + schema_ + " CASCADE");
  }

  void sql(const std::string& statement) {
    admin_->write([&](store::Conn& c) -> Status {
      c.sql << statement;
      return ok_status();
    }).value();
  }

  std::map<std::string, std::string> env(int smtp_port) {
    return {{"ONAIR_DATABASE_URL", url_},
            {"ONAIR_SECRET", "one-secret-for-every-instance-0123456789"},
            {"ONAIR_SMTP_URL", "smtp://127.0.0.1:" + std::to_string(smtp_port)}};
  }

  std::unique_ptr<store::Database> admin_;
  std::string schema_, url_;
};

TEST_F(Instances, TwoInstancesSendEachFollowerOneEmail) {
  constexpr int kFollowers = 300;
  SmtpSink sink(free_port());
  ServerProcess a(env(sink.port()));
  ServerProcess b(env(sink.port()));
  HttpClient http(a.base_url());
  auto res = http.post_json("/api/auth/signup", json::object{{"handle", "creator"}, {"email", "c@example.test"},
                                                             {"password", "password1"}});
  ASSERT_EQ(res.status, 201) << res.body;
  http.set_token(std::string(res.json.at("token").as_string()));
  std::string creator(res.json.at("user").at("id").as_string());
  sql("INSERT INTO " + schema_ + ".users (id, handle, email, display_name, password_hash, created_at) "
      "SELECT 'f' || lpad(i::text, 8, '0'), 'f' || lpad(i::text, 8, '0'), 'f' || lpad(i::text, 8, '0') || "
      "'@example.test', 'f', 'x', 0 FROM generate_series(1, " + std::to_string(kFollowers) + ") AS i");
  sql("INSERT INTO " + schema_ + ".follows (follower_id, followee_id, created_at) SELECT id, '" + creator + "', 0 FROM " +
      schema_ + ".users WHERE handle LIKE 'f0%'");
  auto created = http.post_json("/api/live-streams", json::object{{"title", "t"}, {"sensitivity", "none"}, {"gating", "public"}});
  ASSERT_EQ(created.status, 201) << created.body;
  WsClient publisher(a.port(), path_of(created.json.at("publish")));
  auto rec = load_recording("vp8_opus_restart_a");
  for (std::size_t i = 0; i < 6; ++i) publisher.send_binary(rec.chunks[i]);

  auto mails = sink.wait_for(kFollowers, std::chrono::seconds(60));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // would a second copy still come?
  mails = sink.messages();
  std::map<std::string, int> per_recipient;
  std::regex to(R"(\nTo: <?(f[0-9]{8})@example\.test)");
  for (const auto& m : mails) {
    std::smatch found;
    if (std::regex_search(m, found, to)) ++per_recipient[found[1]];
  }
  EXPECT_EQ(per_recipient.size(), static_cast<std::size_t>(kFollowers));
  int doubled = 0;
  for (const auto& [who, n] : per_recipient) doubled += n > 1 ? 1 : 0;
  EXPECT_EQ(doubled, 0) << "followers emailed twice by the two instances' workers";
}

TEST_F(Instances, InstancesAgreeOnTheSigningSecretWithoutOneBeingSet) {
  // No ONAIR_SECRET: each instance has its own data directory, yet one verifies the other's tokens.
  ServerProcess a({{"ONAIR_DATABASE_URL", url_}});
  ServerProcess b({{"ONAIR_DATABASE_URL", url_}});
  HttpClient http(a.base_url());
  auto res = http.post_json("/api/auth/signup", json::object{{"handle", "creator"}, {"email", "c@example.test"},
                                                             {"password", "password1"}});
  ASSERT_EQ(res.status, 201) << res.body;
  http.set_token(std::string(res.json.at("token").as_string()));
  auto created = http.post_json("/api/live-streams", json::object{{"title", "t"}, {"sensitivity", "none"}, {"gating", "public"}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto publish = path_of(created.json.at("publish"));
  EXPECT_EQ(ws_refusal_status(b.port(), publish), 0) << "B refused the publish token A signed";
  EXPECT_EQ(ws_refusal_status(b.port(), publish.substr(0, publish.size() - 4) + "AAAA"), 401) << "a forged one";
}

}  // namespace
}  // namespace onair::testing
