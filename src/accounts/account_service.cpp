#include "accounts/account_service.hpp"

#include <algorithm>
#include <mutex>

#include "accounts/password.hpp"
#include "core/crypto.hpp"
#include "events/event_bus.hpp"
#include "store/moderation_repository.hpp"
#include "store/stream_repository.hpp"
#include "store/user_repository.hpp"

namespace onair::accounts {
namespace {

Error bad_login() {
  return Error{ErrorCode::unauthenticated, "Invalid login or password", {}};
}

}  // namespace

AccountService::AccountService(store::Database& db, const Clock& clock, int session_ttl_days,
                               const std::optional<std::vector<std::string>>& admin_handles)
    : db_(db), clock_(clock), session_ttl_ms_(static_cast<TimeMs>(session_ttl_days) * 24 * 3600 * 1000) {
  if (!admin_handles) return;
  db_.write([&](store::Conn& conn) -> Status {
    store::users::set_admins_exactly(conn, *admin_handles);
    return ok_status();
  }).value();
}

bool AccountService::is_admin_now(const std::string& user_id) {
  return db_.read([&](store::Conn& conn) -> Result<bool> { return store::users::is_admin(conn, user_id); }).value();
}

Status AccountService::set_admin(const std::string& handle, bool is_admin) {
  return db_.write([&](store::Conn& conn) -> Status {
    if (!store::users::set_admin(conn, handle, is_admin)) return Error::not_found("User @" + handle);
    return ok_status();
  });
}

Session AccountService::open_session(const User& user) {
  Session session{user, crypto::base64url_encode(crypto::random_bytes(32)),
                  clock_.now_ms() + session_ttl_ms_};
  db_.write([&](store::Conn& conn) -> Status {
    store::sessions::insert(conn, crypto::sha256_hex(session.token), user.id, clock_.now_ms(),
                            session.expires_at);
    return ok_status();
  }).value();
  return session;
}

Result<Session> AccountService::signup(const SignupInput& input) {
  User user{crypto::random_id(), input.handle, input.email, input.display_name, false, clock_.now_ms(), {}, {}};
  // Cheap uniqueness check first so a taken handle does not pay for argon2id.
  auto taken = db_.read([&](store::Conn& conn) -> Status {
    if (store::users::find_by_handle(conn, input.handle)) {
      return Error{ErrorCode::handle_taken, "That handle is already taken", {{"field", std::string("handle")}}};
    }
    if (store::users::find_credentials(conn, input.email)) {
      return Error{ErrorCode::email_taken, "That email is already registered", {{"field", std::string("email")}}};
    }
    return ok_status();
  });
  if (!taken) return std::move(taken).error();
  std::string hash = hash_password(input.password);
  auto inserted = db_.write([&](store::Conn& conn) { return store::users::insert(conn, user, hash); });
  if (!inserted) return std::move(inserted).error();
  return open_session(user);
}

Result<Session> AccountService::login(const std::string& login, const std::string& password) {
  auto credentials = db_.read([&](store::Conn& conn) -> Result<std::optional<store::users::Credentials>> {
    return store::users::find_credentials(conn, login);
  }).value();
  if (!credentials) {
    std::call_once(decoy_once_, [this] { decoy_hash_ = hash_password("onair-decoy-password"); });
    verify_password(decoy_hash_, password);
    return bad_login();
  }
  if (!verify_password(credentials->password_hash, password)) return bad_login();
  // Only the account's own password learns that it is suspended.
  auto suspension = db_.read([&](store::Conn& conn) -> Result<std::optional<store::SuspensionRow>> {
    return store::moderation::active_suspension(conn, credentials->user.id, clock_.now_ms());
  });
  if (!suspension) return std::move(suspension).error();
  if (*suspension) {
    const auto& until = (*suspension)->until;
    Details details;
    if (until) details.emplace_back("until", format_iso8601(*until));
    else details.emplace_back("until", std::monostate{});
    return Error{ErrorCode::suspended,
                 until ? "This account is suspended until " + format_iso8601(*until)
                       : std::string("This account is suspended"),
                 std::move(details)};
  }
  return open_session(credentials->user);
}

std::string AccountService::account_key(const std::string& login) {
  auto credentials = db_.read([&](store::Conn& conn) -> Result<std::optional<store::users::Credentials>> {
    return store::users::find_credentials(conn, login);
  }).value();
  return credentials ? "user:" + credentials->user.id : "login:" + login;
}

Result<User> AccountService::suspend(const User& op, const std::string& handle, std::optional<TimeMs> until,
                                     const std::string& reason) {
  std::vector<std::string> hashes;
  auto user = db_.write([&](store::Conn& conn) -> Result<User> {
    auto user = store::users::find_by_handle(conn, handle);
    if (!user) return Error::not_found("User @" + handle);
    if (user->id == op.id) return Error::validation("handle", "You cannot suspend yourself");
    auto now = clock_.now_ms();
    store::moderation::put_suspension(conn, store::SuspensionRow{user->id, until, reason, now, op.id});
    hashes = store::moderation::remove_sessions(conn, user->id);
    store::moderation::record_on_user(conn, std::nullopt, op.id, "suspend", user->id, now, reason, until);
    return *user;
  });
  if (!user) return user;
  for (const auto& hash : hashes) {
    cache_.forget(hash);
    if (bus_ != nullptr) bus_->publish(events::SessionRevoked{hash});
  }
  return user;
}

Status AccountService::lift_suspension(const User& op, const std::string& handle) {
  return db_.write([&](store::Conn& conn) -> Status {
    auto user = store::users::find_by_handle(conn, handle);
    if (!user) return Error::not_found("User @" + handle);
    if (store::moderation::remove_suspension(conn, user->id)) {
      store::moderation::record_on_user(conn, std::nullopt, op.id, "lift_suspension", user->id, clock_.now_ms());
    }
    return ok_status();
  });
}

void AccountService::logout(const std::string& token) {
  auto hash = crypto::sha256_hex(token);
  cache_.forget(hash);
  db_.write([&](store::Conn& conn) -> Status {
    store::sessions::remove(conn, hash);
    return ok_status();
  }).value();
  // Other instances may hold the session in their caches: they forget it when they hear this.
  if (bus_ != nullptr) bus_->publish(events::SessionRevoked{hash});
}

void AccountService::use_bus(events::EventBus& bus) {
  bus_ = &bus;
  bus.subscribe([this](const events::LiveEvent& event) {
    if (const auto* revoked = std::get_if<events::SessionRevoked>(&event)) cache_.forget(revoked->token_hash);
  });
}

Result<User> AccountService::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 200) {
    return Error{ErrorCode::unauthenticated, "Sign in to continue", {}};
  }
  auto hash = crypto::sha256_hex(token);
  auto now = clock_.now_ms();
  if (auto cached = cache_.find(hash, now)) {
    if (cached->is_admin) cached->is_admin = is_admin_now(cached->id);
    return *cached;
  }
  auto found = db_.read([&](store::Conn& conn) -> Result<std::optional<store::sessions::SessionUser>> {
    return store::sessions::find_user(conn, hash, now);
  }).value();
  if (!found) return Error{ErrorCode::unauthenticated, "Your session has expired or is invalid; sign in again", {}};
  cache_.remember(hash, found->user, found->expires_at, now);
  return found->user;
}

