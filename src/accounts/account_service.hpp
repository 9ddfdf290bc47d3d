#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "accounts/session_cache.hpp"

namespace onair::store {
class Database;
}

namespace onair::accounts {

struct SignupInput {
  std::string handle;  // validated by the caller: 3–30 of [a-z0-9_]
  std::string email;   // validated and lowercased by the caller
  std::string password;
  std::string display_name;
};

/// A signed-in user and the opaque session token to present (shown once, stored hashed).
struct Session {
  User user;
  std::string token;
  TimeMs expires_at = 0;
};

struct Profile {
  User user;
  std::int64_t follower_count = 0;
  std::int64_t following_count = 0;
  bool is_following = false;
  std::optional<LiveStream> live_stream;
};

/// Accounts, sessions and follows. Blocking (database, argon2id): call from the worker pool.
class AccountService {
 public:
  AccountService(store::Database& db, const Clock& clock, int session_ttl_days,
                 std::vector<std::string> admin_handles);

  Result<Session> signup(const SignupInput& input);
  /// `login` is a handle or an email; unauthenticated on any mismatch (no hint which part).
  Result<Session> login(const std::string& login, const std::string& password);
  void logout(const std::string& token);
  /// The user behind a session token; unauthenticated when unknown or expired.
  Result<User> authenticate(const std::string& token);

  Result<Profile> profile(const std::string& handle, const User& viewer);
  Status follow(const User& follower, const std::string& handle);
  Status unfollow(const User& follower, const std::string& handle);

 private:
  Session open_session(const User& user);

  store::Database& db_;
  const Clock& clock_;
  TimeMs session_ttl_ms_;
  std::vector<std::string> admin_handles_;
  SessionCache cache_{100'000, 30'000};
};

}  // namespace onair::accounts
