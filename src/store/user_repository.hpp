#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace onair::store {

/// Users, their login sessions and who follows whom.
namespace users {

struct Credentials {
  User user;
  std::string password_hash;
};

/// Inserts `user`; handle_taken / email_taken when either is in use.
Status insert(Conn& conn, const User& user, const std::string& password_hash);
std::optional<User> find_by_id(Conn& conn, const std::string& id);
std::optional<User> find_by_handle(Conn& conn, const std::string& handle);
/// By handle or (lowercased) email.
std::optional<Credentials> find_credentials(Conn& conn, const std::string& login);
/// Grants or revokes operator rights; false when no user has `handle`.
bool set_admin(Conn& conn, const std::string& handle, bool is_admin);
/// Makes exactly the existing users named in `handles` admins (ONAIR_ADMIN_HANDLES at start-up).
void set_admins_exactly(Conn& conn, const std::vector<std::string>& handles);
/// Whether the user is an admin now (false for an unknown id).
bool is_admin(Conn& conn, const std::string& user_id);
/// Changes what is given of the user's profile.
void set_profile(Conn& conn, const std::string& user_id, const std::optional<std::string>& display_name,
                 const std::optional<std::string>& bio);
std::optional<onair::Avatar> avatar_of(Conn& conn, const std::string& user_id);
/// Sets (or, with none, removes) the user's avatar.
void set_avatar(Conn& conn, const std::string& user_id, const std::optional<onair::Avatar>& avatar);

}  // namespace users

namespace sessions {

void insert(Conn& conn, const std::string& token_hash, const std::string& user_id, TimeMs created_at,
            TimeMs expires_at);
struct SessionUser {
  User user;
  TimeMs expires_at = 0;
};
/// The user whose unexpired session has this token hash, and when that session expires.
std::optional<SessionUser> find_user(Conn& conn, const std::string& token_hash, TimeMs now);
void remove(Conn& conn, const std::string& token_hash);
void remove_expired(Conn& conn, TimeMs now);

}  // namespace sessions

namespace follows {

/// Idempotent.
void follow(Conn& conn, const std::string& follower_id, const std::string& followee_id, TimeMs at);
void unfollow(Conn& conn, const std::string& follower_id, const std::string& followee_id);
bool is_following(Conn& conn, const std::string& follower_id, const std::string& followee_id);
/// When the follow began; nothing when `follower_id` does not follow `followee_id`.
std::optional<TimeMs> followed_since(Conn& conn, const std::string& follower_id, const std::string& followee_id);
std::int64_t follower_count(Conn& conn, const std::string& user_id);
std::int64_t following_count(Conn& conn, const std::string& user_id);

}  // namespace follows

}  // namespace onair::store
