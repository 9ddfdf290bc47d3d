#include "store/analytics_repository.hpp"

#include "store/conn.hpp"

namespace onair::store::analytics {
namespace {

/// Watch sessions of streams created this long before a window still count in it (a stream
/// lasting longer is rare); it keeps the window query on the streams' created_at index.
constexpr TimeMs kLongestStreamMs = 7LL * 24 * 3600 * 1000;

}  // namespace

WatchTotals watch_totals(Conn& conn, const std::string& stream_id, TimeMs now) {
  WatchTotals t;
  long long unique = 0, sessions = 0, total = 0, at = now;
  soci::indicator total_ind;
  conn.sql << "SELECT COUNT(DISTINCT user_id), COUNT(*), SUM(COALESCE(left_at, :now) - joined_at) "
              "FROM live_stream_participants WHERE stream_id = :s",
      soci::use(at), soci::use(stream_id), soci::into(unique), soci::into(sessions), soci::into(total, total_ind);
  t.unique_viewers = unique;
  t.sessions = sessions;
  t.total_watch_ms = or_default<long long>(total, total_ind, 0);
  return t;
}

SalesTotals stream_sales(Conn& conn, const std::string& stream_id) {
  long long n = 0, revenue = 0;
  soci::indicator revenue_ind;
  conn.sql << "SELECT COUNT(*), SUM(price_credits) FROM purchases WHERE item_type = 'live_stream' AND item_id = :s",
      soci::use(stream_id), soci::into(n), soci::into(revenue, revenue_ind);
  return SalesTotals{n, or_default<long long>(revenue, revenue_ind, 0)};
}

std::int64_t followers_notified(Conn& conn, const std::string& stream_id) {
  long long n = 0;
  conn.sql << "SELECT followers_notified FROM live_streams WHERE id = :s", soci::use(stream_id), soci::into(n);
  return n;
}

Reach reach(Conn& conn, const std::string& stream_id) {
  long long sent = 0, opened = 0, emailed = 0;
  conn.sql << "SELECT COUNT(*), COUNT(read_at) FROM notifications WHERE subject_id = :s AND type = 'LIVE_STREAM_STARTED'",
      soci::use(stream_id), soci::into(sent), soci::into(opened);
  conn.sql << "SELECT COUNT(*) FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id "
              "WHERE n.subject_id = :s AND n.type = 'LIVE_STREAM_STARTED' AND d.channel = 'email' AND d.status = 'sent'",
      soci::use(stream_id), soci::into(emailed);
  return Reach{sent, emailed, opened};
}

namespace {

/// The watching sessions `where` (a condition on live_stream_participants) selects; `params`
/// bind to its placeholders in order.
template <typename... Params>
std::vector<Session> sessions_where(Conn& conn, const char* where, const Params&... params) {
  std::vector<Session> out;
  Session row;
  long long joined = 0, left = 0;
  soci::indicator left_ind{};
  soci::statement st(conn.sql);
  st.alloc();
  st.prepare(std::string("SELECT user_id, joined_at, left_at FROM live_stream_participants WHERE ") + where);
  st.exchange(soci::into(row.user_id));
  st.exchange(soci::into(joined));
  st.exchange(soci::into(left, left_ind));
  (st.exchange(soci::use(params)), ...);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    row.joined_at = joined;
    row.left_at = left_ind == soci::i_ok ? std::optional<TimeMs>(left) : std::nullopt;
    out.push_back(row);
  }
  return out;
}

}  // namespace

std::vector<Session> sessions(Conn& conn, const std::string& stream_id) {
  return sessions_where(conn, "stream_id = :s", stream_id);
}

std::vector<TimelineEntry> timeline(Conn& conn, const std::string& stream_id, int limit) {
  std::vector<TimelineEntry> out;
  std::string kind, detail;
  long long at = 0;
  soci::statement st = (conn.sql.prepare << "SELECT kind, detail, created_at FROM stream_events WHERE stream_id = :s "
                                            "AND kind NOT LIKE 'client:%' AND kind <> 'leave' ORDER BY created_at, id LIMIT "
                                         << limit,
                        soci::use(stream_id), soci::into(kind), soci::into(detail), soci::into(at));
  st.execute();
  while (st.fetch()) out.push_back(TimelineEntry{kind, detail, at});
  return out;
}

std::map<std::string, std::int64_t> client_events(Conn& conn, const std::string& stream_id) {
  std::map<std::string, std::int64_t> out;
  std::string kind;
  long long n = 0;
  soci::statement st = (conn.sql.prepare << "SELECT kind, COUNT(*) FROM stream_events WHERE stream_id = :s AND "
                                            "kind LIKE 'client:%' GROUP BY kind",
                        soci::use(stream_id), soci::into(kind), soci::into(n));
  st.execute();
  while (st.fetch()) out[kind.substr(7)] = n;
  return out;
}

