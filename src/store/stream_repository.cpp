#include "store/stream_repository.hpp"

#include <deque>
#include <variant>

#include "core/crypto.hpp"
#include "store/conn.hpp"
#include "store/statement_cache.hpp"

namespace onair::store {
namespace {

constexpr const char* kStreamSelect =
    "SELECT s.id, s.title, s.description, s.status, s.sensitivity, s.gating, s.price_credits, "
    "s.viewer_count, s.peak_viewers, s.created_at, s.started_at, s.ended_at, s.end_reason, "
    "s.recording, s.reel_id, s.owner_instance, s.thumbnail_at, s.camera_on, s.microphone_on, u.id, u.handle, u.email, "
    "u.display_name, u.is_admin, u.created_at, u.avatar_at "
    "FROM live_streams s JOIN users u ON u.id = s.author_id ";

/// Output buffers for one live_streams row joined with its author.
struct StreamRow {
  std::string id, title, description, status, sensitivity, gating, end_reason, recording, reel_id, owner;
  long long price = 0, viewers = 0, peak = 0, created = 0, started = 0, ended = 0;
  soci::indicator started_ind{}, ended_ind{}, reason_ind{}, reel_ind{}, owner_ind{};
  long long thumbnail = 0, camera = 1, microphone = 1;
  soci::indicator thumbnail_ind{};
  std::string author_id, handle, email, display_name;
  long long is_admin = 0, author_created = 0, avatar = 0;
  soci::indicator avatar_ind{};

  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(title));
    st.exchange(soci::into(description));
    st.exchange(soci::into(status));
    st.exchange(soci::into(sensitivity));
    st.exchange(soci::into(gating));
    st.exchange(soci::into(price));
    st.exchange(soci::into(viewers));
    st.exchange(soci::into(peak));
    st.exchange(soci::into(created));
    st.exchange(soci::into(started, started_ind));
    st.exchange(soci::into(ended, ended_ind));
    st.exchange(soci::into(end_reason, reason_ind));
    st.exchange(soci::into(recording));
    st.exchange(soci::into(reel_id, reel_ind));
    st.exchange(soci::into(owner, owner_ind));
    st.exchange(soci::into(thumbnail, thumbnail_ind));
    st.exchange(soci::into(camera));
    st.exchange(soci::into(microphone));
    st.exchange(soci::into(author_id));
    st.exchange(soci::into(handle));
    st.exchange(soci::into(email));
    st.exchange(soci::into(display_name));
    st.exchange(soci::into(is_admin));
    st.exchange(soci::into(author_created));
    st.exchange(soci::into(avatar, avatar_ind));
  }

  LiveStream value() const {
    LiveStream s;
    s.id = id;
    s.title = title;
    s.description = description;
    s.status = parse_stream_status(status).value_or(StreamStatus::ended);
    s.sensitivity = parse_sensitivity(sensitivity).value_or(Sensitivity::sensitive);
    s.gating = parse_gating(gating).value_or(Gating::paid);
    s.price_credits = price;
    s.viewer_count = viewers;
    s.peak_viewers = peak;
    s.created_at = created;
    if (started_ind == soci::i_ok) s.started_at = started;
    if (ended_ind == soci::i_ok) s.ended_at = ended;
    if (reason_ind == soci::i_ok) s.end_reason = end_reason;
    s.recording = parse_recording_state(recording).value_or(RecordingState::none);
    if (reel_ind == soci::i_ok) s.reel_id = reel_id;
    if (owner_ind == soci::i_ok) s.owner_instance = owner;
    if (thumbnail_ind == soci::i_ok) s.thumbnail_at = thumbnail;
    s.camera_on = camera != 0;
    s.microphone_on = microphone != 0;
    s.author = User{author_id, handle, email, display_name, is_admin != 0, author_created, {}, {}};
    if (avatar_ind == soci::i_ok) s.author.avatar_at = avatar;
    return s;
  }
};

