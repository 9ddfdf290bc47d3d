#include "http/router.hpp"

#include <gtest/gtest.h>

namespace onair::http {
namespace {

Request make(std::string method, std::string target) {
  Request r;
  r.method = std::move(method);
  r.target = target;
  EXPECT_TRUE(parse_target(target, r.path, r.query));
  return r;
}

Response echo(std::string tag, const PathParams& p) {
  Response r;
  r.body = tag + ":" + p["id"];
  return r;
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router router;
  router.add("GET", "/api/live-streams", [](const Request&, const PathParams& p) { return echo("list", p); });
  router.add("GET", "/api/live-streams/{id}", [](const Request&, const PathParams& p) { return echo("get", p); });
  router.add("POST", "/api/live-streams/{id}/join", [](const Request&, const PathParams& p) { return echo("join", p); });
  EXPECT_EQ(router.dispatch(make("GET", "/api/live-streams")).body, "list:");
  EXPECT_EQ(router.dispatch(make("GET", "/api/live-streams/abc?x=1")).body, "get:abc");
  EXPECT_EQ(router.dispatch(make("POST", "/api/live-streams/abc/join")).body, "join:abc");
  EXPECT_EQ(router.dispatch(make("GET", "/api/live-streams/abc/join")).status, 405);
  EXPECT_EQ(router.dispatch(make("GET", "/api/nothing")).status, 404);
}

TEST(Router, UnknownGetGoesToTheFallbackButOtherMethodsDoNot) {
  Router router;
  router.set_fallback([](const Request&, const PathParams&) {
    Response r;
    r.body = "spa";
    return r;
  });
  EXPECT_EQ(router.dispatch(make("GET", "/live/new")).body, "spa");
  EXPECT_EQ(router.dispatch(make("POST", "/live/new")).status, 404);
}

TEST(Request, DecodesQueryAndPathAndReadsCookies) {
  auto r = make("GET", "/api/users/a%5Fb?scope=following&cursor=x%3D%3D");
  EXPECT_EQ(r.path, "/api/users/a_b");
  EXPECT_EQ(r.query_param("scope"), "following");
  EXPECT_EQ(r.query_param("cursor"), "x==");
  EXPECT_FALSE(r.query_param("limit").has_value());
  r.headers.emplace_back("cookie", "theme=dark; onair_session=tok123; other=1");
  EXPECT_EQ(r.cookie("onair_session"), "tok123");
  EXPECT_FALSE(r.cookie("missing").has_value());
}

TEST(Router, ExpensiveRoutesAreToldApartByMethodAndPath) {
  Router router;
  auto ok = [](const Request&, const PathParams&) { return Response{}; };
  router.add("POST", "/api/auth/login", ok, Lane::expensive);
  router.add("GET", "/api/auth/login", ok);
  router.add("POST", "/api/users/{handle}/follow", ok);
  EXPECT_EQ(router.lane(make("POST", "/api/auth/login")), Lane::expensive);
  EXPECT_EQ(router.lane(make("GET", "/api/auth/login")), Lane::ordinary);
  EXPECT_EQ(router.lane(make("POST", "/api/users/x/follow")), Lane::ordinary);
  EXPECT_EQ(router.lane(make("POST", "/nowhere")), Lane::ordinary);
}

TEST(Request, RejectsTargetsThatAreNotOriginForm) {
  std::string path;
  Fields query;
  EXPECT_FALSE(parse_target("http://evil.example/", path, query));
  EXPECT_FALSE(parse_target("no-slash", path, query));
  EXPECT_FALSE(parse_target("/bad%zzescape", path, query));
}

}  // namespace
}  // namespace onair::http
