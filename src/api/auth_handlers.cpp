#include <algorithm>
#include <memory>

#include "accounts/account_service.hpp"
#include "api/context.hpp"
#include "moderation/moderation_service.hpp"
#include "api/json_io.hpp"
#include "streams/stream_service.hpp"
#include "core/rate_limiter.hpp"

namespace onair::api {
namespace {

bool valid_handle(const std::string& h) {
  return h.size() >= 3 && h.size() <= 30 && std::all_of(h.begin(), h.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

bool valid_email(const std::string& e) {
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || e.find('@', at + 1) != std::string::npos) return false;
  auto domain = e.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == std::string::npos || dot == 0 || domain.back() == '.') return false;
  return std::none_of(e.begin(), e.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

http::Response session_response(int status, const accounts::Session& session, const Config& config) {
  auto res = json_response(status, json::object{{"user", render_user(session.user)}, {"token", session.token}});
  bool secure = config.public_url.rfind("https://", 0) == 0;
  res.headers.emplace_back(
      "Set-Cookie", "onair_session=" + session.token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                        std::to_string(config.session_ttl_days * 86400) + (secure ? "; Secure" : ""));
  return res;
}

}  // namespace

void register_auth_routes(http::Router& router, Services& s) {
  // Accounts cost an argon2id hash each and make per-user limits worth less: a few per address.
  router.add(
      "POST", "/api/auth/signup",
      [&s](const http::Request& req, const http::PathParams&) {
        auto body = parse_object(req);
        if (!body) return error_response(body.error());
        FieldReader f(*body);
        auto handle = f.string("handle", true, 3, 30);
        auto email = f.string("email", true, 3, 254);
        auto password = f.string("password", true, 8, 256, TextKind::secret);
        auto display_name = f.string("displayName", false, 1, 50);
        if (!f.ok()) return error_response(f.take_error());
        if (!valid_handle(*handle)) {
          return error_response(Error::validation("handle", "handle must be 3–30 characters of a–z, 0–9 and _"));
        }
        std::string normalized_email = lower(*email);
        if (!valid_email(normalized_email)) {
          return error_response(Error::validation("email", "email is not a valid address"));
        }
        if (!s.limits.signups->allow(req.remote, s.clock.now_ms())) {
          return error_response(Error{ErrorCode::rate_limited, "Too many new accounts from here; try again later", {}});
        }
        auto session = s.accounts.signup({*handle, normalized_email, *password, display_name.value_or(*handle)});
        if (!session) return error_response(session.error());
        if (s.moderation != nullptr) s.moderation->saw(session->user.id, req.remote);
        return session_response(201, *session, s.config);
      },
      http::Lane::expensive);

  // Password guessing is bounded per address (every attempt) and per account and address (wrong
  // passwords only, whichever of handle or email names the account): a guesser elsewhere never
  // locks the owner out.
  router.add(
      "POST", "/api/auth/login",
      [&s](const http::Request& req, const http::PathParams&) {
        auto body = parse_object(req);
        if (!body) return error_response(body.error());
        FieldReader f(*body);
        auto login = f.string("login", true, 1, 254);
        auto password = f.string("password", true, 1, 256, TextKind::secret);
        if (!f.ok()) return error_response(f.take_error());
        auto now = s.clock.now_ms();
        auto too_many = [] {
          return error_response(Error{ErrorCode::rate_limited, "Too many sign-in attempts; wait a minute", {}});
        };
        if (!s.limits.login_attempts->allow(req.remote, now)) return too_many();
        std::string name = login->find('@') == std::string::npos ? *login : lower(*login);
        std::string key = s.accounts.account_key(name) + "@" + req.remote;
        if (!s.limits.login_failures->would_allow(key, now)) return too_many();
        auto session = s.accounts.login(name, *password);
        if (!session) {
          if (session.error().code == ErrorCode::unauthenticated) s.limits.login_failures->allow(key, now);
          return error_response(session.error());
        }
        if (s.moderation != nullptr) s.moderation->saw(session->user.id, req.remote);
        return session_response(200, *session, s.config);
      },
      http::Lane::expensive);

  router.add("POST", "/api/auth/logout", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    std::string token;
    if (auto header = req.header("authorization")) {
      token = std::string(header->substr(7));
    } else if (auto cookie = req.cookie("onair_session")) {
      token = *cookie;
    }
    s.accounts.logout(token);
    s.streams.leave_everywhere(*user);  // signed out: their watch tokens open nothing any more
    auto res = no_content();
    res.headers.emplace_back("Set-Cookie", "onair_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    return res;
  });
}

}  // namespace onair::api
