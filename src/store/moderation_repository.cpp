#include "store/moderation_repository.hpp"

#include <limits>
#include <sstream>

#include "store/conn.hpp"
#include "store/statement_cache.hpp"

namespace onair::store::moderation {
namespace {

std::string join_lines(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : "\n") + w;
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

/// The channel's bans in force at `now`, of `user_id` only unless it is empty.
std::vector<BanRow> query_bans(Conn& conn, const std::string& creator_id, const std::string& user_id, TimeMs now) {
  std::vector<BanRow> out;
  BanRow row;
  long long until = 0, created = 0, at = now, everyone = user_id.empty() ? 1 : 0;
  soci::indicator until_ind{};
  soci::statement st =
      (conn.sql.prepare << "SELECT user_id, until, reason, created_at, created_by FROM channel_bans "
                           "WHERE creator_id = :c AND (until IS NULL OR until > :now) AND (:all = 1 OR user_id = :u) "
                           "ORDER BY created_at DESC, user_id",
       soci::use(creator_id), soci::use(at), soci::use(everyone), soci::use(user_id), soci::into(row.user_id),
       soci::into(until, until_ind), soci::into(row.reason), soci::into(created), soci::into(row.created_by));
  st.execute();
  while (st.fetch()) {
    row.creator_id = creator_id;
    row.until = until_ind == soci::i_ok ? std::optional<TimeMs>(until) : std::nullopt;
    row.created_at = created;
    out.push_back(row);
  }
  return out;
}

}  // namespace

bool add_moderator(Conn& conn, const std::string& creator_id, const std::string& moderator_id, TimeMs now) {
  long long at = now;
  soci::statement st = (conn.sql.prepare << "INSERT INTO channel_moderators (creator_id, moderator_id, created_at) "
                                            "VALUES (:c, :m, :t) ON CONFLICT DO NOTHING",
                        soci::use(creator_id), soci::use(moderator_id), soci::use(at));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool remove_moderator(Conn& conn, const std::string& creator_id, const std::string& moderator_id) {
  soci::statement st = (conn.sql.prepare << "DELETE FROM channel_moderators WHERE creator_id = :c AND moderator_id = :m",
                        soci::use(creator_id), soci::use(moderator_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::vector<std::string> moderators(Conn& conn, const std::string& creator_id) {
  std::vector<std::string> out;
  std::string id;
  soci::statement st = (conn.sql.prepare << "SELECT moderator_id FROM channel_moderators WHERE creator_id = :c "
                                            "ORDER BY created_at, moderator_id",
                        soci::use(creator_id), soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

bool is_moderator(Conn& conn, const std::string& creator_id, const std::string& user_id) {
  long long n = 0;
  conn.sql << "SELECT COUNT(*) FROM channel_moderators WHERE creator_id = :c AND moderator_id = :m",
      soci::use(creator_id), soci::use(user_id), soci::into(n);
  return n > 0;
}

namespace {

/// The join's one query of a viewer's ban and moderator role, prepared once per session.
struct StandingQuery final : StatementCache::Entry {
  std::string creator_id, user_id, address;
  long long now = 0, banned = 0, until = 0, moderator = 0, address_until = 0;
  soci::indicator until_ind = soci::i_null, address_ind = soci::i_null;
  soci::statement st;
  explicit StandingQuery(soci::session& sql)
      : st((sql.prepare << "SELECT (SELECT COUNT(*) FROM channel_bans WHERE creator_id = :c AND user_id = :u "
                           "AND (until IS NULL OR until > :n)), "
                           "(SELECT until FROM channel_bans WHERE creator_id = :c2 AND user_id = :u2), "
                           "(SELECT COUNT(*) FROM channel_moderators WHERE creator_id = :c3 AND moderator_id = :u3), "
                           "(SELECT MAX(until) FROM channel_address_bans WHERE creator_id = :c4 AND address = :a "
                           "AND until > :n2)",
            soci::use(creator_id), soci::use(user_id), soci::use(now), soci::use(creator_id), soci::use(user_id),
            soci::use(creator_id), soci::use(user_id), soci::use(creator_id), soci::use(address), soci::use(now),
            soci::into(banned), soci::into(until, until_ind), soci::into(moderator),
            soci::into(address_until, address_ind))) {}
};
constexpr char kStandingQuery = 0;

}  // namespace

ChannelStanding standing(Conn& conn, const std::string& creator_id, const std::string& user_id,
                         const std::string& address, TimeMs now) {
  return with_cached<StandingQuery>(conn, &kStandingQuery, [&](StandingQuery& q) {
    q.creator_id = creator_id;
    q.user_id = user_id;
    q.address = address.empty() ? std::string("\n") : address;  // no address is never banned
    q.now = now;
    q.st.execute(true);
    finish(q.st, conn.dialect);
    ChannelStanding out;
    out.banned = q.banned > 0;
    if (out.banned && q.until_ind == soci::i_ok) out.banned_until = q.until;
    out.moderator = q.moderator > 0;
    if (!address.empty() && q.address_ind == soci::i_ok) out.address_banned_until = q.address_until;
    return out;
  });
}

void lock_channel_user(Conn& conn, const std::string& creator_id, const std::string& user_id, bool exclusive) {
  if (conn.dialect != Dialect::postgresql) return;
  std::string key = creator_id + ":" + user_id;
  if (exclusive) {
    conn.sql << "SELECT pg_advisory_xact_lock(hashtext(:k))", soci::use(key);
  } else {
    conn.sql << "SELECT pg_advisory_xact_lock_shared(hashtext(:k))", soci::use(key);
  }
}

void saw_address(Conn& conn, const std::string& user_id, const std::string& address, TimeMs now) {
  long long at = now;
  conn.sql << "INSERT INTO account_addresses (user_id, address, last_seen_at) VALUES (:u, :a, :t) "
              "ON CONFLICT (user_id, address) DO UPDATE SET last_seen_at = excluded.last_seen_at",
      soci::use(user_id), soci::use(address), soci::use(at);
}

std::int64_t forget_addresses(Conn& conn, TimeMs before) {
  long long at = before;
  soci::statement st = (conn.sql.prepare << "DELETE FROM account_addresses WHERE last_seen_at < :t", soci::use(at));
  st.execute(true);
  return st.get_affected_rows();
}

std::int64_t ban_addresses(Conn& conn, const std::string& creator_id, const std::string& user_id, TimeMs since,
                           TimeMs until) {
  lift_address_bans(conn, creator_id, user_id);
  long long from = since, to = until;
  soci::statement st =
      (conn.sql.prepare << "INSERT INTO channel_address_bans (creator_id, address, user_id, until) "
                           "SELECT :c, address, user_id, :until FROM account_addresses "
                           "WHERE user_id = :u AND last_seen_at >= :since",
       soci::use(creator_id), soci::use(to), soci::use(user_id), soci::use(from));
  st.execute(true);
  return st.get_affected_rows();
}

void lift_address_bans(Conn& conn, const std::string& creator_id, const std::string& user_id) {
  conn.sql << "DELETE FROM channel_address_bans WHERE creator_id = :c AND user_id = :u", soci::use(creator_id),
      soci::use(user_id);
}

void put_ban(Conn& conn, const BanRow& ban) {
  long long until = ban.until.value_or(0), created = ban.created_at;
  soci::indicator until_ind = ban.until ? soci::i_ok : soci::i_null;
  conn.sql << "INSERT INTO channel_bans (creator_id, user_id, until, reason, created_at, created_by) "
              "VALUES (:c, :u, :until, :r, :t, :b) ON CONFLICT (creator_id, user_id) DO UPDATE SET "
              "until = excluded.until, reason = excluded.reason, created_at = excluded.created_at, "
              "created_by = excluded.created_by",
      soci::use(ban.creator_id), soci::use(ban.user_id), soci::use(until, until_ind), soci::use(ban.reason),
      soci::use(created), soci::use(ban.created_by);
}

bool remove_ban(Conn& conn, const std::string& creator_id, const std::string& user_id) {
  soci::statement st = (conn.sql.prepare << "DELETE FROM channel_bans WHERE creator_id = :c AND user_id = :u",
                        soci::use(creator_id), soci::use(user_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::optional<BanRow> active_ban(Conn& conn, const std::string& creator_id, const std::string& user_id, TimeMs now) {
  if (user_id.empty()) return std::nullopt;
  auto found = query_bans(conn, creator_id, user_id, now);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<BanRow> active_bans(Conn& conn, const std::string& creator_id, TimeMs now) {
  return query_bans(conn, creator_id, "", now);
}

ChatSettingsRow chat_settings(Conn& conn, const std::string& creator_id) {
  ChatSettingsRow row;
  long long slow = 0, followers = 0, min_follow = 0, updated = 0;
  std::string words;
  soci::indicator ind{};
  conn.sql << "SELECT slow_mode_seconds, followers_only, min_follow_minutes, blocked_words, updated_at "
              "FROM chat_settings WHERE creator_id = :c",
      soci::use(creator_id), soci::into(slow, ind), soci::into(followers), soci::into(min_follow), soci::into(words),
      soci::into(updated);
  if (!conn.sql.got_data()) return row;
  row.slow_mode_seconds = slow;
  row.followers_only = followers != 0;
  row.min_follow_minutes = min_follow;
  row.blocked_words = split_lines(words);
  row.updated_at = updated;
  return row;
}

void put_chat_settings(Conn& conn, const std::string& creator_id, const ChatSettingsRow& settings) {
  long long slow = settings.slow_mode_seconds, followers = settings.followers_only ? 1 : 0,
            min_follow = settings.min_follow_minutes, updated = settings.updated_at;
  auto words = join_lines(settings.blocked_words);
  conn.sql << "INSERT INTO chat_settings (creator_id, slow_mode_seconds, followers_only, min_follow_minutes, "
              "blocked_words, updated_at) VALUES (:c, :s, :f, :m, :w, :u) ON CONFLICT (creator_id) DO UPDATE SET "
              "slow_mode_seconds = excluded.slow_mode_seconds, followers_only = excluded.followers_only, "
              "min_follow_minutes = excluded.min_follow_minutes, blocked_words = excluded.blocked_words, "
              "updated_at = excluded.updated_at",
      soci::use(creator_id), soci::use(slow), soci::use(followers), soci::use(min_follow), soci::use(words),
      soci::use(updated);
}

std::int64_t record(Conn& conn, const ModerationAction& a) {
  long long id = 0, until = a.until.value_or(0), at = a.created_at;
  std::string creator = a.creator_id.value_or(""), target = a.target_user_id.value_or(""),
              item_type = a.item_type.value_or(""), item_id = a.item_id.value_or("");
  soci::indicator creator_ind = a.creator_id ? soci::i_ok : soci::i_null;
  soci::indicator target_ind = a.target_user_id ? soci::i_ok : soci::i_null;
  soci::indicator type_ind = a.item_type ? soci::i_ok : soci::i_null;
  soci::indicator item_ind = a.item_id ? soci::i_ok : soci::i_null;
  soci::indicator until_ind = a.until ? soci::i_ok : soci::i_null;
  conn.sql << "INSERT INTO moderation_actions (creator_id, actor_id, action, target_user_id, item_type, item_id, "
              "reason, until, created_at) VALUES (:c, :a, :x, :t, :it, :ii, :r, :u, :at) RETURNING id",
      soci::use(creator, creator_ind), soci::use(a.actor_id), soci::use(a.action), soci::use(target, target_ind),
      soci::use(item_type, type_ind), soci::use(item_id, item_ind), soci::use(a.reason), soci::use(until, until_ind),
      soci::use(at), soci::into(id);
  return id;
}

std::int64_t record_on_user(Conn& conn, const std::optional<std::string>& creator_id, const std::string& actor_id,
                            std::string action, const std::string& target_user_id, TimeMs at, std::string reason,
                            std::optional<TimeMs> until) {
  ModerationAction a;
  a.creator_id = creator_id;
  a.actor_id = actor_id;
  a.action = std::move(action);
  a.target_user_id = target_user_id;
  a.reason = std::move(reason);
  a.until = until;
  a.created_at = at;
  return record(conn, a);
}

std::vector<ModerationAction> actions(Conn& conn, const std::optional<std::string>& creator_id, std::int64_t before,
                                      int limit) {
  std::vector<ModerationAction> out;
  ModerationAction row;
  long long id = 0, until = 0, at = 0, below = before > 0 ? before : std::numeric_limits<long long>::max();
  std::string creator, target, item_type, item_id;
  soci::indicator creator_ind{}, target_ind{}, type_ind{}, item_ind{}, until_ind{};
  soci::statement st(conn.sql);
  st.alloc();
  st.prepare(std::string("SELECT id, creator_id, actor_id, action, target_user_id, item_type, item_id, reason, until, "
                         "created_at FROM moderation_actions WHERE ") +
             (creator_id ? "creator_id = :c AND " : "") + "id < :b ORDER BY id DESC LIMIT " + std::to_string(limit));
  st.exchange(soci::into(id));
  st.exchange(soci::into(creator, creator_ind));
  st.exchange(soci::into(row.actor_id));
  st.exchange(soci::into(row.action));
  st.exchange(soci::into(target, target_ind));
  st.exchange(soci::into(item_type, type_ind));
  st.exchange(soci::into(item_id, item_ind));
  st.exchange(soci::into(row.reason));
  st.exchange(soci::into(until, until_ind));
  st.exchange(soci::into(at));
  if (creator_id) st.exchange(soci::use(*creator_id));
  st.exchange(soci::use(below));
  st.define_and_bind();
  st.execute();
  while (st.fetch()) {
    row.id = id;
    row.creator_id = creator_ind == soci::i_ok ? std::optional<std::string>(creator) : std::nullopt;
    row.target_user_id = target_ind == soci::i_ok ? std::optional<std::string>(target) : std::nullopt;
    row.item_type = type_ind == soci::i_ok ? std::optional<std::string>(item_type) : std::nullopt;
    row.item_id = item_ind == soci::i_ok ? std::optional<std::string>(item_id) : std::nullopt;
    row.until = until_ind == soci::i_ok ? std::optional<TimeMs>(until) : std::nullopt;
    row.created_at = at;
    out.push_back(row);
  }
  return out;
}

namespace {

/// Reports matching `where`, whose placeholders `bind` fills, ordered as the queue is read.
template <typename Bind>
std::vector<ReportRow> query_reports(Conn& conn, const std::string& where, int limit, Bind bind) {
  std::vector<ReportRow> out;
  ReportRow row;
  long long created = 0, resolved_at = 0;
  std::string resolved_by, resolution;
  soci::indicator at_ind{}, by_ind{}, res_ind{};
  soci::statement st(conn.sql);
  bind(st);
  st.exchange(soci::into(row.id));
  st.exchange(soci::into(row.reporter_id));
  st.exchange(soci::into(row.item_type));
  st.exchange(soci::into(row.item_id));
  st.exchange(soci::into(row.reason));
  st.exchange(soci::into(row.status));
  st.exchange(soci::into(created));
  st.exchange(soci::into(resolved_at, at_ind));
  st.exchange(soci::into(resolved_by, by_ind));
  st.exchange(soci::into(resolution, res_ind));
  st.alloc();
  st.prepare("SELECT id, reporter_id, item_type, item_id, reason, status, created_at, resolved_at, resolved_by, "
             "resolution FROM reports WHERE " + where + " ORDER BY created_at, id LIMIT " + std::to_string(limit));
  st.define_and_bind();
  st.execute();
  while (st.fetch()) {
    row.created_at = created;
    row.resolved_at = at_ind == soci::i_ok ? std::optional<TimeMs>(resolved_at) : std::nullopt;
    row.resolved_by = by_ind == soci::i_ok ? std::optional<std::string>(resolved_by) : std::nullopt;
    row.resolution = res_ind == soci::i_ok ? std::optional<std::string>(resolution) : std::nullopt;
    out.push_back(row);
  }
  return out;
}

}  // namespace

bool insert_report(Conn& conn, const ReportRow& r) {
  long long at = r.created_at;
  try {
    conn.sql << "INSERT INTO reports (id, reporter_id, item_type, item_id, reason, status, created_at) "
                "VALUES (:i, :r, :t, :it, :re, 'open', :c)",
        soci::use(r.id), soci::use(r.reporter_id), soci::use(r.item_type), soci::use(r.item_id), soci::use(r.reason),
        soci::use(at);
  } catch (const soci::soci_error& e) {
    if (is_unique_violation(e)) return false;
    throw;
  }
  return true;
}

std::optional<ReportRow> find_report(Conn& conn, const std::string& id) {
  auto found = query_reports(conn, "id = :i", 1, [&](soci::statement& st) { st.exchange(soci::use(id)); });
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<ReportRow> reports(Conn& conn, const std::string& status, TimeMs after_at, const std::string& after_id,
                               int limit) {
  long long at = after_at;
  return query_reports(conn, "status = :s AND (created_at > :a1 OR (created_at = :a2 AND id > :i))", limit,
                       [&](soci::statement& st) {
                         st.exchange(soci::use(status));
                         st.exchange(soci::use(at));
                         st.exchange(soci::use(at));
                         st.exchange(soci::use(after_id));
                       });
}

bool resolve_report(Conn& conn, const std::string& id, const std::string& resolution, const std::string& by, TimeMs at) {
  long long when = at;
  soci::statement st = (conn.sql.prepare << "UPDATE reports SET status = 'resolved', resolved_at = :t, resolved_by = :b, "
                                            "resolution = :r WHERE id = :i AND status = 'open'",
                        soci::use(when), soci::use(by), soci::use(resolution), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void put_suspension(Conn& conn, const SuspensionRow& s) {
  long long until = s.until.value_or(0), created = s.created_at;
  soci::indicator until_ind = s.until ? soci::i_ok : soci::i_null;
  conn.sql << "INSERT INTO suspensions (user_id, until, reason, created_at, created_by) VALUES (:u, :until, :r, :c, :b) "
              "ON CONFLICT (user_id) DO UPDATE SET until = excluded.until, reason = excluded.reason, "
              "created_at = excluded.created_at, created_by = excluded.created_by",
      soci::use(s.user_id), soci::use(until, until_ind), soci::use(s.reason), soci::use(created),
      soci::use(s.created_by);
}

bool remove_suspension(Conn& conn, const std::string& user_id) {
  soci::statement st = (conn.sql.prepare << "DELETE FROM suspensions WHERE user_id = :u", soci::use(user_id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::optional<SuspensionRow> active_suspension(Conn& conn, const std::string& user_id, TimeMs now) {
  SuspensionRow row;
  long long until = 0, created = 0, at = now;
  soci::indicator until_ind{};
  conn.sql << "SELECT until, reason, created_at, created_by FROM suspensions WHERE user_id = :u AND "
              "(until IS NULL OR until > :now)",
      soci::use(user_id), soci::use(at), soci::into(until, until_ind), soci::into(row.reason), soci::into(created),
      soci::into(row.created_by);
  if (!conn.sql.got_data()) return std::nullopt;
  row.user_id = user_id;
  row.until = until_ind == soci::i_ok ? std::optional<TimeMs>(until) : std::nullopt;
  row.created_at = created;
  return row;
}

std::vector<std::string> remove_sessions(Conn& conn, const std::string& user_id) {
  std::vector<std::string> hashes;
  std::string hash;
  soci::statement st = (conn.sql.prepare << "DELETE FROM sessions WHERE user_id = :u RETURNING token_hash",
                        soci::use(user_id), soci::into(hash));
  st.execute();
  while (st.fetch()) hashes.push_back(hash);
  return hashes;
}

}  // namespace onair::store::moderation
