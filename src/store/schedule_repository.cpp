#include "store/schedule_repository.hpp"

#include "store/author_columns.hpp"
#include "store/conn.hpp"

namespace onair::store::schedule {
namespace {

constexpr const char* kSelect =
    "SELECT s.id, s.series_id, s.title, s.description, s.starts_at, s.sensitivity, s.gating, s.price_credits, "
    "CASE WHEN s.status = 'live' AND ls.status = 'ended' THEN 'done' ELSE s.status END, s.stream_id, "
    "(SELECT COUNT(*) FROM scheduled_reminders r WHERE r.scheduled_id = s.id), s.created_at, s.updated_at, ";
constexpr const char* kFrom =
    " FROM scheduled_lives s JOIN users u ON u.id = s.author_id LEFT JOIN live_streams ls ON ls.id = s.stream_id ";

/// Rows matching `tail` (its placeholders: `strings` first, then `ints`).
std::vector<ScheduledRow> query(Conn& conn, const std::string& tail, const std::vector<std::string>& strings,
                                const std::vector<long long>& ints) {
  ScheduledRow r;
  std::string sensitivity, gating, stream;
  soci::indicator stream_ind{};
  long long starts = 0, price = 0, reminders = 0, created = 0, updated = 0;
  AuthorColumns author;
  soci::statement st(conn.sql);
  st.alloc();
  st.prepare(std::string(kSelect) + kAuthorColumns + kFrom + tail);
  st.exchange(soci::into(r.id));
  st.exchange(soci::into(r.series_id));
  st.exchange(soci::into(r.title));
  st.exchange(soci::into(r.description));
  st.exchange(soci::into(starts));
  st.exchange(soci::into(sensitivity));
  st.exchange(soci::into(gating));
  st.exchange(soci::into(price));
  st.exchange(soci::into(r.status));
  st.exchange(soci::into(stream, stream_ind));
  st.exchange(soci::into(reminders));
  st.exchange(soci::into(created));
  st.exchange(soci::into(updated));
  author.exchange(st);
  for (const auto& s : strings) st.exchange(soci::use(s));
  for (const auto& i : ints) st.exchange(soci::use(i));
  st.define_and_bind();
  st.execute(false);
  std::vector<ScheduledRow> out;
  while (st.fetch()) {
    ScheduledRow copy = r;
    copy.starts_at = starts;
    copy.sensitivity = parse_sensitivity(sensitivity).value_or(Sensitivity::sensitive);
    copy.gating = parse_gating(gating).value_or(Gating::paid);
    copy.price_credits = price;
    copy.stream_id = stream_ind == soci::i_ok ? std::optional<std::string>(stream) : std::nullopt;
    copy.reminders = reminders;
    copy.created_at = created;
    copy.updated_at = updated;
    copy.author = author.read();
    out.push_back(std::move(copy));
  }
  return out;
}

}  // namespace

void insert(Conn& conn, const ScheduledRow& row) {
  std::string sensitivity(to_string(row.sensitivity)), gating(to_string(row.gating));
  long long starts = row.starts_at, price = row.price_credits, created = row.created_at;
  conn.sql << "INSERT INTO scheduled_lives (id, author_id, series_id, title, description, starts_at, sensitivity, "
              "gating, price_credits, status, created_at, updated_at) "
              "VALUES (:id, :a, :se, :t, :d, :st, :sen, :g, :p, 'upcoming', :c, :u)",
      soci::use(row.id), soci::use(row.author.id), soci::use(row.series_id), soci::use(row.title),
      soci::use(row.description), soci::use(starts), soci::use(sensitivity), soci::use(gating), soci::use(price),
      soci::use(created), soci::use(created);
}

std::optional<ScheduledRow> find(Conn& conn, const std::string& id) {
  auto rows = query(conn, "WHERE s.id = :id", {id}, {});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<ScheduledRow> upcoming_of(Conn& conn, const std::string& author_id, int limit) {
  return query(conn,
               "WHERE s.author_id = :a AND (s.status = 'upcoming' OR (s.status = 'live' AND ls.status <> 'ended')) "
               "ORDER BY s.starts_at, s.id LIMIT " + std::to_string(limit),
               {author_id}, {});
}

std::vector<ScheduledRow> public_since(Conn& conn, const std::string& author_id, TimeMs since, int limit) {
  return query(conn,
               "WHERE s.author_id = :a AND s.gating = 'public' AND s.starts_at >= :since "
               "ORDER BY s.starts_at, s.id LIMIT " + std::to_string(limit),
               {author_id}, {since});
}

bool update(Conn& conn, const ScheduledRow& row, TimeMs now) {
  std::string sensitivity(to_string(row.sensitivity)), gating(to_string(row.gating));
  long long starts = row.starts_at, price = row.price_credits, at = now;
  soci::statement st =
      (conn.sql.prepare << "UPDATE scheduled_lives SET title = :t, description = :d, starts_at = :st, "
                           "sensitivity = :sen, gating = :g, price_credits = :p, updated_at = :u "
                           "WHERE id = :id AND status = 'upcoming'",
       soci::use(row.title), soci::use(row.description), soci::use(starts), soci::use(sensitivity), soci::use(gating),
       soci::use(price), soci::use(at), soci::use(row.id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool set_status(Conn& conn, const std::string& id, const std::string& from, const std::string& to,
                const std::optional<std::string>& stream_id, TimeMs now) {
  long long at = now;
  std::string stream = stream_id.value_or("");
  soci::indicator stream_ind = stream_id ? soci::i_ok : soci::i_null;
  soci::statement st = (conn.sql.prepare << "UPDATE scheduled_lives SET status = :to, stream_id = "
                                            "COALESCE(:s, stream_id), updated_at = :u WHERE id = :id AND status = :from",
                        soci::use(to), soci::use(stream, stream_ind), soci::use(at), soci::use(id), soci::use(from));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool add_reminder(Conn& conn, const std::string& scheduled_id, const std::string& user_id, TimeMs now) {
  long long at = now;
  soci::statement st = (conn.sql.prepare << "INSERT INTO scheduled_reminders (scheduled_id, user_id, created_at) "
                                            "VALUES (:s, :u, :c) ON CONFLICT DO NOTHING",
                        soci::use(scheduled_id), soci::use(user_id), soci::use(at));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool remove_reminder(Conn& conn, const std::string& scheduled_id, const std::string& user_id) {
  soci::statement st = (conn.sql.prepare << "DELETE FROM scheduled_reminders WHERE scheduled_id = :s AND user_id = :u",
                        soci::use(scheduled_id), soci::use(user_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool reminded(Conn& conn, const std::string& scheduled_id, const std::string& user_id) {
  long long n = 0;
  conn.sql << "SELECT COUNT(*) FROM scheduled_reminders WHERE scheduled_id = :s AND user_id = :u",
      soci::use(scheduled_id), soci::use(user_id), soci::into(n);
  return n > 0;
}

}  // namespace onair::store::schedule