/// Parameters bound by position to a statement built at run time. Values live as long as the list.
class Params {
 public:
  void add(std::string v) { values_.emplace_back(std::move(v)); }
  void add(long long v) { values_.emplace_back(v); }
  void bind(soci::statement& st) {
    for (auto& v : values_) {
      if (auto* text = std::get_if<std::string>(&v)) {
        st.exchange(soci::use(*text));
      } else {
        st.exchange(soci::use(std::get<long long>(v)));
      }
    }
  }

 private:
  std::deque<std::variant<std::string, long long>> values_;
};

/// Runs a stream SELECT whose tail (WHERE … ORDER BY …) uses `params` in order.
std::vector<LiveStream> query_streams(Conn& conn, const std::string& tail, Params params) {
  StreamRow row;
  soci::statement st(conn.sql);
  st.alloc();
  st.prepare(std::string(kStreamSelect) + tail);
  row.bind(st);
  params.bind(st);
  st.define_and_bind();
  st.execute(false);
  std::vector<LiveStream> out;
  while (st.fetch()) out.push_back(row.value());
  return out;
}

/// `SELECT … WHERE s.id = :id`, prepared once per session.
struct FindStream final : StatementCache::Entry {
  StreamRow row;
  std::string id;
  soci::statement st;
  explicit FindStream(soci::session& sql) : st(sql) {
    st.alloc();
    st.prepare(std::string(kStreamSelect) + "WHERE s.id = :id");
    row.bind(st);
    st.exchange(soci::use(id));
    st.define_and_bind();
  }
};
constexpr char kFindStream = 0;

Params one(std::string v) {
  Params p;
  p.add(std::move(v));
  return p;
}

}  // namespace

