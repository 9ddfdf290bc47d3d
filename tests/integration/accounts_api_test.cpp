#include "support/api_session.hpp"

namespace onair::testing {
namespace {

class AccountsApi : public ApiTest {};

TEST_F(AccountsApi, SignupReturnsTheUserATokenAndASessionCookie) {
  auto http = client();
  auto res = http->post_json("/api/auth/signup", json::object{{"handle", "alice"}, {"email", "Alice@Example.test"},
                                                              {"password", "password1"}, {"displayName", "Alice"}});
  ASSERT_EQ(res.status, 201) << res.body;
  const auto& user = res.json.at("user");
  EXPECT_EQ(user.at("handle").as_string(), "alice");
  EXPECT_EQ(user.at("displayName").as_string(), "Alice");
  EXPECT_EQ(user.at("isAdmin").as_bool(), false);
  EXPECT_TRUE(user.at("createdAt").as_string().ends_with("Z"));
  EXPECT_FALSE(user.as_object().contains("passwordHash"));
  auto cookie = res.header("set-cookie");
  EXPECT_NE(cookie.find("onair_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);

  auto me = client();
  auto session = cookie.substr(0, cookie.find(';'));
  auto with_cookie = me->request("GET", "/api/me", std::nullopt, {{"Cookie", session}});
  ASSERT_EQ(with_cookie.status, 200) << with_cookie.body;
  EXPECT_EQ(with_cookie.json.at("user").at("email").as_string(), "alice@example.test");
}

TEST_F(AccountsApi, SignupValidatesEveryFieldAndWritesNothing) {
  auto http = client();
  struct Case {
    std::string body;
    std::string code;
    std::string field;
  };
  const Case cases[] = {
      {R"({"handle":"ab","email":"a@b.io","password":"password1"})", "validation_failed", "handle"},
      {R"({"handle":"Alice","email":"a@b.io","password":"password1"})", "validation_failed", "handle"},
      {R"({"handle":"al ice","email":"a@b.io","password":"password1"})", "validation_failed", "handle"},
      {R"({"handle":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","email":"a@b.io","password":"password1"})", "validation_failed", "handle"},
      {R"({"handle":"alice","email":"not-an-email","password":"password1"})", "validation_failed", "email"},
      {R"({"handle":"alice","email":"a@b.io","password":"short"})", "validation_failed", "password"},
      {R"({"handle":"alice","email":"a@b.io"})", "validation_failed", "password"},
      {R"({"handle":42,"email":"a@b.io","password":"password1"})", "validation_failed", "handle"},
      {R"({"handle":"alice","email":"a@b.io","password":"password1","displayName":""})", "validation_failed", "displayName"},
      {R"({"handle":"alice",)", "invalid_json", ""},
      {R"(["alice"])", "invalid_json", ""},
  };
  for (const auto& c : cases) {
    auto res = http->post("/api/auth/signup", c.body);
    expect_error(res, 400, c.code);
    if (!c.field.empty()) {
      EXPECT_EQ(res.json.at("error").at("details").at("field").as_string(), c.field) << c.body;
    }
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 0);
}

TEST_F(AccountsApi, TakenHandleOrEmailIsAConflict) {
  signup("alice");
  auto http = client();
  expect_error(http->post_json("/api/auth/signup", json::object{{"handle", "alice"}, {"email", "new@example.test"},
                                                                {"password", "password1"}}),
               409, "handle_taken");
  expect_error(http->post_json("/api/auth/signup", json::object{{"handle", "alice2"}, {"email", "ALICE@example.test"},
                                                                {"password", "password1"}}),
               409, "email_taken");
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 1);
}

TEST_F(AccountsApi, LoginByHandleOrEmail) {
  signup("alice");
  auto http = client();
  EXPECT_EQ(http->post_json("/api/auth/login", json::object{{"login", "alice"}, {"password", "password-alice"}}).status, 200);
  EXPECT_EQ(http->post_json("/api/auth/login", json::object{{"login", "ALICE@example.test"}, {"password", "password-alice"}}).status, 200);
  expect_error(http->post_json("/api/auth/login", json::object{{"login", "alice"}, {"password", "wrong-password"}}), 401,
               "unauthenticated");
  expect_error(http->post_json("/api/auth/login", json::object{{"login", "nobody"}, {"password", "password-alice"}}), 401,
               "unauthenticated");
  expect_error(http->post_json("/api/auth/login", json::object{{"login", "alice"}}), 400, "validation_failed");
}

TEST_F(AccountsApi, EveryProtectedEndpointNeedsAValidSession) {
  auto http = client();
  const std::pair<const char*, const char*> endpoints[] = {
      {"GET", "/api/me"}, {"POST", "/api/auth/logout"}, {"PATCH", "/api/me"}, {"DELETE", "/api/me/avatar"},
      {"POST", "/api/users/alice/follow"}, {"DELETE", "/api/users/alice/follow"},
      {"POST", "/api/live-streams"}, {"GET", "/api/live-streams?scope=following"},
      {"POST", "/api/live-streams/x/end"}, {"POST", "/api/live-streams/x/chat"}, {"PUT", "/api/live-streams/x/state"},
      {"GET", "/api/me/wallet"}, {"POST", "/api/me/wallet/top-up"}, {"POST", "/api/purchases"},
      {"GET", "/api/notifications"}, {"GET", "/api/reels?scope=following"},
  };  // visitors may read public streams, reels and profiles (visitors_test.cpp)
  for (const auto& [method, path] : endpoints) {
    expect_error(http->request(method, path, std::string("{}")), 401, "unauthenticated");
  }
  http->set_token("forged-token-value");
  expect_error(http->get("/api/me"), 401, "unauthenticated");
  expect_error(http->request("GET", "/api/me", std::nullopt, {{"Authorization", "Basic abc"}}), 401, "unauthenticated");
}

TEST_F(AccountsApi, LogoutEndsTheSession) {
  auto alice = signup("alice");
  ASSERT_EQ(alice.http->get("/api/me").status, 200);
  auto res = alice.http->post("/api/auth/logout", "");
  EXPECT_EQ(res.status, 204);
  EXPECT_NE(res.header("set-cookie").find("Max-Age=0"), std::string::npos);
  expect_error(alice.http->get("/api/me"), 401, "unauthenticated");
}

TEST_F(AccountsApi, FollowUnfollowAndProfiles) {
  auto alice = signup("alice");
  auto bob = signup("bob");
  EXPECT_EQ(bob.http->post("/api/users/alice/follow", "").status, 204);
  EXPECT_EQ(bob.http->post("/api/users/alice/follow", "").status, 204);  // idempotent
  auto profile = bob.http->get("/api/users/alice");
  ASSERT_EQ(profile.status, 200);
  EXPECT_EQ(profile.json.at("followerCount").as_int64(), 1);
  EXPECT_EQ(profile.json.at("followingCount").as_int64(), 0);
  EXPECT_TRUE(profile.json.at("isFollowing").as_bool());
  EXPECT_TRUE(profile.json.at("liveStream").is_null());
  EXPECT_EQ(count("SELECT COUNT(*) FROM follows"), 1);

  expect_error(alice.http->post("/api/users/alice/follow", ""), 400, "validation_failed");
  expect_error(alice.http->post("/api/users/ghost/follow", ""), 404, "not_found");
  expect_error(alice.http->get("/api/users/ghost"), 404, "not_found");
  expect_error(alice.http->get("/api/users/" + std::string(200, 'x')), 404, "not_found");

  create_stream(alice);
  EXPECT_EQ(bob.http->get("/api/users/alice").json.at("liveStream").at("status").as_string(), "created");

  EXPECT_EQ(bob.http->request("DELETE", "/api/users/alice/follow").status, 204);
  EXPECT_EQ(bob.http->request("DELETE", "/api/users/alice/follow").status, 204);
  EXPECT_FALSE(bob.http->get("/api/users/alice").json.at("isFollowing").as_bool());
  EXPECT_EQ(count("SELECT COUNT(*) FROM follows"), 0);
}

}  // namespace
}  // namespace onair::testing
