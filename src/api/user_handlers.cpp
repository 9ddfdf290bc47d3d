#include "accounts/account_service.hpp"
#include "api/context.hpp"
#include "api/json_io.hpp"

namespace onair::api {

void register_user_routes(http::Router& router, Services& s) {
  router.add("GET", "/api/users/{handle}", [&s](const http::Request& req, const http::PathParams& p) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    if (p["handle"].size() > 30) return error_response(Error::not_found("User"));
    auto profile = s.accounts.profile(p["handle"], *user);
    if (!profile) return error_response(profile.error());
    return json_response(
        200, json::object{{"user", render_user(profile->user)},
                          {"followerCount", profile->follower_count},
                          {"followingCount", profile->following_count},
                          {"isFollowing", profile->is_following},
                          {"liveStream", profile->live_stream ? json::value(render_stream(*profile->live_stream))
                                                              : json::value(nullptr)}});
  });

  router.add("POST", "/api/users/{handle}/follow", [&s](const http::Request& req, const http::PathParams& p) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    if (p["handle"].size() > 30) return error_response(Error::not_found("User"));
    auto done = s.accounts.follow(*user, p["handle"]);
    return done ? no_content() : error_response(done.error());
  });

  router.add("DELETE", "/api/users/{handle}/follow", [&s](const http::Request& req, const http::PathParams& p) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    if (p["handle"].size() > 30) return error_response(Error::not_found("User"));
    auto done = s.accounts.unfollow(*user, p["handle"]);
    return done ? no_content() : error_response(done.error());
  });
}

}  // namespace onair::api
