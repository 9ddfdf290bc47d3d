#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "streams/media_backend.hpp"

namespace onair::store {
class Database;
namespace streams {
struct ListQuery;
}
}

namespace onair::events {
class EventBus;
}

namespace onair::streams {

struct CreateStreamInput {
  std::string title;
  std::string description;
  Sensitivity sensitivity = Sensitivity::none;
  Gating gating = Gating::everyone;
  std::int64_t price_credits = 0;
};

struct PublishGrant {
  LiveStream stream;
  MediaCredentials publish;
};

struct WatchGrant {
  LiveStream stream;
  MediaCredentials watch;
  std::string watch_id;
  bool can_moderate = false;  // the creator, a moderator of the channel or an admin
};

/// Whose streams a list shows: everyone's, those of authors the viewer follows, or everyone's
/// public ones (what a visitor without an account may watch).
enum class ListScope { all, following, public_only };

/// An open watching session (one per viewer tab).
struct WatchSession {
  std::string user_id;
  std::string watch_id;
  TimeMs joined_at = 0;
};

struct StreamPage {
  std::vector<LiveStream> items;
  std::optional<std::string> next_cursor;
};

/// Told when a stream's recording has been saved; makes it a reel and returns its id.
class RecordingSink {
 public:
  virtual ~RecordingSink() = default;
  virtual std::optional<std::string> on_recording_saved(const LiveStream& stream) = 0;
};

/// The live-stream operations (createLiveStream, joinLiveStream, leave, endLiveStream,
/// getLiveStream, listActiveLiveStreams) and the status changes the media plane reports. Every
/// change of a stream's status, counts or recording is published on `bus` (StreamChanged).
/// Blocking: call from the worker pool.
class StreamService final : public MediaListener {
 public:
  /// `instance`: this instance's id when streams are owned by the instance holding their publisher
  /// (the built-in relay); empty when any instance may act on any stream (LiveKit).
  StreamService(store::Database& db, MediaBackend& media, const Clock& clock, events::EventBus& bus,
                std::string instance = "");

  /// An instance whose heartbeat is older than this is dead; others take over its streams.
  void set_instance_timeout(std::chrono::milliseconds timeout) { instance_timeout_ = timeout; }
  const std::string& instance() const { return instance_; }
  /// Instances whose heartbeat is older than this are dead.
  TimeMs alive_since() const;

  void set_recording_sink(RecordingSink* sink) { sink_ = sink; }

  Result<PublishGrant> create(const User& author, const CreateStreamInput& input);
  /// With `resume`, a player reconnecting continues that watching session (its own, open or ended
  /// within kResumeWindow) instead of starting a new one; otherwise, or when it cannot, a new one.
  /// `address`: the client's, for the ban evasion check of visitors.
  Result<WatchGrant> join(const User& viewer, const std::string& stream_id, bool acknowledge_sensitive,
                          const std::optional<std::string>& resume = std::nullopt, const std::string& address = {});
  static constexpr std::chrono::minutes kResumeWindow{5};
  /// Ends the viewer's watching sessions (all of them, or one) and closes their media
  /// connections. Idempotent.
  Status leave(const User& viewer, const std::string& stream_id,
               const std::optional<std::string>& watch_id = std::nullopt);
  /// Ends every watching session the user has open (they signed out).
  void leave_everywhere(const User& viewer);
  /// Whether a watch token's session may (still) open a media connection: the stream's author, or
  /// a session that joined and has not left.
  bool may_watch(const LiveStream& stream, const std::string& user_id, const std::string& watch_id);
  /// Owner or admin only.
  Result<LiveStream> end(const User& actor, const std::string& stream_id, bool save_recording);
  Result<LiveStream> get(const std::string& stream_id);
  /// The author's stream that has not ended, if any.
  std::optional<LiveStream> open_by_author(const std::string& author_id);
  /// Live and interrupted streams, newest first; `cursor` is a previous page's next_cursor.
  Result<StreamPage> list_active(const User& viewer, ListScope scope,
                                 const std::optional<std::string>& cursor, int limit);
  /// Streams in any of `statuses`, newest first (operators' view).
  Result<StreamPage> list_by_status(const std::vector<StreamStatus>& statuses,
                                    const std::optional<std::string>& cursor, int limit);
  /// How many streams are in each status.
  std::vector<std::pair<StreamStatus, std::int64_t>> count_by_status();
  /// Whether `user` may take part in the stream (chat, reactions): its owner, an admin, a viewer
  /// who joined it, or anyone the join gate would let in now (without acknowledging sensitive
  /// content). The gate's error otherwise; not_found for an unknown stream.
  Result<LiveStream> may_take_part(const User& user, const std::string& stream_id);
  /// The creator's camera or microphone went off or on (viewers see it): owner only.
  Result<LiveStream> set_media_state(const User& actor, const std::string& stream_id, std::optional<bool> camera_on,
                                     std::optional<bool> microphone_on);
  /// A new live thumbnail is stored for the stream (the caller wrote its file): owner only, and
  /// not once the stream has ended. Returns the stream with the new thumbnail's version.
  Result<LiveStream> thumbnail_posted(const User& actor, const std::string& stream_id);
  /// Checks that `actor` may post a thumbnail of the stream now (owner, not ended).
  Result<LiveStream> may_post_thumbnail(const User& actor, const std::string& stream_id);
  /// Records what a client reported (playback or publish errors, reconnects) in the stream log:
  /// not_found for an unknown stream, forbidden unless `user` is its creator, an admin or joined it.
  Status record_client_event(const User& user, const std::string& stream_id, const std::string& kind,
                           const std::string& message);

