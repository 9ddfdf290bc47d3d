#include <filesystem>
#include <fstream>

#include "accounts/account_service.hpp"
#include "api/context.hpp"
#include "api/json_io.hpp"
#include "core/images.hpp"
#include "http/file_response.hpp"
#include "reels/reel_service.hpp"

namespace onair::api {
namespace {

constexpr std::uint64_t kMaxAvatarBytes = 2 * 1024 * 1024;

/// Where a user's avatar of this version lives (the media directory is shared by instances).
std::string avatar_path(const Services& s, const std::string& user_id, const Avatar& avatar) {
  return (std::filesystem::path(s.config.media_dir) / "avatars" /
          (user_id + "-" + std::to_string(avatar.at) + "." + std::string(image_extension(avatar.type))))
      .string();
}

std::optional<std::string> declared_image_type(const http::Request& req) {
  std::string type(req.header("content-type").value_or(""));
  type = type.substr(0, type.find(';'));
  if (type == "image/jpeg" || type == "image/png" || type == "image/webp") return type;
  return std::nullopt;
}

Error not_an_image() {
  return Error{ErrorCode::validation_failed, "Upload a JPEG, PNG or WebP image of at most 2 MB",
               {{"field", std::string("body")}}};
}

/// `user` with `email` for its owner (GET /api/me and the answers of its changes).
http::Response render_me(const User& user) {
  auto rendered = render_user(user);
  rendered["email"] = user.email;
  return json_response(200, json::object{{"user", std::move(rendered)}});
}

void remove_avatar_file(const Services& s, const std::string& user_id, const std::optional<Avatar>& avatar) {
  if (!avatar) return;
  std::error_code ec;
  std::filesystem::remove(avatar_path(s, user_id, *avatar), ec);
}

}  // namespace

void register_user_routes(http::Router& router, Services& s) {
  router.add("GET", "/api/me", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    // As stored now: a grant (the Admin link), a new name or avatar show at once, whatever the
    // session cache holds.
    auto fresh = s.accounts.find(user->id);
    if (!fresh) return error_response(fresh.error());
    return render_me(*fresh);
  });

  router.add("PATCH", "/api/me", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    auto body = parse_object(req);
    if (!body) return error_response(body.error());
    FieldReader f(*body);
    auto display_name = f.string("displayName", false, 1, 60);
    auto bio = f.string("bio", false, 0, 300, TextKind::multiline);
    if (!f.ok()) return error_response(f.take_error());
    auto updated = s.accounts.update_profile(*user, display_name, bio);
    if (!updated) return error_response(updated.error());
    return render_me(*updated);
  });

  router.add_upload(
      "PUT", "/api/me/avatar",
      [&s](const http::Request& req, const http::PathParams&) {
        auto user = authenticate(req, s);
        if (!user) return error_response(user.error());
        return declared_image_type(req) ? no_content() : error_response(not_an_image());
      },
      [&s](const http::Request& req, const http::PathParams&) {
        auto user = authenticate(req, s);
        if (!user) return error_response(user.error());
        std::string head(12, '\0');
        {
          std::ifstream in(req.body_file, std::ios::binary);
          in.read(head.data(), static_cast<std::streamsize>(head.size()));
          head.resize(static_cast<std::size_t>(in.gcount()));
        }
        auto declared = declared_image_type(req);
        auto actual = sniff_image(head);
        if (!declared || !actual || *actual != *declared) return error_response(not_an_image());
        Avatar avatar{s.clock.now_ms(), *declared};
        std::string path = avatar_path(s, user->id, avatar);
        if (!move_file_into(req.body_file, path)) {
          return error_response(Error{ErrorCode::internal, "The avatar could not be stored", {}});
        }
        remove_avatar_file(s, user->id, s.accounts.replace_avatar(*user, avatar));
        auto fresh = s.accounts.find(user->id);
        return fresh ? render_me(*fresh) : error_response(fresh.error());
      },
      kMaxAvatarBytes);

  router.add("DELETE", "/api/me/avatar", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    remove_avatar_file(s, user->id, s.accounts.replace_avatar(*user, std::nullopt));
    auto fresh = s.accounts.find(user->id);
    return fresh ? render_me(*fresh) : error_response(fresh.error());
  });

  router.add("GET", "/media/avatars/{id}", [&s](const http::Request& req, const http::PathParams& p) {
    const std::string& id = p["id"];
    if (id.empty() || id.size() > kMaxIdLength) return error_response(Error::not_found("Avatar"));
    auto avatar = s.accounts.avatar_of(id);
    if (!avatar) return error_response(Error::not_found("Avatar"));
    return http::file_response(req, avatar_path(s, id, *avatar), avatar->type);
  });

  router.add("GET", "/api/users/{handle}", [&s](const http::Request& req, const http::PathParams& p) {
    auto user = authenticate_or_visit(req, s);
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

  router.add("GET", "/api/users/{handle}/reels", [&s](const http::Request& req, const http::PathParams& p) {
    auto user = authenticate_or_visit(req, s);
    if (!user) return error_response(user.error());
    if (p["handle"].size() > 30) return error_response(Error::not_found("User"));
    auto limit = read_limit(req, 12, 50);
    if (!limit) return error_response(limit.error());
    auto cursor = req.query_param("cursor");
    if (cursor && cursor->empty()) cursor.reset();
    auto profile = s.accounts.profile(p["handle"], *user);
    if (!profile) return error_response(profile.error());
    auto page = s.reels.list(*user, false, cursor, *limit, profile->user.id);
    if (!page) return error_response(page.error());
    json::array items;
    for (const auto& reel : page->items) items.push_back(render_reel(reel));
    return page_response(std::move(items), page->next_cursor);
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
