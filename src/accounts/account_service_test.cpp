#include "accounts/account_service.hpp"

#include <gtest/gtest.h>

#include "store/conn.hpp"
#include "support/store_fixture.hpp"

namespace onair::accounts {
namespace {

class AccountServiceTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    service_ = std::make_unique<AccountService>(*db_, clock_, 30, std::vector<std::string>{"boss"});
  }
  std::unique_ptr<AccountService> service_;
};

TEST_F(AccountServiceTest, PasswordsAreStoredAsArgon2idHashes) {
  auto s = service_->signup({"alice", "alice@example.test", "correct horse", "Alice"});
  ASSERT_TRUE(s.ok());
  auto hash = db_->read([](store::Conn& c) -> Result<std::string> {
    std::string h;
    c.sql << "SELECT password_hash FROM users WHERE handle = 'alice'", soci::into(h);
    return h;
  }).value();
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("correct horse"), std::string::npos);
}

TEST_F(AccountServiceTest, LoginByHandleOrEmailAndRejectWrongPassword) {
  ASSERT_TRUE(service_->signup({"alice", "alice@example.test", "correct horse", "Alice"}).ok());
  EXPECT_TRUE(service_->login("alice", "correct horse").ok());
  EXPECT_TRUE(service_->login("alice@example.test", "correct horse").ok());
  EXPECT_EQ(service_->login("alice", "wrong horse!").error().code, ErrorCode::unauthenticated);
  EXPECT_EQ(service_->login("nobody", "correct horse").error().code, ErrorCode::unauthenticated);
}

TEST_F(AccountServiceTest, SessionsAuthenticateUntilLogoutOrExpiry) {
  auto s = service_->signup({"alice", "alice@example.test", "correct horse", "Alice"});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(service_->authenticate(s->token)->handle, "alice");
  service_->logout(s->token);
  EXPECT_FALSE(service_->authenticate(s->token).ok());
  auto again = service_->login("alice", "correct horse");
  clock_.advance(std::chrono::hours(24 * 31));
  EXPECT_EQ(service_->authenticate(again->token).error().code, ErrorCode::unauthenticated);
}

TEST_F(AccountServiceTest, SessionTokensAreStoredOnlyAsHashes) {
  auto s = service_->signup({"alice", "alice@example.test", "correct horse", "Alice"});
  long long plain = db_->read([&](store::Conn& c) -> Result<long long> {
    long long n = 0;
    c.sql << "SELECT COUNT(*) FROM sessions WHERE token_hash = :t", soci::use(s->token), soci::into(n);
    return n;
  }).value();
  EXPECT_EQ(plain, 0);
}

TEST_F(AccountServiceTest, TakenHandleAndEmailAreConflicts) {
  ASSERT_TRUE(service_->signup({"alice", "alice@example.test", "correct horse", "Alice"}).ok());
  EXPECT_EQ(service_->signup({"alice", "other@example.test", "correct horse", "A"}).error().code,
            ErrorCode::handle_taken);
  EXPECT_EQ(service_->signup({"alice2", "alice@example.test", "correct horse", "A"}).error().code,
            ErrorCode::email_taken);
}

TEST_F(AccountServiceTest, ASignupNeverClaimsAListedAdminHandle) {
  // "boss" is listed but was not registered at start-up: whoever signs up with it is no admin.
  EXPECT_FALSE(service_->signup({"boss", "boss@example.test", "correct horse", "Boss"})->user.is_admin);
  EXPECT_FALSE(service_->signup({"worker", "w@example.test", "correct horse", "W"})->user.is_admin);
}

TEST_F(AccountServiceTest, TheAdminSettingAppliesToExistingAccountsBothWaysAtStart) {
  auto boss = service_->signup({"boss", "boss@example.test", "correct horse", "Boss"}).value();
  auto old = service_->signup({"old", "old@example.test", "correct horse", "Old"}).value();
  ASSERT_TRUE(service_->set_admin("old", true).ok());
  // A restart with the setting naming only "boss": boss gains the rights, old loses them.
  service_ = std::make_unique<AccountService>(*db_, clock_, 30, std::vector<std::string>{"boss"});
  EXPECT_TRUE(service_->authenticate(boss.token)->is_admin);
  EXPECT_FALSE(service_->authenticate(old.token)->is_admin);
  // Unset: the rights stay as they are.
  service_ = std::make_unique<AccountService>(*db_, clock_, 30, std::nullopt);
  EXPECT_TRUE(service_->authenticate(boss.token)->is_admin);
}

TEST_F(AccountServiceTest, ARevocationHoldsAtOnceForCachedSessions) {
  auto boss = service_->signup({"boss", "boss@example.test", "correct horse", "Boss"}).value();
  ASSERT_TRUE(service_->set_admin("boss", true).ok());
  ASSERT_TRUE(service_->authenticate(boss.token)->is_admin);  // now cached as an admin
  // Another process (the `onair admin` command) revokes: the cached session loses the rights.
  AccountService command(*db_, clock_, 30, std::nullopt);
  ASSERT_TRUE(command.set_admin("boss", false).ok());
  EXPECT_FALSE(service_->authenticate(boss.token)->is_admin);
  EXPECT_EQ(command.set_admin("nobody", true).error().code, ErrorCode::not_found);
}

TEST_F(AccountServiceTest, FollowIsIdempotentAndNeverOfYourself) {
  auto a = add_user("a");
  auto b = add_user("b");
  ASSERT_TRUE(service_->follow(a, "b").ok());
  ASSERT_TRUE(service_->follow(a, "b").ok());
  auto profile = service_->profile("b", a);
  EXPECT_EQ(profile->follower_count, 1);
  EXPECT_TRUE(profile->is_following);
  EXPECT_EQ(service_->follow(a, "a").error().code, ErrorCode::validation_failed);
  EXPECT_EQ(service_->follow(a, "ghost").error().code, ErrorCode::not_found);
  ASSERT_TRUE(service_->unfollow(a, "b").ok());
  ASSERT_TRUE(service_->unfollow(a, "b").ok());
  EXPECT_EQ(service_->profile("b", a)->follower_count, 0);
}

}  // namespace
}  // namespace onair::accounts
