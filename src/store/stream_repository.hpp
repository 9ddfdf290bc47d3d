#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cursor.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace onair::store {

/// Live streams, who watches them, and their event log.
namespace streams {

/// Inserts a new stream (status `created`); already_live when the author has an open stream.
Status insert(Conn& conn, const LiveStream& stream);
std::optional<LiveStream> find(Conn& conn, const std::string& id);
/// The author's stream that has not ended, if any.
std::optional<LiveStream> find_open_by_author(Conn& conn, const std::string& author_id);

/// Position in a newest-first listing.
using Cursor = PageCursor;
struct ListQuery {
  std::vector<StreamStatus> statuses;
  std::optional<std::string> followed_by;  // only authors this user follows
  std::optional<Gating> gating;            // only streams gated so
  std::optional<Cursor> after;
  int limit = 20;
};
/// Newest first; returns up to limit + 1 rows so the caller can tell whether more follow.
std::vector<LiveStream> list(Conn& conn, const ListQuery& query);
void set_media_state(Conn& conn, const std::string& id, bool camera_on, bool microphone_on, TimeMs now);
/// The newest live thumbnail was posted at `at`.
void set_thumbnail(Conn& conn, const std::string& id, TimeMs at);

/// Changes to apply when moving a stream to `to`, if it is in one of `from`.
struct Transition {
  StreamStatus to = StreamStatus::created;
  std::vector<StreamStatus> from;
  std::optional<TimeMs> started_at;  // set only when not set yet
  std::optional<TimeMs> ended_at;
  std::optional<std::string> end_reason;
  std::optional<RecordingState> recording;
  std::optional<std::string> owner;     // the stream's owner from now on
  std::optional<std::string> owned_by;  // only if this instance owns the stream (or nobody does)
};
/// Applies `t` atomically; false when the stream was not in an allowed state.
bool transition(Conn& conn, const std::string& id, const Transition& t, TimeMs now);

void set_recording(Conn& conn, const std::string& id, RecordingState recording, TimeMs now);
/// The reel made from a stream was deleted: the stream has no reel and no recording any more.
void forget_reel(Conn& conn, const std::string& reel_id, TimeMs now);
void set_reel(Conn& conn, const std::string& id, const std::string& reel_id, TimeMs now);
std::vector<std::pair<StreamStatus, std::int64_t>> count_by_status(Conn& conn);
/// Ended streams still "recording", or "saved" without a reel, that `instance` looks after (see
/// unattended).
std::vector<LiveStream> with_unfinished_recordings(Conn& conn, const std::string& instance, TimeMs alive_since);

/// Live and interrupted streams that `instance` must look after: its own, those of no instance,
/// and those whose owner's heartbeat is older than `alive_since` (or who has no heartbeat row).
std::vector<LiveStream> unattended(Conn& conn, const std::string& instance, TimeMs alive_since);
/// Makes `instance` the stream's owner if its owner is still `from` (empty: none); false when
/// another instance took it first.
bool take_over(Conn& conn, const std::string& stream_id, const std::string& from, const std::string& instance);
/// Makes `instance` the owner of a stream that has not ended (its publisher connected there).
void claim(Conn& conn, const std::string& stream_id, const std::string& instance);

}  // namespace streams

namespace participants {

/// A stream's status and viewer counts after a join.
struct Presence {
  StreamStatus status = StreamStatus::created;
  std::int64_t viewer_count = 0;
  std::int64_t peak_viewers = 0;
  bool counted = false;  // the user became a present viewer (the counts changed)
};
/// Records a new watching session and counts the user as a present viewer if they were not.
/// Nothing when the stream is missing or has ended: the caller then fails its write, so nothing
/// stays written. One statement on PostgreSQL (run it with Database::write_statement). The author never joins as a viewer: the caller keeps the author out. The
/// participants table is the join log.
std::optional<Presence> join(Conn& conn, const std::string& stream_id, const std::string& user_id,
          const std::string& watch_id, TimeMs now);
/// Continues the user's watching session `watch_id` (a player reconnecting): still open, or ended
/// at or after `since`, it is open again and the user counts as present. Nothing when there is no
/// such session or the stream has ended (the caller starts a new session, or fails its write).
std::optional<Presence> resume(Conn& conn, const std::string& stream_id, const std::string& user_id,
                               const std::string& watch_id, TimeMs since);
/// Ends the user's open watching sessions (all, or the one with `watch_id`); returns true when the
/// user stopped being a present viewer.
bool leave(Conn& conn, const std::string& stream_id, const std::string& user_id,
           const std::optional<std::string>& watch_id, TimeMs now);
/// Ends every open watching session of the stream and zeroes its viewer count.
void leave_all(Conn& conn, const std::string& stream_id, TimeMs now);
std::int64_t present_viewers(Conn& conn, const std::string& stream_id);

struct OpenSession {
  std::string user_id;
  std::string watch_id;
  TimeMs joined_at = 0;
};
/// Whether the user ever joined the stream (passed its gate).
bool has_joined(Conn& conn, const std::string& stream_id, const std::string& user_id);
/// The stream's watching sessions that have not ended.
std::vector<OpenSession> open_sessions(Conn& conn, const std::string& stream_id);
/// The user's open watching sessions of the stream (their watch ids).
std::vector<std::string> open_watch_ids(Conn& conn, const std::string& stream_id, const std::string& user_id);
/// Whether this watching session is open (joined, not left).
bool is_open(Conn& conn, const std::string& stream_id, const std::string& user_id, const std::string& watch_id);
/// The user's open watching sessions on any stream: (stream id, watch id).
std::vector<std::pair<std::string, std::string>> open_sessions_of(Conn& conn, const std::string& user_id);

}  // namespace participants

namespace stream_events {

void append(Conn& conn, const std::string& stream_id, const std::optional<std::string>& user_id,
            const std::string& kind, const std::string& detail, TimeMs at);
std::int64_t count(Conn& conn, const std::string& stream_id, const std::string& kind);

}  // namespace stream_events

}  // namespace onair::store