Window since(Conn& conn, TimeMs since_ms) {
  Window w;
  long long since = since_ms, created_after = since_ms - kLongestStreamMs;
  long long started = 0, sessions = 0, unique = 0, purchases = 0, revenue = 0;
  soci::indicator revenue_ind;
  conn.sql << "SELECT COUNT(*) FROM live_streams WHERE created_at >= :c AND started_at >= :t", soci::use(created_after),
      soci::use(since), soci::into(started);
  conn.sql << "SELECT COUNT(*), COUNT(DISTINCT p.user_id) FROM live_streams s JOIN live_stream_participants p ON "
              "p.stream_id = s.id WHERE s.created_at >= :c AND p.joined_at >= :t",
      soci::use(created_after), soci::use(since), soci::into(sessions), soci::into(unique);
  conn.sql << "SELECT COUNT(*), SUM(price_credits) FROM purchases WHERE created_at >= :t", soci::use(since),
      soci::into(purchases), soci::into(revenue, revenue_ind);
  w.streams_started = started;
  w.watch_sessions = sessions;
  w.unique_viewers = unique;
  w.purchases = purchases;
  w.revenue_credits = or_default<long long>(revenue, revenue_ind, 0);
  return w;
}

Queues queues(Conn& conn) {
  long long pending = 0, failed = 0, jobs = 0;
  conn.sql << "SELECT COUNT(*) FROM notification_deliveries WHERE status = 'pending'", soci::into(pending);
  conn.sql << "SELECT COUNT(*) FROM notification_deliveries WHERE status = 'failed'", soci::into(failed);
  conn.sql << "SELECT COUNT(*) FROM jobs WHERE status IN ('pending', 'running') AND kind = 'live_fanout'",
      soci::into(jobs);
  return Queues{pending, failed, jobs};
}

Totals totals(Conn& conn) {
  long long users = 0, reels = 0;
  conn.sql << "SELECT COUNT(*) FROM users", soci::into(users);
  conn.sql << "SELECT COUNT(*) FROM reels", soci::into(reels);
  return Totals{users, reels, queues(conn)};
}

std::vector<TimeMs> chat_times(Conn& conn, const std::string& stream_id) {
  std::vector<TimeMs> out;
  long long at = 0;
  soci::statement st = (conn.sql.prepare << "SELECT created_at FROM chat_messages WHERE stream_id = :s ORDER BY id",
                        soci::use(stream_id), soci::into(at));
  st.execute();
  while (st.fetch()) out.push_back(at);
  return out;
}

std::vector<std::pair<TimeMs, std::int64_t>> reaction_buckets(Conn& conn, const std::string& stream_id) {
  std::vector<std::pair<TimeMs, std::int64_t>> out;
  long long at = 0, count = 0;
  soci::statement st = (conn.sql.prepare << "SELECT at, count FROM stream_reactions WHERE stream_id = :s ORDER BY at",
                        soci::use(stream_id), soci::into(at), soci::into(count));
  st.execute();
  while (st.fetch()) out.emplace_back(at, count);
  return out;
}

std::int64_t new_followers(Conn& conn, const std::string& user_id, TimeMs from, TimeMs to) {
  long long n = 0, a = from, b = to;
  conn.sql << "SELECT COUNT(*) FROM follows WHERE followee_id = :u AND created_at >= :a AND created_at <= :b",
      soci::use(user_id), soci::use(a), soci::use(b), soci::into(n);
  return n;
}

std::vector<Session> sessions_between(Conn& conn, TimeMs from, TimeMs to) {
  long long a = from, b = to;
  return sessions_where(conn, "(left_at IS NULL OR left_at >= :a) AND joined_at <= :b", a, b);
}

std::vector<std::pair<TimeMs, std::optional<TimeMs>>> live_spans_between(Conn& conn, TimeMs from, TimeMs to) {
  std::vector<std::pair<TimeMs, std::optional<TimeMs>>> out;
  long long a = from, b = to, started = 0, ended = 0;
  soci::indicator ended_ind{};
  soci::statement st = (conn.sql.prepare << "SELECT started_at, ended_at FROM live_streams WHERE started_at IS NOT "
                                            "NULL AND started_at <= :b AND (ended_at IS NULL OR ended_at >= :a)",
                        soci::use(b), soci::use(a), soci::into(started), soci::into(ended, ended_ind));
  st.execute();
  while (st.fetch()) {
    out.emplace_back(started, ended_ind == soci::i_ok ? std::optional<TimeMs>(ended) : std::nullopt);
  }
  return out;
}

}  // namespace onair::store::analytics
