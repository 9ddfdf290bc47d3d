#include "store/livekit_repository.hpp"

#include "store/conn.hpp"

namespace onair::store::livekit {
namespace {

constexpr const char* kColumns =
    "stream_id, room, publisher_event_at, egress_id, egress_status, egress_file, egress_error, keep_recording";

std::vector<Room> query_rooms(Conn& conn, const std::string& where, const std::string& param) {
  std::vector<Room> rooms;
  std::string sid, room, status;
  std::string egress_id, file, error;
  long long event_at = 0, keep = 0;
  soci::indicator egress_ind, file_ind, error_ind, keep_ind;
  soci::statement st(conn.sql);
  if (param.empty()) {
    st = (conn.sql.prepare << "SELECT " << kColumns << " FROM livekit_rooms WHERE " << where, soci::into(sid),
          soci::into(room), soci::into(event_at), soci::into(egress_id, egress_ind), soci::into(status),
          soci::into(file, file_ind), soci::into(error, error_ind), soci::into(keep, keep_ind));
  } else {
    st = (conn.sql.prepare << "SELECT " << kColumns << " FROM livekit_rooms WHERE " << where, soci::use(param),
          soci::into(sid), soci::into(room), soci::into(event_at), soci::into(egress_id, egress_ind),
          soci::into(status), soci::into(file, file_ind), soci::into(error, error_ind), soci::into(keep, keep_ind));
  }
  st.execute();
  while (st.fetch()) {
    Room r;
    r.stream_id = sid;
    r.room = room;
    r.publisher_event_at = event_at;
    r.egress_id = or_default(egress_id, egress_ind);
    r.egress_status = status;
    r.egress_file = or_default(file, file_ind);
    r.egress_error = or_default(error, error_ind);
    if (keep_ind == soci::i_ok) r.keep_recording = keep != 0;
    rooms.push_back(std::move(r));
  }
  return rooms;
}

std::optional<Room> first(std::vector<Room> rooms) {
  if (rooms.empty()) return std::nullopt;
  return std::move(rooms.front());
}

}  // namespace

void insert_room(Conn& conn, const std::string& stream_id, const std::string& room, TimeMs now) {
  long long at = now;
  conn.sql << "INSERT INTO livekit_rooms (stream_id, room, created_at, updated_at) VALUES (:s, :r, :c, :u) "
              "ON CONFLICT DO NOTHING",
      soci::use(stream_id), soci::use(room), soci::use(at), soci::use(at);
}

std::optional<Room> find_room(Conn& conn, const std::string& stream_id) {
  return first(query_rooms(conn, "stream_id = :s", stream_id));
}

std::optional<Room> find_by_egress(Conn& conn, const std::string& egress_id) {
  return first(query_rooms(conn, "egress_id = :e", egress_id));
}

std::vector<Room> with_unfinished_egress(Conn& conn) {
  return query_rooms(conn,
                     "egress_id IS NOT NULL AND egress_status NOT IN ('EGRESS_COMPLETE', 'EGRESS_FAILED', "
                     "'EGRESS_ABORTED', 'EGRESS_LIMIT_REACHED')",
                     "");
}

bool advance_publisher(Conn& conn, const std::string& stream_id, std::int64_t event_at, TimeMs now) {
  long long t = event_at, at = now;
  soci::statement st = (conn.sql.prepare << "UPDATE livekit_rooms SET publisher_event_at = :t, updated_at = :u "
                                            "WHERE stream_id = :s AND publisher_event_at <= :t2",
                        soci::use(t), soci::use(at), soci::use(stream_id), soci::use(t));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void set_egress(Conn& conn, const std::string& stream_id, const std::string& egress_id, const std::string& status,
                const std::string& file, const std::string& error, TimeMs now) {
  long long at = now;
  soci::indicator file_ind = file.empty() ? soci::i_null : soci::i_ok;
  soci::indicator error_ind = error.empty() ? soci::i_null : soci::i_ok;
  conn.sql << "UPDATE livekit_rooms SET egress_id = :e, egress_status = :st, egress_file = COALESCE(:f, egress_file), "
              "egress_error = COALESCE(:er, egress_error), updated_at = :u WHERE stream_id = :s",
      soci::use(egress_id), soci::use(status), soci::use(file, file_ind), soci::use(error, error_ind), soci::use(at),
      soci::use(stream_id);
}

void set_keep_recording(Conn& conn, const std::string& stream_id, bool keep, TimeMs now) {
  long long k = keep ? 1 : 0, at = now;
  conn.sql << "UPDATE livekit_rooms SET keep_recording = :k, updated_at = :u WHERE stream_id = :s", soci::use(k),
      soci::use(at), soci::use(stream_id);
}

bool record_webhook(Conn& conn, const std::string& id, const std::string& event, const std::string& room,
                    std::int64_t created_at, TimeMs now) {
  long long c = created_at, at = now;
  soci::statement st = (conn.sql.prepare << "INSERT INTO livekit_webhook_events (id, event, room, created_at, "
                                            "received_at) VALUES (:i, :e, :r, :c, :t) ON CONFLICT DO NOTHING",
                        soci::use(id), soci::use(event), soci::use(room), soci::use(c), soci::use(at));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

void forget_webhook(Conn& conn, const std::string& id) {
  conn.sql << "DELETE FROM livekit_webhook_events WHERE id = :i", soci::use(id);
}

void prune_webhooks(Conn& conn, TimeMs before) {
  long long t = before;
  conn.sql << "DELETE FROM livekit_webhook_events WHERE received_at < :t", soci::use(t);
}

}  // namespace onair::store::livekit
