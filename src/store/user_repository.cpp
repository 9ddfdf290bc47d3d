#include "store/user_repository.hpp"

#include "store/conn.hpp"

namespace onair::store {
namespace {

constexpr const char* kUserColumns =
    "u.id, u.handle, u.email, u.display_name, u.is_admin, u.created_at, u.avatar_at, u.bio";

struct UserRow {
  User user;
  long long is_admin = 0;
  long long created_at = 0;
  long long avatar_at = 0;
  soci::indicator avatar_ind{};
  std::string bio;

  void bind(soci::statement& st) {
    st.exchange(soci::into(user.id));
    st.exchange(soci::into(user.handle));
    st.exchange(soci::into(user.email));
    st.exchange(soci::into(user.display_name));
    st.exchange(soci::into(is_admin));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(avatar_at, avatar_ind));
    st.exchange(soci::into(bio));
  }
  User take() {
    user.is_admin = is_admin != 0;
    user.created_at = created_at;
    if (avatar_ind == soci::i_ok) user.avatar_at = avatar_at;
    user.bio = std::move(bio);
    return std::move(user);
  }
};

std::optional<User> find_one(Conn& conn, const std::string& where, const std::string& param) {
  UserRow row;
  soci::statement st(conn.sql);
  st.alloc();
  st.prepare(std::string("SELECT ") + kUserColumns + " FROM users u WHERE " + where);
  row.bind(st);
  st.exchange(soci::use(param));
  st.define_and_bind();
  st.execute(false);
  if (!st.fetch()) return std::nullopt;
  return row.take();
}

}  // namespace

