#include "store/reel_repository.hpp"

#include "store/author_columns.hpp"
#include "store/conn.hpp"

namespace onair::store::reels {
namespace {

constexpr const char* kSelect =
    "SELECT r.id, r.title, r.description, r.duration_ms, r.media_path, r.media_type, r.thumbnail_path, "
    "r.source_stream_id, r.sensitivity, r.gating, r.price_credits, r.created_at, ";

std::vector<Reel> query(Conn& conn, const std::string& tail, const std::vector<std::string>& strings,
                        const std::vector<long long>& ints) {
  Reel r;
  std::string thumb, source, sensitivity, gating;
  soci::indicator thumb_ind{}, source_ind{};
  long long duration = 0, price = 0, created = 0;
  AuthorColumns author;
  soci::statement st(conn.sql);
  st.alloc();
  st.prepare(std::string(kSelect) + kAuthorColumns + " FROM reels r JOIN users u ON u.id = r.author_id " + tail);
  st.exchange(soci::into(r.id));
  st.exchange(soci::into(r.title));
  st.exchange(soci::into(r.description));
  st.exchange(soci::into(duration));
  st.exchange(soci::into(r.media_path));
  st.exchange(soci::into(r.media_type));
  st.exchange(soci::into(thumb, thumb_ind));
  st.exchange(soci::into(source, source_ind));
  st.exchange(soci::into(sensitivity));
  st.exchange(soci::into(gating));
  st.exchange(soci::into(price));
  st.exchange(soci::into(created));
  author.exchange(st);
  // Strings bind first, then integers (callers write their SQL in that order).
  for (const auto& s : strings) st.exchange(soci::use(s));
  for (const auto& i : ints) st.exchange(soci::use(i));
  st.define_and_bind();
  st.execute(false);
  std::vector<Reel> out;
  while (st.fetch()) {
    Reel copy = r;
    copy.duration_ms = duration;
    copy.price_credits = price;
    copy.created_at = created;
    copy.thumbnail_path = thumb_ind == soci::i_ok ? std::optional<std::string>(thumb) : std::nullopt;
    copy.source_stream_id = source_ind == soci::i_ok ? std::optional<std::string>(source) : std::nullopt;
    copy.sensitivity = parse_sensitivity(sensitivity).value_or(Sensitivity::sensitive);
    copy.gating = parse_gating(gating).value_or(Gating::paid);
    copy.author = author.read();
    out.push_back(std::move(copy));
  }
  return out;
}

}  // namespace

Status insert(Conn& conn, const Reel& r) {
  std::string sensitivity(to_string(r.sensitivity)), gating(to_string(r.gating));
  std::string thumb = r.thumbnail_path.value_or(""), source = r.source_stream_id.value_or("");
  soci::indicator thumb_ind = r.thumbnail_path ? soci::i_ok : soci::i_null;
  soci::indicator source_ind = r.source_stream_id ? soci::i_ok : soci::i_null;
  long long duration = r.duration_ms, price = r.price_credits, created = r.created_at;
  try {
    conn.sql << "INSERT INTO reels (id, author_id, title, description, duration_ms, media_path, media_type, "
                "thumbnail_path, source_stream_id, sensitivity, gating, price_credits, created_at, updated_at) "
                "VALUES (:id, :a, :t, :d, :dur, :m, :mt, :th, :src, :s, :g, :p, :c, :u)",
        soci::use(r.id), soci::use(r.author.id), soci::use(r.title), soci::use(r.description), soci::use(duration),
        soci::use(r.media_path), soci::use(r.media_type), soci::use(thumb, thumb_ind), soci::use(source, source_ind),
        soci::use(sensitivity), soci::use(gating), soci::use(price), soci::use(created), soci::use(created);
  } catch (const soci::soci_error& e) {
    if (!is_unique_violation(e)) throw;
    return Error{ErrorCode::conflict, "This stream already has a reel", {}};
  }
  return ok_status();
}

std::optional<Reel> find(Conn& conn, const std::string& id) {
  auto rows = query(conn, "WHERE r.id = :id", {id}, {});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<Reel> find_by_stream(Conn& conn, const std::string& stream_id) {
  auto rows = query(conn, "WHERE r.source_stream_id = :s", {stream_id}, {});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<Reel> list(Conn& conn, const std::optional<std::string>& followed_by,
                       const std::optional<streams::Cursor>& after, int limit,
                       const std::optional<std::string>& author_id, std::optional<TimeMs> hide_suspended_at) {
  std::string where = "WHERE 1 = 1";
  std::vector<std::string> strings;
  std::vector<long long> ints;
  if (followed_by) {
    where += " AND r.author_id IN (SELECT followee_id FROM follows WHERE follower_id = :f)";
    strings.push_back(*followed_by);
  }
  if (author_id) {
    where += " AND r.author_id = :a";
    strings.push_back(*author_id);
  }
  if (after) {
    // Strings bind before integers (see query()), hence the id first.
    where += " AND ((r.id < :cid AND r.created_at = :c1) OR r.created_at < :c2)";
    strings.push_back(after->id);
    ints.push_back(after->created_at);
    ints.push_back(after->created_at);
  }
  if (hide_suspended_at) {  // an integer: after the cursor's
    where += " AND NOT EXISTS (SELECT 1 FROM suspensions su WHERE su.user_id = r.author_id "
             "AND (su.until IS NULL OR su.until > :now))";
    ints.push_back(*hide_suspended_at);
  }
  where += " ORDER BY r.created_at DESC, r.id DESC LIMIT " + std::to_string(limit + 1);
  return query(conn, where, strings, ints);
}

void update_text(Conn& conn, const std::string& id, const std::string& title, const std::string& description,
                 TimeMs now) {
  long long at = now;
  conn.sql << "UPDATE reels SET title = :t, description = :d, updated_at = :u WHERE id = :id", soci::use(title),
      soci::use(description), soci::use(at), soci::use(id);
}

void remove(Conn& conn, const std::string& id) { conn.sql << "DELETE FROM reels WHERE id = :id", soci::use(id); }

}  // namespace onair::store::reels