namespace streams {

Status insert(Conn& conn, const LiveStream& s) {
  if (find_open_by_author(conn, s.author.id)) {
    return Error{ErrorCode::already_live, "You already have a live stream open; end it first", {}};
  }
  std::string status(to_string(s.status)), sensitivity(to_string(s.sensitivity)),
      gating(to_string(s.gating)), recording(to_string(s.recording));
  long long price = s.price_credits, created = s.created_at;
  try {
    conn.sql << "INSERT INTO live_streams (id, author_id, title, description, status, sensitivity, "
                "gating, price_credits, viewer_count, peak_viewers, created_at, recording, updated_at, "
                "owner_instance) "
                "VALUES (:id, :author, :title, :description, :status, :sensitivity, :gating, :price, "
                "0, 0, :created, :recording, :updated, :owner)",
        soci::use(s.id), soci::use(s.author.id), soci::use(s.title), soci::use(s.description),
        soci::use(status), soci::use(sensitivity), soci::use(gating), soci::use(price),
        soci::use(created), soci::use(recording), soci::use(created), soci::use(s.owner_instance);
  } catch (const soci::soci_error& e) {
    if (!is_unique_violation(e)) throw;
    return Error{ErrorCode::already_live, "You already have a live stream open; end it first", {}};
  }
  return ok_status();
}

std::optional<LiveStream> find(Conn& conn, const std::string& id) {
  return with_cached<FindStream>(conn, &kFindStream, [&](FindStream& q) {
    q.id = id;
    q.st.execute(false);
    std::optional<LiveStream> found;
    while (q.st.fetch()) found = q.row.value();
    finish(q.st, conn.dialect);
    return found;
  });
}

std::optional<LiveStream> find_open_by_author(Conn& conn, const std::string& author_id) {
  auto rows = query_streams(conn, "WHERE s.author_id = :a AND s.status <> 'ended'", one(author_id));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<LiveStream> list(Conn& conn, const ListQuery& q) {
  Params params;
  std::string where = "WHERE s.status IN (";
  for (std::size_t i = 0; i < q.statuses.size(); ++i) {
    where += (i ? ", :s" : ":s") + std::to_string(i);
    params.add(std::string(to_string(q.statuses[i])));
  }
  where += ")";
  if (q.followed_by) {
    where += " AND s.author_id IN (SELECT followee_id FROM follows WHERE follower_id = :f)";
    params.add(*q.followed_by);
  }
  if (q.gating) {
    where += " AND s.gating = :g";
    params.add(std::string(to_string(*q.gating)));
  }
  if (q.after) {
    where += " AND (s.created_at < :c1 OR (s.created_at = :c2 AND s.id < :cid))";
    params.add(static_cast<long long>(q.after->created_at));
    params.add(static_cast<long long>(q.after->created_at));
    params.add(q.after->id);
  }
  where += " ORDER BY s.created_at DESC, s.id DESC LIMIT " + std::to_string(q.limit + 1);
  return query_streams(conn, where, std::move(params));
}

void set_media_state(Conn& conn, const std::string& id, bool camera_on, bool microphone_on, TimeMs now) {
  long long camera = camera_on ? 1 : 0, microphone = microphone_on ? 1 : 0, at = now;
  conn.sql << "UPDATE live_streams SET camera_on = :c, microphone_on = :m, updated_at = :t WHERE id = :id",
      soci::use(camera), soci::use(microphone), soci::use(at), soci::use(id);
}

void set_thumbnail(Conn& conn, const std::string& id, TimeMs at) {
  long long when = at;
  conn.sql << "UPDATE live_streams SET thumbnail_at = :a, updated_at = :t WHERE id = :id", soci::use(when),
      soci::use(when), soci::use(id);
}

bool transition(Conn& conn, const std::string& id, const Transition& t, TimeMs now) {
  Params params;
  std::string text = "UPDATE live_streams SET status = :to, updated_at = :now";
  params.add(std::string(to_string(t.to)));
  params.add(static_cast<long long>(now));
  if (t.started_at) {
    text += ", started_at = COALESCE(started_at, :started)";
    params.add(static_cast<long long>(*t.started_at));
  }
  if (t.ended_at) {
    text += ", ended_at = :ended";
    params.add(static_cast<long long>(*t.ended_at));
  }
  if (t.end_reason) {
    text += ", end_reason = :reason";
    params.add(*t.end_reason);
  }
  if (t.recording) {
    text += ", recording = :recording";
    params.add(std::string(to_string(*t.recording)));
  }
  if (t.owner) {
    text += ", owner_instance = :owner";
    params.add(*t.owner);
  }
  if (t.to == StreamStatus::ended) text += ", viewer_count = 0";
  text += " WHERE id = :id AND status IN (";
  params.add(id);
  for (std::size_t i = 0; i < t.from.size(); ++i) {
    text += (i ? ", :f" : ":f") + std::to_string(i);
    params.add(std::string(to_string(t.from[i])));
  }
  text += ")";
  if (t.owned_by) {
    text += " AND (owner_instance IS NULL OR owner_instance = '' OR owner_instance = :owned_by)";
    params.add(*t.owned_by);
  }
  soci::statement st(conn.sql);
  st.alloc();
  st.prepare(text);
  params.bind(st);
  st.define_and_bind();
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void set_recording(Conn& conn, const std::string& id, RecordingState recording, TimeMs now) {
  std::string value(to_string(recording));
  long long at = now;
  conn.sql << "UPDATE live_streams SET recording = :r, updated_at = :t WHERE id = :id", soci::use(value),
      soci::use(at), soci::use(id);
}

void forget_reel(Conn& conn, const std::string& reel_id, TimeMs now) {
  long long at = now;
  std::string discarded(to_string(RecordingState::discarded));
  conn.sql << "UPDATE live_streams SET reel_id = NULL, recording = :r, updated_at = :t WHERE reel_id = :id",
      soci::use(discarded), soci::use(at), soci::use(reel_id);
}

void set_reel(Conn& conn, const std::string& id, const std::string& reel_id, TimeMs now) {
  long long at = now;
  conn.sql << "UPDATE live_streams SET reel_id = :r, updated_at = :t WHERE id = :id", soci::use(reel_id),
      soci::use(at), soci::use(id);
}

namespace {

/// `AND` the stream is `instance`'s, nobody's, or a dead instance's; binds two parameters.
constexpr const char* kLookedAfterBy =
    " AND (s.owner_instance IS NULL OR s.owner_instance = '' OR s.owner_instance = :me OR NOT EXISTS (SELECT 1 FROM instances i "
    "WHERE i.id = s.owner_instance AND i.heartbeat_at >= :alive)) ";

Params looked_after_by(const std::string& instance, TimeMs alive_since) {
  Params p;
  p.add(instance);
  p.add(static_cast<long long>(alive_since));
  return p;
}

}  // namespace

std::vector<LiveStream> with_unfinished_recordings(Conn& conn, const std::string& instance, TimeMs alive_since) {
  return query_streams(conn,
                       std::string("WHERE s.status = 'ended' AND (s.recording = 'recording' OR "
                                   "(s.recording = 'saved' AND s.reel_id IS NULL))") +
                           kLookedAfterBy + "ORDER BY s.created_at",
                       looked_after_by(instance, alive_since));
}

std::vector<LiveStream> unattended(Conn& conn, const std::string& instance, TimeMs alive_since) {
  return query_streams(conn, std::string("WHERE s.status IN ('live', 'interrupted')") + kLookedAfterBy +
                                 "ORDER BY s.created_at",
                       looked_after_by(instance, alive_since));
}

bool take_over(Conn& conn, const std::string& stream_id, const std::string& from, const std::string& instance) {
  soci::statement st(conn.sql);
  st.alloc();
  if (from.empty()) {
    st.prepare("UPDATE live_streams SET owner_instance = :me WHERE id = :id AND "
               "(owner_instance IS NULL OR owner_instance = '')");
    st.exchange(soci::use(instance));
    st.exchange(soci::use(stream_id));
  } else {
    st.prepare("UPDATE live_streams SET owner_instance = :me WHERE id = :id AND owner_instance = :from");
    st.exchange(soci::use(instance));
    st.exchange(soci::use(stream_id));
    st.exchange(soci::use(from));
  }
  st.define_and_bind();
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void claim(Conn& conn, const std::string& stream_id, const std::string& instance) {
  conn.sql << "UPDATE live_streams SET owner_instance = :me WHERE id = :id AND status <> 'ended'", soci::use(instance),
      soci::use(stream_id);
}

std::vector<std::pair<StreamStatus, std::int64_t>> count_by_status(Conn& conn) {
  std::vector<std::pair<StreamStatus, std::int64_t>> out;
  for (auto status : {StreamStatus::created, StreamStatus::live, StreamStatus::interrupted, StreamStatus::ended}) {
    std::string name(to_string(status));
    long long n = 0;
    conn.sql << "SELECT COUNT(*) FROM live_streams WHERE status = :s", soci::use(name), soci::into(n);
    out.emplace_back(status, n);
  }
  return out;
}

}  // namespace streams

namespace participants {

namespace {

// LIMIT 1: a user may hold many open sessions (tabs); one is enough to know.
constexpr const char* kOpenSession =
    "SELECT 1 FROM live_stream_participants WHERE stream_id = :s AND user_id = :u AND left_at IS NULL LIMIT 1";
/// The stream's status and counts, and whether the user is a present viewer already.
constexpr const char* kJoinState =
    "SELECT s.status, s.viewer_count, s.peak_viewers, CASE WHEN EXISTS (SELECT 1 FROM live_stream_participants p "
    "WHERE p.stream_id = s.id AND p.user_id = :u AND p.left_at IS NULL) THEN 1 ELSE 0 END "
    "FROM live_streams s WHERE s.id = :s";
constexpr const char* kCountViewer =
    "UPDATE live_streams SET viewer_count = viewer_count + 1, peak_viewers = CASE WHEN viewer_count + 1 > "
    "peak_viewers THEN viewer_count + 1 ELSE peak_viewers END WHERE id = :s AND status <> 'ended' "
    "RETURNING status, viewer_count, peak_viewers";
constexpr const char* kInsertSession =
    "INSERT INTO live_stream_participants (id, stream_id, user_id, watch_id, joined_at) VALUES (:id, :s, :u, :w, :t)";

/// A whole join in one statement (PostgreSQL): the session is inserted when the user is present
/// already, or when the count of a new viewer went up (under the stream row's lock, with the status
/// checked again there); every part sees the same snapshot. Data-modifying parts of a WITH run once,
/// read or not.
constexpr const char* kJoinPostgres =
    "WITH s AS (SELECT status, viewer_count, peak_viewers FROM live_streams WHERE id = :s1 AND status <> 'ended'), "
    "p AS (SELECT 1 FROM live_stream_participants WHERE stream_id = :s2 AND user_id = :u1 AND left_at IS NULL "
    "LIMIT 1), "
    "upd AS (UPDATE live_streams SET viewer_count = viewer_count + 1, peak_viewers = CASE WHEN viewer_count + 1 > "
    "peak_viewers THEN viewer_count + 1 ELSE peak_viewers END WHERE id = :s3 AND status <> 'ended' AND NOT EXISTS "
    "(SELECT 1 FROM p) RETURNING status, viewer_count, peak_viewers), "
    "ins AS (INSERT INTO live_stream_participants (id, stream_id, user_id, watch_id, joined_at) "
    "SELECT :id, :s4, :u2, :w, :t FROM s WHERE EXISTS (SELECT 1 FROM p) OR EXISTS (SELECT 1 FROM upd) RETURNING 1) "
    "SELECT COALESCE((SELECT status FROM upd), s.status), COALESCE((SELECT viewer_count FROM upd), s.viewer_count), "
    "COALESCE((SELECT peak_viewers FROM upd), s.peak_viewers), CASE WHEN EXISTS (SELECT 1 FROM p) THEN 1 ELSE 0 END, "
    "(SELECT COUNT(*) FROM ins) FROM s";

/// What a join binds and reads back, whichever statements carry it.
struct JoinValues {
  std::string stream_id, user_id, watch_id, id, status;
  long long viewers = 0, peak = 0, present = 0, at = 0;

  void set(const std::string& stream, const std::string& user, const std::string& watch, TimeMs now) {
    stream_id = stream;
    user_id = user;
    watch_id = watch;
    id = crypto::random_id();
    at = now;
  }
  /// The stream as it is after the join; the viewer counted if they were not present.
  Presence presence() const {
    return Presence{parse_stream_status(status).value_or(StreamStatus::ended), viewers, peak, present == 0};
  }
};

struct JoinPostgres final : StatementCache::Entry, JoinValues {
  long long inserted = 0;
  soci::statement st;
  explicit JoinPostgres(soci::session& sql)
      : st((sql.prepare << kJoinPostgres, soci::use(stream_id), soci::use(stream_id), soci::use(user_id),
            soci::use(stream_id), soci::use(id), soci::use(stream_id), soci::use(user_id), soci::use(watch_id),
            soci::use(at), soci::into(status), soci::into(viewers), soci::into(peak), soci::into(present),
            soci::into(inserted))) {}
};
constexpr char kJoinPostgresTag = 0;

/// The statements of a join, prepared once per session.
struct JoinStatements final : StatementCache::Entry, JoinValues {
  soci::statement state, count, insert;
  explicit JoinStatements(soci::session& sql)
      : state((sql.prepare << kJoinState, soci::use(user_id), soci::use(stream_id), soci::into(status),
               soci::into(viewers), soci::into(peak), soci::into(present))),
        count((sql.prepare << kCountViewer, soci::use(stream_id), soci::into(status), soci::into(viewers),
               soci::into(peak))),
        insert((sql.prepare << kInsertSession, soci::use(id), soci::use(stream_id), soci::use(user_id),
                soci::use(watch_id), soci::use(at))) {}
};
constexpr char kJoinStatements = 0;

bool has_open_session(Conn& conn, const std::string& stream_id, const std::string& user_id) {
  long long n = 0;
  conn.sql << kOpenSession, soci::use(stream_id), soci::use(user_id), soci::into(n);
  return conn.sql.got_data();
}

}  // namespace

std::optional<Presence> join(Conn& conn, const std::string& stream_id, const std::string& user_id,
                             const std::string& watch_id, TimeMs now) {
  if (conn.dialect == Dialect::postgresql) {
    return with_cached<JoinPostgres>(conn, &kJoinPostgresTag, [&](JoinPostgres& q) -> std::optional<Presence> {
      q.set(stream_id, user_id, watch_id, now);
      bool found = q.st.execute(true);
      finish(q.st, conn.dialect);
      if (!found || q.inserted == 0) return std::nullopt;  // missing, ended, or ended meanwhile
      return q.presence();
    });
  }
  return with_cached<JoinStatements>(conn, &kJoinStatements, [&](JoinStatements& q) -> std::optional<Presence> {
    q.set(stream_id, user_id, watch_id, now);
    bool found = q.state.execute(true);
    finish(q.state, conn.dialect);
    if (!found || q.status == "ended") return std::nullopt;
    q.insert.execute(true);
    finish(q.insert, conn.dialect);
    // Only a viewer who was not present touches the stream's row, and last, so its lock is held
    // for this statement and the commit alone: joins of present viewers (another tab, a
    // reconnect) never wait for each other.
    if (q.present == 0) {
      bool counted = q.count.execute(true);
      finish(q.count, conn.dialect);
      if (!counted) return std::nullopt;  // ended meanwhile: the caller rolls the session back
    }
    return q.presence();
  });
}

std::optional<Presence> resume(Conn& conn, const std::string& stream_id, const std::string& user_id,
                               const std::string& watch_id, TimeMs since) {
  JoinValues q;  // what is read back; the inputs are bound as they are
  long long at = since;
  conn.sql << kJoinState, soci::use(user_id), soci::use(stream_id), soci::into(q.status), soci::into(q.viewers),
      soci::into(q.peak), soci::into(q.present);
  if (!conn.sql.got_data() || q.status == "ended") return std::nullopt;
  soci::statement reopen = (conn.sql.prepare << "UPDATE live_stream_participants SET left_at = NULL WHERE stream_id = :s "
                                                "AND user_id = :u AND watch_id = :w AND (left_at IS NULL OR left_at >= :t)",
                            soci::use(stream_id), soci::use(user_id), soci::use(watch_id), soci::use(at));
  reopen.execute(true);
  if (reopen.get_affected_rows() == 0) return std::nullopt;
  if (q.present == 0) {
    soci::statement count = (conn.sql.prepare << kCountViewer, soci::use(stream_id), soci::into(q.status),
                             soci::into(q.viewers), soci::into(q.peak));
    if (!count.execute(true)) return std::nullopt;  // ended meanwhile: the caller rolls back
  }
  return q.presence();
}

bool leave(Conn& conn, const std::string& stream_id, const std::string& user_id,
           const std::optional<std::string>& watch_id, TimeMs now) {
  long long at = now;
  soci::statement st(conn.sql);
  if (watch_id) {
    st = (conn.sql.prepare << "UPDATE live_stream_participants SET left_at = :t WHERE stream_id = :s "
                              "AND user_id = :u AND watch_id = :w AND left_at IS NULL",
          soci::use(at), soci::use(stream_id), soci::use(user_id), soci::use(*watch_id));
  } else {
    st = (conn.sql.prepare << "UPDATE live_stream_participants SET left_at = :t WHERE stream_id = :s "
                              "AND user_id = :u AND left_at IS NULL",
          soci::use(at), soci::use(stream_id), soci::use(user_id));
  }
  st.execute(true);
  if (st.get_affected_rows() == 0) return false;
  if (has_open_session(conn, stream_id, user_id)) return false;
  conn.sql << "UPDATE live_streams SET viewer_count = viewer_count - 1 WHERE id = :s AND viewer_count > 0",
      soci::use(stream_id);
  return true;
}

bool has_joined(Conn& conn, const std::string& stream_id, const std::string& user_id) {
  long long n = 0;
  conn.sql << "SELECT COUNT(*) FROM (SELECT 1 FROM live_stream_participants WHERE stream_id = :s AND user_id = :u "
              "LIMIT 1) AS joined",
      soci::use(stream_id), soci::use(user_id), soci::into(n);
  return n > 0;
}

std::vector<OpenSession> open_sessions(Conn& conn, const std::string& stream_id) {
  std::vector<OpenSession> sessions;
  OpenSession row;
  long long joined = 0;
  soci::statement st = (conn.sql.prepare << "SELECT user_id, watch_id, joined_at FROM live_stream_participants "
                                            "WHERE stream_id = :s AND left_at IS NULL",
                        soci::use(stream_id), soci::into(row.user_id), soci::into(row.watch_id), soci::into(joined));
  st.execute();
  while (st.fetch()) {
    row.joined_at = joined;
    sessions.push_back(row);
  }
  return sessions;
}

std::vector<std::string> open_watch_ids(Conn& conn, const std::string& stream_id, const std::string& user_id) {
  std::vector<std::string> out;
  std::string watch_id;
  soci::statement st = (conn.sql.prepare << "SELECT watch_id FROM live_stream_participants WHERE stream_id = :s "
                                            "AND user_id = :u AND left_at IS NULL",
                        soci::use(stream_id), soci::use(user_id), soci::into(watch_id));
  st.execute();
  while (st.fetch()) out.push_back(watch_id);
  return out;
}

bool is_open(Conn& conn, const std::string& stream_id, const std::string& user_id, const std::string& watch_id) {
  long long n = 0;
  conn.sql << "SELECT 1 FROM live_stream_participants WHERE stream_id = :s AND user_id = :u AND watch_id = :w "
              "AND left_at IS NULL LIMIT 1",
      soci::use(stream_id), soci::use(user_id), soci::use(watch_id), soci::into(n);
  return conn.sql.got_data();
}

std::vector<std::pair<std::string, std::string>> open_sessions_of(Conn& conn, const std::string& user_id) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string stream_id, watch_id;
  soci::statement st = (conn.sql.prepare << "SELECT stream_id, watch_id FROM live_stream_participants "
                                            "WHERE user_id = :u AND left_at IS NULL",
                        soci::use(user_id), soci::into(stream_id), soci::into(watch_id));
  st.execute();
  while (st.fetch()) out.emplace_back(stream_id, watch_id);
  return out;
}

void leave_all(Conn& conn, const std::string& stream_id, TimeMs now) {
  long long at = now;
  conn.sql << "UPDATE live_stream_participants SET left_at = :t WHERE stream_id = :s AND left_at IS NULL",
      soci::use(at), soci::use(stream_id);
  conn.sql << "UPDATE live_streams SET viewer_count = 0 WHERE id = :s", soci::use(stream_id);
}

std::int64_t present_viewers(Conn& conn, const std::string& stream_id) {
  long long n = 0;
  conn.sql << "SELECT COUNT(DISTINCT user_id) FROM live_stream_participants WHERE stream_id = :s "
              "AND left_at IS NULL",
      soci::use(stream_id), soci::into(n);
  return n;
}

}  // namespace participants

namespace stream_events {

void append(Conn& conn, const std::string& stream_id, const std::optional<std::string>& user_id,
            const std::string& kind, const std::string& detail, TimeMs at) {
  long long when = at;
  soci::indicator user_ind = user_id ? soci::i_ok : soci::i_null;
  std::string user = user_id.value_or("");
  conn.sql << "INSERT INTO stream_events (stream_id, user_id, kind, detail, created_at) "
              "VALUES (:s, :u, :k, :d, :t)",
      soci::use(stream_id), soci::use(user, user_ind), soci::use(kind), soci::use(detail),
      soci::use(when);
}

std::int64_t count(Conn& conn, const std::string& stream_id, const std::string& kind) {
  long long n = 0;
  conn.sql << "SELECT COUNT(*) FROM stream_events WHERE stream_id = :s AND kind = :k",
      soci::use(stream_id), soci::use(kind), soci::into(n);
  return n;
}

}  // namespace stream_events

}  // namespace onair::store
