#include "store/notification_repository.hpp"

#include "store/conn.hpp"

namespace onair::store {

namespace notifications {
namespace {

std::vector<Notification> query(Conn& conn, const std::string& where, const std::vector<std::string>& strings,
                                const std::vector<long long>& ints) {
  Notification n;
  long long created = 0, read = 0, is_admin = 0, actor_created = 0, avatar = 0;
  soci::indicator read_ind{}, avatar_ind{};
  soci::statement st(conn.sql);
  st.alloc();
  st.prepare("SELECT n.id, n.recipient_id, n.type, n.subject_id, n.title, n.body, n.link, n.created_at, n.read_at, "
             "u.id, u.handle, u.email, u.display_name, u.is_admin, u.created_at, u.avatar_at FROM notifications n "
             "JOIN users u ON u.id = n.actor_id " + where);
  st.exchange(soci::into(n.id));
  st.exchange(soci::into(n.recipient_id));
  st.exchange(soci::into(n.type));
  st.exchange(soci::into(n.subject_id));
  st.exchange(soci::into(n.title));
  st.exchange(soci::into(n.body));
  st.exchange(soci::into(n.link));
  st.exchange(soci::into(created));
  st.exchange(soci::into(read, read_ind));
  st.exchange(soci::into(n.actor.id));
  st.exchange(soci::into(n.actor.handle));
  st.exchange(soci::into(n.actor.email));
  st.exchange(soci::into(n.actor.display_name));
  st.exchange(soci::into(is_admin));
  st.exchange(soci::into(actor_created));
  st.exchange(soci::into(avatar, avatar_ind));
  for (const auto& s : strings) st.exchange(soci::use(s));
  for (const auto& i : ints) st.exchange(soci::use(i));
  st.define_and_bind();
  st.execute(false);
  std::vector<Notification> out;
  while (st.fetch()) {
    Notification copy = n;
    copy.created_at = created;
    copy.read_at = read_ind == soci::i_ok ? std::optional<TimeMs>(read) : std::nullopt;
    copy.actor.is_admin = is_admin != 0;
    copy.actor.created_at = actor_created;
    copy.actor.avatar_at = avatar_ind == soci::i_ok ? std::optional<TimeMs>(avatar) : std::nullopt;
    out.push_back(std::move(copy));
  }
  return out;
}

}  // namespace

std::vector<Notification> list(Conn& conn, const std::string& recipient_id, const std::optional<streams::Cursor>& after,
                               int limit) {
  std::string where = "WHERE n.recipient_id = :r AND n.in_app = 1";
  std::vector<std::string> strings{recipient_id};
  std::vector<long long> ints;
  if (after) {
    where += " AND ((n.id < :cid AND n.created_at = :c1) OR n.created_at < :c2)";
    strings.push_back(after->id);
    ints = {after->created_at, after->created_at};
  }
  return query(conn, where + " ORDER BY n.created_at DESC, n.id DESC LIMIT " + std::to_string(limit + 1), strings, ints);
}

std::optional<Notification> find(Conn& conn, const std::string& id) {
  auto rows = query(conn, "WHERE n.id = :id", {id}, {});
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::int64_t unread_count(Conn& conn, const std::string& recipient_id) {
  long long n = 0;
  conn.sql << "SELECT COUNT(*) FROM notifications WHERE recipient_id = :r AND read_at IS NULL AND in_app = 1",
      soci::use(recipient_id),
      soci::into(n);
  return n;
}

bool mark_read(Conn& conn, const std::string& recipient_id, const std::string& id, TimeMs now) {
  long long exists = 0, at = now;
  conn.sql << "SELECT COUNT(*) FROM notifications WHERE id = :id AND recipient_id = :r AND in_app = 1", soci::use(id),
      soci::use(recipient_id), soci::into(exists);
  if (exists == 0) return false;
  conn.sql << "UPDATE notifications SET read_at = :t WHERE id = :id AND read_at IS NULL", soci::use(at), soci::use(id);
  return true;
}

void mark_all_read(Conn& conn, const std::string& recipient_id, TimeMs now) {
  long long at = now;
  conn.sql << "UPDATE notifications SET read_at = :t WHERE recipient_id = :r AND read_at IS NULL", soci::use(at),
      soci::use(recipient_id);
}

FanOutBatch fan_out(Conn& conn, const Template& t, const std::string& after_follower, int limit, TimeMs now) {
  FanOutBatch batch;
  bool followers = t.audience == Template::Audience::followers;
  // The recipients: `who` of the rows of `from` (aliased f) whose `key_column` is `key`.
  std::string from = followers ? "follows f" : "scheduled_reminders f";
  std::string who = followers ? "f.follower_id" : "f.user_id";
  std::string key_column = followers ? "f.followee_id" : "f.scheduled_id";
  const std::string& key = followers ? t.actor_id : t.audience_key;
  const std::string& id_key = t.id_key.empty() ? t.subject_id : t.id_key;
  // The batch is the recipients in (after_follower, last]; set-based statements write it whole.
  std::string last;
  soci::indicator last_ind{};
  std::string offset = std::to_string(std::max(0, limit - 1));
  conn.sql << (followers ? std::string("SELECT follower_id FROM follows WHERE followee_id = :a AND follower_id > :after "
                                       "ORDER BY follower_id LIMIT 1 OFFSET ")
                         : std::string("SELECT user_id FROM scheduled_reminders WHERE scheduled_id = :a AND "
                                       "user_id > :after ORDER BY user_id LIMIT 1 OFFSET ")) + offset,
      soci::use(key), soci::use(after_follower), soci::into(last, last_ind);
  bool final_batch = !conn.sql.got_data() || last_ind != soci::i_ok;
  if (final_batch) last = "\x7f";  // above every id: the rest of the followers
  if (!final_batch) batch.last_follower = last;
  long long at = now;
  // Deterministic ids (subject.recipient): a retried batch collides with what it wrote before.
  // A follower who muted the author, or switched both channels off, gets nothing.
  // Those who asked for a reminder get it even if they muted the author's other notifications.
  std::string muted = followers ? "AND NOT EXISTS (SELECT 1 FROM muted_creators m WHERE m.user_id = " + who +
                                      " AND m.creator_id = :actor3) "
                                : std::string("AND :actor3 <> '' ");
  soci::statement written = (conn.sql.prepare << "INSERT INTO notifications (id, recipient_id, type, actor_id, subject_id, title, body, link, "
              "created_at, in_app) SELECT :idkey || '.' || " + who + ", " + who + ", :type, :actor, :subject2, "
              ":title, :body, :link, :at, CASE WHEN EXISTS (SELECT 1 FROM notification_preferences p WHERE "
              "p.user_id = " + who + " AND p.type = :type2 AND p.channel = 'in_app' AND p.enabled = 0) THEN 0 ELSE 1 END "
              "FROM " + from + " WHERE " + key_column + " = :key AND " + who + " > :after AND " + who + " <= :last " +
              muted +
              "AND (SELECT COUNT(*) FROM notification_preferences p WHERE p.user_id = " + who + " AND "
              "p.type = :type3 AND p.enabled = 0) < 2 "
              "ON CONFLICT DO NOTHING",
      soci::use(id_key), soci::use(t.type), soci::use(t.actor_id), soci::use(t.subject_id), soci::use(t.title),
      soci::use(t.body), soci::use(t.link), soci::use(at), soci::use(t.type), soci::use(key),
      soci::use(after_follower), soci::use(last), soci::use(t.actor_id), soci::use(t.type));
  written.execute(true);
  if (long long n = written.get_affected_rows(); n > 0 && t.type == "LIVE_STREAM_STARTED") {
    conn.sql << "UPDATE live_streams SET followers_notified = followers_notified + :n WHERE id = :s", soci::use(n),
        soci::use(t.subject_id);
  }
  conn.sql << "INSERT INTO notification_deliveries (notification_id, channel, status, attempts, next_attempt_at) "
              "SELECT n.id, 'email', 'pending', 0, :at FROM notifications n WHERE n.recipient_id > :after AND "
              "n.recipient_id <= :last AND n.type = :type AND n.subject_id = :subject AND NOT EXISTS (SELECT 1 FROM "
              "notification_preferences p WHERE p.user_id = n.recipient_id AND p.type = :type2 AND "
              "p.channel = 'email' AND p.enabled = 0) ON CONFLICT DO NOTHING",
      soci::use(at), soci::use(after_follower), soci::use(last), soci::use(t.type), soci::use(t.subject_id),
      soci::use(t.type);
  FanOutBatch::Created row;
  soci::statement created = (conn.sql.prepare << "SELECT id, recipient_id FROM notifications WHERE recipient_id > :after "
                                                 "AND recipient_id <= :last AND type = :type AND subject_id = :subject "
                                                 "AND in_app = 1 AND created_at = :at",
                             soci::use(after_follower), soci::use(last), soci::use(t.type), soci::use(t.subject_id),
                             soci::use(at), soci::into(row.id), soci::into(row.recipient_id));
  created.execute();
  while (created.fetch()) batch.created.push_back(row);
  return batch;
}

}  // namespace notifications

namespace deliveries {

std::vector<Due> claim_due(Conn& conn, TimeMs now, int limit, TimeMs claimed_until) {
  std::vector<Due> out;
  Due d;
  long long at = now, attempts = 0;
  // PostgreSQL: rows another instance is claiming right now are skipped, not waited for.
  // SQLite: the write transaction already admits one claimer at a time.
  std::string lock = conn.dialect == Dialect::postgresql ? " FOR UPDATE OF d SKIP LOCKED" : "";
  soci::statement st =
      (conn.sql.prepare << "SELECT d.notification_id, d.attempts, u.id, u.email, n.type, n.title, n.body, n.link "
                           "FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id "
                           "JOIN users u ON u.id = n.recipient_id WHERE d.channel = 'email' AND d.status = 'pending' "
                           "AND d.next_attempt_at <= :now ORDER BY d.next_attempt_at LIMIT "
                        << limit << lock,
       soci::use(at), soci::into(d.notification_id), soci::into(attempts), soci::into(d.recipient_id),
       soci::into(d.email), soci::into(d.type), soci::into(d.title), soci::into(d.body), soci::into(d.link));
  st.execute();
  while (st.fetch()) {
    d.attempts = attempts;
    out.push_back(d);
  }
  // Claimed: nobody else finds them due until the claim runs out (a worker that died meanwhile
  // leaves them to be sent again then).
  long long until = claimed_until;
  for (const auto& claimed : out) {
    conn.sql << "UPDATE notification_deliveries SET next_attempt_at = :t WHERE notification_id = :id AND "
                "channel = 'email' AND status = 'pending'",
        soci::use(until), soci::use(claimed.notification_id);
  }
  return out;
}

void sent(Conn& conn, const std::string& notification_id, TimeMs now) {
  long long at = now;
  conn.sql << "UPDATE notification_deliveries SET status = 'sent', sent_at = :t, attempts = attempts + 1 "
              "WHERE notification_id = :id AND channel = 'email'",
      soci::use(at), soci::use(notification_id);
}

void retry(Conn& conn, const std::string& notification_id, const std::string& error, TimeMs next) {
  long long at = next;
  conn.sql << "UPDATE notification_deliveries SET attempts = attempts + 1, last_error = :e, next_attempt_at = :t "
              "WHERE notification_id = :id AND channel = 'email'",
      soci::use(error), soci::use(at), soci::use(notification_id);
}

void failed(Conn& conn, const std::string& notification_id, const std::string& error) {
  conn.sql << "UPDATE notification_deliveries SET status = 'failed', attempts = attempts + 1, last_error = :e "
              "WHERE notification_id = :id AND channel = 'email'",
      soci::use(error), soci::use(notification_id);
}

}  // namespace deliveries

namespace preferences {

Channels get(Conn& conn, const std::string& user_id, const std::string& type) {
  Channels c;
  std::string channel;
  long long enabled = 1;
  soci::statement st = (conn.sql.prepare << "SELECT channel, enabled FROM notification_preferences WHERE user_id = :u "
                                            "AND type = :t",
                        soci::use(user_id), soci::use(type), soci::into(channel), soci::into(enabled));
  st.execute();
  while (st.fetch()) {
    if (channel == "in_app") c.in_app = enabled != 0;
    if (channel == "email") c.email = enabled != 0;
  }
  return c;
}

void set(Conn& conn, const std::string& user_id, const std::string& type, const std::string& channel, bool enabled) {
  long long flag = enabled ? 1 : 0;
  conn.sql << "INSERT INTO notification_preferences (user_id, type, channel, enabled) VALUES (:u, :t, :c, :e) "
              "ON CONFLICT (user_id, type, channel) DO UPDATE SET enabled = excluded.enabled",
      soci::use(user_id), soci::use(type), soci::use(channel), soci::use(flag);
}

std::vector<std::string> muted_handles(Conn& conn, const std::string& user_id) {
  std::vector<std::string> out;
  std::string handle;
  soci::statement st = (conn.sql.prepare << "SELECT u.handle FROM muted_creators m JOIN users u ON u.id = m.creator_id "
                                            "WHERE m.user_id = :u ORDER BY u.handle",
                        soci::use(user_id), soci::into(handle));
  st.execute();
  while (st.fetch()) out.push_back(handle);
  return out;
}

void set_muted(Conn& conn, const std::string& user_id, const std::vector<std::string>& creator_ids, TimeMs now) {
  conn.sql << "DELETE FROM muted_creators WHERE user_id = :u", soci::use(user_id);
  long long at = now;
  for (const auto& creator : creator_ids) {
    conn.sql << "INSERT INTO muted_creators (user_id, creator_id, created_at) VALUES (:u, :c, :t) ON CONFLICT DO NOTHING",
        soci::use(user_id), soci::use(creator), soci::use(at);
  }
}

}  // namespace preferences

namespace jobs {

void enqueue(Conn& conn, const std::string& kind, const std::string& payload, const std::string& unique_key, TimeMs now,
             std::optional<TimeMs> run_at) {
  long long at = now, due = run_at.value_or(now);
  conn.sql << "INSERT INTO jobs (kind, payload, unique_key, status, run_at, created_at, updated_at) "
              "VALUES (:k, :p, :u, 'pending', :r, :c, :up) ON CONFLICT DO NOTHING",
      soci::use(kind), soci::use(payload), soci::use(unique_key), soci::use(due), soci::use(at), soci::use(at);
}

std::optional<Job> next_due(Conn& conn, TimeMs now) {
  Job job;
  soci::indicator checkpoint_ind{};
  long long at = now;
  // On PostgreSQL the job is this transaction's until it commits: other workers take the next one
  // (and a worker that dies releases it with its connection).
  std::string lock = conn.dialect == Dialect::postgresql ? " FOR UPDATE SKIP LOCKED" : "";
  soci::statement st = (conn.sql.prepare << "SELECT id, kind, payload, checkpoint FROM jobs WHERE status = 'pending' "
                                            "AND run_at <= :now ORDER BY run_at, id LIMIT 1" + lock,
                        soci::use(at), soci::into(job.id), soci::into(job.kind), soci::into(job.payload),
                        soci::into(job.checkpoint, checkpoint_ind));
  st.execute();
  if (!st.fetch()) return std::nullopt;
  if (checkpoint_ind != soci::i_ok) job.checkpoint.clear();
  return job;
}

void checkpoint(Conn& conn, long long id, const std::string& checkpoint, TimeMs now) {
  long long at = now;
  conn.sql << "UPDATE jobs SET checkpoint = :c, attempts = attempts + 1, updated_at = :t WHERE id = :id",
      soci::use(checkpoint), soci::use(at), soci::use(id);
}

void finish(Conn& conn, long long id, TimeMs now) {
  long long at = now;
  conn.sql << "UPDATE jobs SET status = 'done', updated_at = :t WHERE id = :id", soci::use(at), soci::use(id);
}

}  // namespace jobs

}  // namespace onair::store