Result<Profile> AccountService::profile(const std::string& handle, const User& viewer) {
  return db_.read([&](store::Conn& conn) -> Result<Profile> {
    auto user = store::users::find_by_handle(conn, handle);
    if (!user) return Error::not_found("User");
    Profile p;
    p.user = *user;
    p.follower_count = store::follows::follower_count(conn, user->id);
    p.following_count = store::follows::following_count(conn, user->id);
    p.is_following = store::follows::is_following(conn, viewer.id, user->id);
    p.live_stream = store::streams::find_open_by_author(conn, user->id);
    return p;
  });
}

Result<User> AccountService::find(const std::string& user_id) {
  return db_.read([&](store::Conn& conn) -> Result<User> {
    auto user = store::users::find_by_id(conn, user_id);
    if (!user) return Error::not_found("User");
    return std::move(*user);
  });
}

Result<User> AccountService::update_profile(const User& user, const std::optional<std::string>& display_name,
                                            const std::optional<std::string>& bio) {
  return db_.write([&](store::Conn& conn) -> Result<User> {
    store::users::set_profile(conn, user.id, display_name, bio);
    auto updated = store::users::find_by_id(conn, user.id);
    if (!updated) return Error::not_found("User");
    return std::move(*updated);
  });
}

std::optional<Avatar> AccountService::avatar_of(const std::string& user_id) {
  return db_.read([&](store::Conn& conn) -> Result<std::optional<Avatar>> {
           return store::users::avatar_of(conn, user_id);
         }).value();
}

std::optional<Avatar> AccountService::replace_avatar(const User& user,
                                                                   const std::optional<Avatar>& avatar) {
  return db_.write([&](store::Conn& conn) -> Result<std::optional<Avatar>> {
           auto previous = store::users::avatar_of(conn, user.id);
           store::users::set_avatar(conn, user.id, avatar);
           return previous;
         }).value();
}

Status AccountService::follow(const User& follower, const std::string& handle) {
  return db_.write([&](store::Conn& conn) -> Status {
    auto followee = store::users::find_by_handle(conn, handle);
    if (!followee) return Error::not_found("User");
    if (followee->id == follower.id) return Error::validation("handle", "You cannot follow yourself");
    store::follows::follow(conn, follower.id, followee->id, clock_.now_ms());
    return ok_status();
  });
}

Status AccountService::unfollow(const User& follower, const std::string& handle) {
  return db_.write([&](store::Conn& conn) -> Status {
    auto followee = store::users::find_by_handle(conn, handle);
    if (!followee) return Error::not_found("User");
    if (followee->id == follower.id) return Error::validation("handle", "You cannot unfollow yourself");
    store::follows::unfollow(conn, follower.id, followee->id);
    return ok_status();
  });
}

}  // namespace onair::accounts
