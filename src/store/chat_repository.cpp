#include "store/chat_repository.hpp"

#include <algorithm>

#include "store/conn.hpp"

namespace onair::store::chat {

ChatMessage insert(Conn& conn, const std::string& stream_id, const User& author, const std::string& text, TimeMs now) {
  ChatMessage m{0, stream_id, author, text, now};
  long long id = 0, at = now;
  conn.sql << "INSERT INTO chat_messages (stream_id, author_id, text, created_at) VALUES (:s, :a, :t, :c) "
              "RETURNING id",
      soci::use(stream_id), soci::use(author.id), soci::use(text), soci::use(at), soci::into(id);
  m.id = id;
  return m;
}

namespace {

std::vector<ChatMessage> query(Conn& conn, const std::string& stream_id, std::int64_t after_id, int limit,
                               bool newest) {
  std::vector<ChatMessage> out;
  ChatMessage row;
  long long id = 0, at = 0, after = after_id, user_created = 0, is_admin = 0, avatar = 0;
  soci::indicator avatar_ind{};
  soci::statement st =
      (conn.sql.prepare << "SELECT m.id, m.text, m.created_at, u.id, u.handle, u.display_name, u.is_admin, "
                           "u.created_at, u.avatar_at FROM chat_messages m JOIN users u ON u.id = m.author_id "
                           "WHERE m.stream_id = :s AND m.id > :after ORDER BY m.id "
                        << (newest ? "DESC" : "ASC") << " LIMIT " << limit,
       soci::use(stream_id), soci::use(after), soci::into(id), soci::into(row.text), soci::into(at),
       soci::into(row.author.id), soci::into(row.author.handle), soci::into(row.author.display_name),
       soci::into(is_admin), soci::into(user_created), soci::into(avatar, avatar_ind));
  st.execute();
  while (st.fetch()) {
    row.id = id;
    row.stream_id = stream_id;
    row.created_at = at;
    row.author.is_admin = is_admin != 0;
    row.author.created_at = user_created;
    row.author.avatar_at = avatar_ind == soci::i_ok ? std::optional<TimeMs>(avatar) : std::nullopt;
    out.push_back(row);
  }
  if (newest) std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace

void count_reactions(Conn& conn, const std::string& stream_id, TimeMs bucket, std::int64_t n) {
  long long at = bucket, count = n;
  conn.sql << "INSERT INTO stream_reactions (stream_id, at, count) VALUES (:s, :a, :n) ON CONFLICT (stream_id, at) "
              "DO UPDATE SET count = stream_reactions.count + excluded.count",
      soci::use(stream_id), soci::use(at), soci::use(count);
}

std::vector<ChatMessage> list_after(Conn& conn, const std::string& stream_id, std::int64_t after_id, int limit) {
  return query(conn, stream_id, after_id, limit, false);
}

std::vector<ChatMessage> latest(Conn& conn, const std::string& stream_id, int limit) {
  return query(conn, stream_id, 0, limit, true);
}

std::optional<ChatMessage> find(Conn& conn, std::int64_t id) {
  ChatMessage m;
  long long message = id, at = 0;
  soci::indicator ind{};
  conn.sql << "SELECT stream_id, author_id, text, created_at FROM chat_messages WHERE id = :i", soci::use(message),
      soci::into(m.stream_id, ind), soci::into(m.author.id), soci::into(m.text), soci::into(at);
  if (!conn.sql.got_data() || ind != soci::i_ok) return std::nullopt;
  m.id = id;
  m.created_at = at;
  return m;
}

std::optional<TimeMs> last_message_at(Conn& conn, const std::string& stream_id, const std::string& author_id) {
  long long at = 0;
  soci::indicator ind{};
  conn.sql << "SELECT MAX(created_at) FROM chat_messages WHERE stream_id = :s AND author_id = :a", soci::use(stream_id),
      soci::use(author_id), soci::into(at, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return at;
}

std::vector<std::int64_t> remove_by_author(Conn& conn, const std::string& stream_id, const std::string& author_id) {
  std::vector<std::int64_t> ids;
  long long id = 0;
  soci::statement st = (conn.sql.prepare << "DELETE FROM chat_messages WHERE stream_id = :s AND author_id = :a "
                                            "RETURNING id",
                        soci::use(stream_id), soci::use(author_id), soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

bool remove(Conn& conn, const std::string& stream_id, std::int64_t id) {
  long long message = id;
  soci::statement st = (conn.sql.prepare << "DELETE FROM chat_messages WHERE id = :i AND stream_id = :s",
                        soci::use(message), soci::use(stream_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace onair::store::chat