namespace users {

Status insert(Conn& conn, const User& user, const std::string& password_hash) {
  long long taken = 0;
  conn.sql << "SELECT COUNT(*) FROM users WHERE handle = :h", soci::use(user.handle), soci::into(taken);
  if (taken > 0) return Error{ErrorCode::handle_taken, "That handle is already taken", {{"field", std::string("handle")}}};
  conn.sql << "SELECT COUNT(*) FROM users WHERE email = :e", soci::use(user.email), soci::into(taken);
  if (taken > 0) return Error{ErrorCode::email_taken, "That email is already registered", {{"field", std::string("email")}}};
  long long is_admin = user.is_admin ? 1 : 0;
  long long created_at = user.created_at;
  try {
    conn.sql << "INSERT INTO users (id, handle, email, display_name, password_hash, is_admin, created_at) "
                "VALUES (:id, :handle, :email, :name, :hash, :admin, :at)",
        soci::use(user.id), soci::use(user.handle), soci::use(user.email), soci::use(user.display_name),
        soci::use(password_hash), soci::use(is_admin), soci::use(created_at);
  } catch (const soci::soci_error& e) {
    if (!is_unique_violation(e)) throw;
    return Error{ErrorCode::handle_taken, "That handle or email is already taken", {}};
  }
  conn.sql << "INSERT INTO wallets (user_id, balance_credits, updated_at) VALUES (:id, 0, :at)",
      soci::use(user.id), soci::use(created_at);
  return ok_status();
}

std::optional<User> find_by_id(Conn& conn, const std::string& id) {
  return find_one(conn, "u.id = :id", id);
}

std::optional<User> find_by_handle(Conn& conn, const std::string& handle) {
  return find_one(conn, "u.handle = :h", handle);
}

std::optional<Credentials> find_credentials(Conn& conn, const std::string& login) {
  Credentials out;
  long long is_admin = 0, created_at = 0;
  soci::statement st =
      (conn.sql.prepare << "SELECT u.id, u.handle, u.email, u.display_name, u.is_admin, u.created_at, "
                           "u.password_hash FROM users u WHERE u.handle = :l OR u.email = :l2",
       soci::use(login), soci::use(login), soci::into(out.user.id), soci::into(out.user.handle),
       soci::into(out.user.email), soci::into(out.user.display_name), soci::into(is_admin),
       soci::into(created_at), soci::into(out.password_hash));
  st.execute();
  if (!st.fetch()) return std::nullopt;
  out.user.is_admin = is_admin != 0;
  out.user.created_at = created_at;
  return out;
}

bool set_admin(Conn& conn, const std::string& handle, bool is_admin) {
  long long flag = is_admin ? 1 : 0;
  soci::statement st = (conn.sql.prepare << "UPDATE users SET is_admin = :a WHERE handle = :h", soci::use(flag),
                        soci::use(handle));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void set_admins_exactly(Conn& conn, const std::vector<std::string>& handles) {
  long long no = 0;
  conn.sql << "UPDATE users SET is_admin = :n WHERE is_admin <> :n2", soci::use(no), soci::use(no);
  for (const auto& handle : handles) set_admin(conn, handle, true);
}

bool is_admin(Conn& conn, const std::string& user_id) {
  long long flag = 0;
  conn.sql << "SELECT is_admin FROM users WHERE id = :id", soci::use(user_id), soci::into(flag);
  return conn.sql.got_data() && flag != 0;
}

void set_profile(Conn& conn, const std::string& user_id, const std::optional<std::string>& display_name,
                 const std::optional<std::string>& bio) {
  if (display_name) {
    conn.sql << "UPDATE users SET display_name = :n WHERE id = :id", soci::use(*display_name), soci::use(user_id);
  }
  if (bio) conn.sql << "UPDATE users SET bio = :b WHERE id = :id", soci::use(*bio), soci::use(user_id);
}

std::optional<onair::Avatar> avatar_of(Conn& conn, const std::string& user_id) {
  long long at = 0;
  std::string type;
  soci::indicator at_ind{}, type_ind{};
  conn.sql << "SELECT avatar_at, avatar_type FROM users WHERE id = :id", soci::use(user_id), soci::into(at, at_ind),
      soci::into(type, type_ind);
  if (!conn.sql.got_data() || at_ind != soci::i_ok || type_ind != soci::i_ok) return std::nullopt;
  return onair::Avatar{at, type};
}

void set_avatar(Conn& conn, const std::string& user_id, const std::optional<onair::Avatar>& avatar) {
  long long at = avatar ? avatar->at : 0;
  std::string type = avatar ? avatar->type : "";
  soci::indicator ind = avatar ? soci::i_ok : soci::i_null;
  conn.sql << "UPDATE users SET avatar_at = :a, avatar_type = :t WHERE id = :id", soci::use(at, ind),
      soci::use(type, ind), soci::use(user_id);
}

}  // namespace users

namespace sessions {

void insert(Conn& conn, const std::string& token_hash, const std::string& user_id, TimeMs created_at,
            TimeMs expires_at) {
  long long created = created_at, expires = expires_at;
  conn.sql << "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) "
              "VALUES (:t, :u, :c, :e)",
      soci::use(token_hash), soci::use(user_id), soci::use(created), soci::use(expires);
}

std::optional<SessionUser> find_user(Conn& conn, const std::string& token_hash, TimeMs now) {
  UserRow row;
  long long at = now, expires = 0;
  soci::statement st(conn.sql);
  st.alloc();
  st.prepare(std::string("SELECT ") + kUserColumns +
             ", s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = :t AND "
             "s.expires_at > :now");
  row.bind(st);
  st.exchange(soci::into(expires));
  st.exchange(soci::use(token_hash));
  st.exchange(soci::use(at));
  st.define_and_bind();
  st.execute(false);
  if (!st.fetch()) return std::nullopt;
  return SessionUser{row.take(), expires};
}

void remove(Conn& conn, const std::string& token_hash) {
  conn.sql << "DELETE FROM sessions WHERE token_hash = :t", soci::use(token_hash);
}

void remove_expired(Conn& conn, TimeMs now) {
  long long at = now;
  conn.sql << "DELETE FROM sessions WHERE expires_at <= :now", soci::use(at);
}

}  // namespace sessions

namespace follows {

void follow(Conn& conn, const std::string& follower_id, const std::string& followee_id, TimeMs at) {
  long long created = at;
  conn.sql << "INSERT INTO follows (follower_id, followee_id, created_at) VALUES (:a, :b, :t) "
              "ON CONFLICT DO NOTHING",
      soci::use(follower_id), soci::use(followee_id), soci::use(created);
}

void unfollow(Conn& conn, const std::string& follower_id, const std::string& followee_id) {
  conn.sql << "DELETE FROM follows WHERE follower_id = :a AND followee_id = :b", soci::use(follower_id),
      soci::use(followee_id);
}

bool is_following(Conn& conn, const std::string& follower_id, const std::string& followee_id) {
  long long n = 0;
  conn.sql << "SELECT COUNT(*) FROM follows WHERE follower_id = :a AND followee_id = :b",
      soci::use(follower_id), soci::use(followee_id), soci::into(n);
  return n > 0;
}

std::optional<TimeMs> followed_since(Conn& conn, const std::string& follower_id, const std::string& followee_id) {
  long long at = 0;
  conn.sql << "SELECT created_at FROM follows WHERE follower_id = :a AND followee_id = :b", soci::use(follower_id),
      soci::use(followee_id), soci::into(at);
  if (!conn.sql.got_data()) return std::nullopt;
  return at;
}

std::int64_t follower_count(Conn& conn, const std::string& user_id) {
  long long n = 0;
  conn.sql << "SELECT COUNT(*) FROM follows WHERE followee_id = :u", soci::use(user_id), soci::into(n);
  return n;
}

std::int64_t following_count(Conn& conn, const std::string& user_id) {
  long long n = 0;
  conn.sql << "SELECT COUNT(*) FROM follows WHERE follower_id = :u", soci::use(user_id), soci::into(n);
  return n;
}

}  // namespace follows

}  // namespace onair::store