  /// Media plane reports: first media arrived / publisher lost / resumed / gave up. With
  /// `only_if_owned` nothing changes (conflict) when another instance owns the stream: its
  /// publisher moved there.
  Result<LiveStream> mark_live(const std::string& stream_id);
  Result<LiveStream> mark_interrupted(const std::string& stream_id, bool only_if_owned = false);
  Result<LiveStream> end_by_system(const std::string& stream_id, const std::string& reason,
                                   bool only_if_owned = false);

  // MediaListener: on the built-in relay (with an instance), publisher_live claims the stream and
  // publisher_lost/gone change nothing once another instance holds the publisher.
  Result<LiveStream> publisher_live(const std::string& stream_id) override;
  Result<LiveStream> publisher_lost(const std::string& stream_id) override;
  Result<LiveStream> publisher_gone(const std::string& stream_id, const std::string& reason) override;
  void viewer_left(const std::string& stream_id, const std::string& user_id, const std::string& watch_id) override;
  Result<LiveStream> recording_finished(const std::string& stream_id, RecordingOutcome outcome) override;
  /// The media plane finished a recording it reported `pending` (or lost one mid-stream): stores
  /// the outcome, makes the reel when saved, tells listeners. Idempotent.
  Result<LiveStream> finish_recording(const std::string& stream_id, RecordingOutcome outcome);
  /// Open watching sessions of a stream (reconciled against the media plane's participants).
  std::vector<WatchSession> watch_sessions(const std::string& stream_id);
  /// Live or interrupted streams this instance looks after (all of them without an instance).
  std::vector<LiveStream> unattended();
  /// Takes over the live and interrupted streams nobody attends to: at start-up this instance's
  /// own (no socket survived the restart), and always those of no instance or of an instance whose
  /// heartbeat stopped. Their watching sessions end (the viewers' sockets are gone), a live one
  /// becomes interrupted, and they are returned: the media plane gives each its grace period.
  /// Streams whose publisher is connected here (`held`) are only claimed.
  std::vector<LiveStream> adopt_unattended(bool at_start_up, const std::function<bool(const std::string&)>& held);
  /// Finishes recordings of ended streams that a crash interrupted (finalise, reel): this
  /// instance's and dead instances' (`include_own`: at start-up, when none is being finalised here).
  void recover_recordings(bool include_own = true);

 private:
  Result<StreamPage> page(store::streams::ListQuery query, const std::optional<std::string>& cursor);
  Result<LiveStream> move(const std::string& stream_id, StreamStatus to,
                          const std::optional<std::string>& end_reason, const std::string& event,
                          bool only_if_owned = false);
  /// The stream's publisher connected to this instance: it owns the stream from now on.
  void claim(const std::string& stream_id);
  /// Makes this instance the owner of `stream` if its owner is still the one it names; false when
  /// another instance took it first.
  bool take_over(LiveStream& stream);
  /// Ends the stream's open watching sessions (their sockets are gone); true when there were some.
  bool end_watch_sessions(const std::string& stream_id, const std::string& why);
  /// Tells everyone of the change; `listed`: a change live lists show (events::StreamChanged).
  void notify(const LiveStream& stream, bool listed = false);
  /// Whether `viewer` moderates the stream's creator's channel; banned while they are banned from
  /// it (never its creator), or, for a visitor, while a ban covers `address`. One query at most.
  Result<bool> moderator_unless_banned(const LiveStream& stream, const User& viewer, const std::string& address);
  /// Stores what became of the recording when the room closed.
  void record_outcome(LiveStream& stream, RecordingOutcome outcome);
  /// Counts one more failed attempt to make the stream's reel; returns how many there were.
  std::int64_t reel_attempts(const std::string& stream_id);
  static constexpr std::int64_t kReelAttempts = 3;

  store::Database& db_;
  MediaBackend& media_;
  const Clock& clock_;
  /// Recently joined streams (for the gate of public ones), kept fresh by the bus and for at most
  /// kRecentMs. Bounded: when full it starts over.
  std::optional<LiveStream> recent(const std::string& stream_id) const;
  void remember(const LiveStream& stream);
  void refresh(const LiveStream& stream);
  static constexpr TimeMs kRecentMs = 2000;
  static constexpr std::size_t kRecentStreams = 10'000;

  events::EventBus& bus_;
  mutable std::mutex recent_mutex_;  // guards recent_
  std::unordered_map<std::string, std::pair<LiveStream, TimeMs>> recent_;  // id → (stream, valid until)
  std::string instance_;
  std::chrono::milliseconds instance_timeout_{20'000};
  RecordingSink* sink_ = nullptr;
};

}  // namespace onair::streams
