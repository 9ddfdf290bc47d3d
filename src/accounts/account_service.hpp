#pragma once

#include <cstdint>
#include <mutex>
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

namespace onair::events {
class EventBus;
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
  /// `admin_handles` (ONAIR_ADMIN_HANDLES), when set, is applied to the existing accounts both
  /// ways: exactly those users are admins. Signing up never makes an admin (a listed handle that
  /// is not yet registered must not go to whoever claims it first); `set_admin` does.
  AccountService(store::Database& db, const Clock& clock, int session_ttl_days,
                 const std::optional<std::vector<std::string>>& admin_handles);

  Result<Session> signup(const SignupInput& input);
  /// `login` is a handle or an email; unauthenticated on any mismatch (no hint which part).
  Result<Session> login(const std::string& login, const std::string& password);
  /// Names the account a login (handle or email) is for, the same whichever is given: the user's
  /// id, or the login itself when it names nobody. For limits per account.
  std::string account_key(const std::string& login);
  /// Ends the session; every instance on the bus stops honouring it at once.
  void logout(const std::string& token);
  /// Logouts are published on `bus`, and those of other instances heard from it.
  void use_bus(events::EventBus& bus);
  /// The user behind a session token; unauthenticated when unknown or expired. Admin rights are
  /// read fresh when the cached user has them, so a revocation holds at once.
  Result<User> authenticate(const std::string& token);
  /// Whether the user holds admin rights now (read from the database, never cached): a grant by
  /// `onair admin grant` holds at once for admin-only requests.
  bool is_admin_now(const std::string& user_id);
  /// Grants or revokes admin rights (the `onair admin` command); not_found for an unknown handle.
  Status set_admin(const std::string& handle, bool is_admin);

  Result<Profile> profile(const std::string& handle, const User& viewer);
  /// The user as stored now (with the bio): not_found for an unknown id.
  Result<User> find(const std::string& user_id);
  /// Changes what is given (validated by the caller); returns the user as stored.
  Result<User> update_profile(const User& user, const std::optional<std::string>& display_name,
                              const std::optional<std::string>& bio);
  std::optional<Avatar> avatar_of(const std::string& user_id);
  /// Sets or (none) removes the user's avatar; returns the one it replaced.
  std::optional<Avatar> replace_avatar(const User& user, const std::optional<Avatar>& avatar);
  /// An operator suspends the account `handle` until `until` (nothing: until lifted): every session
  /// ends at once on every instance and logins answer 403 suspended. Returns the user.
  Result<User> suspend(const User& op, const std::string& handle, std::optional<TimeMs> until,
                       const std::string& reason);
  Status lift_suspension(const User& op, const std::string& handle);
  Status follow(const User& follower, const std::string& handle);
  Status unfollow(const User& follower, const std::string& handle);

 private:
  Session open_session(const User& user);

  store::Database& db_;
  const Clock& clock_;
  TimeMs session_ttl_ms_;
  SessionCache cache_{100'000, 30'000};
  events::EventBus* bus_ = nullptr;
  std::once_flag decoy_once_;
  std::string decoy_hash_;  // verified against when a login names nobody, so both paths cost the same
};

}  // namespace onair::accounts
