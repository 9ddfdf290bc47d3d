#include "livekit/room_events.hpp"

#include <filesystem>
#include <set>

#include <boost/json/parse.hpp>
#include <spdlog/spdlog.h>

#include "livekit/livekit_backend.hpp"
#include "store/livekit_repository.hpp"
#include "streams/stream_service.hpp"

namespace onair::livekit {
namespace {

/// How far along an egress is; a late event never moves it back.
int egress_rank(const std::string& status) {
  if (status == "EGRESS_STARTING") return 1;
  if (status == "EGRESS_ACTIVE") return 2;
  if (status == "EGRESS_ENDING") return 3;
  if (status == "EGRESS_COMPLETE" || status == "EGRESS_FAILED" || status == "EGRESS_ABORTED" ||
      status == "EGRESS_LIMIT_REACHED") {
    return 4;
  }
  return 0;
}

/// Viewers who joined through the API this recently may not have reached LiveKit yet.
constexpr TimeMs kViewerConnectMs = 30'000;
/// Webhook ids are kept long enough to outlast LiveKit's retries.
constexpr TimeMs kWebhookMemoryMs = 24LL * 3600 * 1000;

bool is_onair_room(const RoomInfo& room) {
  boost::system::error_code ec;
  auto meta = boost::json::parse(room.metadata, ec);
  return !ec && meta.is_object() && meta.as_object().contains("onair");
}

}  // namespace

RoomEvents::RoomEvents(streams::StreamService& streams, LiveKitBackend& backend, store::Database& db,
                       Scheduler& scheduler, const Clock& clock, std::chrono::seconds grace)
    : streams_(streams), backend_(backend), db_(db), scheduler_(scheduler), clock_(clock), grace_(grace) {}

Status RoomEvents::handle(const WebhookEvent& event) {
  std::string stream_id = event.room_name();
  if (stream_id.empty() && event.egress) {
    auto row = db_.read([&](store::Conn& conn) -> Result<std::optional<store::livekit::Room>> {
                    return store::livekit::find_by_egress(conn, event.egress->egress_id);
                  }).value();
    if (row) stream_id = row->stream_id;
  }
  if (!event.id.empty()) {
    auto fresh = db_.write([&](store::Conn& conn) -> Result<bool> {
      return store::livekit::record_webhook(conn, event.id, event.event, stream_id, event.created_at,
                                            clock_.now_ms());
    });
    if (!fresh) return std::move(fresh).error();
    if (!*fresh) {
      spdlog::debug("livekit: webhook {} ({}) already handled", event.id, event.event);
      return ok_status();
    }
  }
  try {
    if (!stream_id.empty()) apply(event, stream_id);
  } catch (...) {
    // Not applied: forget the id so LiveKit's retry applies it.
    if (!event.id.empty()) {
      (void)db_.write([&](store::Conn& conn) -> Status {
        store::livekit::forget_webhook(conn, event.id);
        return ok_status();
      });
    }
    throw;
  }
  return ok_status();
}

void RoomEvents::apply(const WebhookEvent& e, const std::string& stream_id) {
  std::optional<Identity> who;
  if (e.participant) who = parse_identity(e.participant->identity);
  if (e.event == "track_published" && who && who->publisher) {
    publisher_present(stream_id, e.created_at);
  } else if (e.event == "participant_joined" && who && who->publisher) {
    // Joining alone shows nothing yet; a participant that arrives with tracks (a resumed
    // connection) is publishing.
    if (!e.participant->tracks.empty()) publisher_present(stream_id, e.created_at);
  } else if (e.event == "participant_left" && who && who->publisher) {
    publisher_gone(stream_id, e.created_at);
  } else if (e.event == "track_unpublished" && who && who->publisher) {
    std::size_t remaining = 0;
    for (const auto& t : e.participant->tracks) {
      if (!e.track || t.sid != e.track->sid) ++remaining;
    }
    if (remaining == 0) publisher_gone(stream_id, e.created_at);
  } else if (e.event == "participant_left" && who && !who->publisher) {
    streams_.viewer_left(stream_id, who->user_id, who->watch_id);
  } else if (e.event == "room_finished") {
    auto stream = streams_.get(stream_id);
    if (stream && stream->status != StreamStatus::ended) {
      auto ended = streams_.publisher_gone(stream_id, "room_finished");
      if (!ended) spdlog::info("livekit: stream {}: {}", stream_id, ended.error().message);
    }
  } else if (e.egress && (e.event == "egress_started" || e.event == "egress_updated" || e.event == "egress_ended")) {
    egress_changed(stream_id, *e.egress);
  }
}

bool RoomEvents::newest_publisher_event(const std::string& stream_id, std::int64_t event_at) {
  auto newest = db_.write([&](store::Conn& conn) -> Result<bool> {
    return store::livekit::advance_publisher(conn, stream_id, event_at, clock_.now_ms());
  });
  return newest && *newest;
}

void RoomEvents::publisher_present(const std::string& stream_id, std::int64_t event_at) {
  if (!newest_publisher_event(stream_id, event_at)) return;
  {
    std::lock_guard lock(mutex_);
    interrupted_since_.erase(stream_id);
  }
  auto before = streams_.get(stream_id);
  if (!before || before->status == StreamStatus::ended || before->status == StreamStatus::live) return;
  auto live = streams_.publisher_live(stream_id);
  if (!live) {
    spdlog::info("livekit: stream {}: {}", stream_id, live.error().message);
    return;
  }
  if (!before->started_at && backend_.records()) {
    if (auto started = backend_.start_recording(*live); !started) {
      spdlog::error("livekit: stream {}: recording did not start: {}", stream_id, started.error().message);
      (void)streams_.recording_finished(stream_id, streams::RecordingOutcome::failed);
    }
  }
}

void RoomEvents::publisher_gone(const std::string& stream_id, std::int64_t event_at) {
  if (!newest_publisher_event(stream_id, event_at)) return;
  auto interrupted = streams_.publisher_lost(stream_id);
  if (!interrupted) {
    spdlog::info("livekit: stream {}: {}", stream_id, interrupted.error().message);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    interrupted_since_.emplace(stream_id, clock_.now_ms());
  }
  scheduler_.after(std::chrono::duration_cast<std::chrono::milliseconds>(grace_) + std::chrono::milliseconds(50),
                   [this, stream_id] { scheduler_.run_blocking([this, stream_id] { check_grace(stream_id); }); });
}

void RoomEvents::check_grace(const std::string& stream_id) {
  {
    std::lock_guard lock(mutex_);
    auto it = interrupted_since_.find(stream_id);
    if (it == interrupted_since_.end()) return;  // the publisher came back
    if (clock_.now_ms() - it->second < std::chrono::duration_cast<std::chrono::milliseconds>(grace_).count()) return;
    interrupted_since_.erase(it);
  }
  auto stream = streams_.get(stream_id);
  if (!stream || stream->status != StreamStatus::interrupted) return;
  auto ended = streams_.publisher_gone(stream_id, "broadcaster_lost");
  if (!ended) spdlog::info("livekit: stream {}: {}", stream_id, ended.error().message);
}

void RoomEvents::egress_changed(const std::string& stream_id, const EgressInfo& egress) {
  struct Change {
    bool applied = false;
    std::optional<bool> keep;
  };
  auto change = db_.write([&](store::Conn& conn) -> Result<Change> {
                     auto row = store::livekit::find_room(conn, stream_id);
                     if (!row) return Change{};
                     if (!row->egress_id.empty() && row->egress_id != egress.egress_id) return Change{};
                     if (egress_rank(egress.status) <= egress_rank(row->egress_status) && !row->egress_id.empty()) {
                       return Change{};
                     }
                     store::livekit::set_egress(conn, stream_id, egress.egress_id, egress.status, egress.filename,
                                                egress.error, clock_.now_ms());
                     return Change{true, row->keep_recording};
                   }).value();
  if (!change.applied || !egress.finished()) return;
  if (!egress.succeeded()) spdlog::warn("livekit: stream {}: egress {} {}: {}", stream_id, egress.egress_id,
                                        egress.status, egress.error);
  auto stream = streams_.get(stream_id);
  if (!stream) return;
  if (change.keep && !*change.keep) {
    std::error_code ec;
    if (auto file = backend_.recording_file(stream_id)) std::filesystem::remove(*file, ec);
    return;
  }
  if (stream->status != StreamStatus::ended) {
    // Recording stopped while the stream goes on: only a failure is news now; a finished file
    // is kept until the stream ends.
    if (!egress.succeeded()) (void)streams_.recording_finished(stream_id, streams::RecordingOutcome::failed);
    return;
  }
  if (change.keep && *change.keep) {
    (void)streams_.recording_finished(stream_id, backend_.outcome_of(stream_id, egress.status));
  }
}

void RoomEvents::reconcile_stream(const std::string& stream_id) {
  auto participants = backend_.client().list_participants(stream_id);
  if (!participants) return;  // LiveKit unreachable: try next time
  bool publishing = false;
  std::set<std::string> watching;
  for (const auto& p : *participants) {
    auto who = parse_identity(p.identity);
    if (!who) continue;
    if (who->publisher && !p.tracks.empty() && p.state != "DISCONNECTED") publishing = true;
    if (!who->publisher) watching.insert(who->watch_id);
  }
  auto stream = streams_.get(stream_id);
  if (!stream || stream->status == StreamStatus::ended) return;
  auto now = clock_.now_ms();
  if (publishing && stream->status == StreamStatus::interrupted) {
    publisher_present(stream_id, now / 1000);
  } else if (!publishing && stream->status == StreamStatus::live) {
    publisher_gone(stream_id, now / 1000);
  } else if (!publishing && stream->status == StreamStatus::interrupted) {
    bool tracked = false;
    {
      std::lock_guard lock(mutex_);
      tracked = interrupted_since_.emplace(stream_id, now).second == false;
    }
    if (tracked) check_grace(stream_id);  // after a restart the clock starts now
  }
  for (const auto& session : streams_.watch_sessions(stream_id)) {
    if (watching.contains(session.watch_id) || now - session.joined_at < kViewerConnectMs) continue;
    streams_.viewer_left(stream_id, session.user_id, session.watch_id);
  }
}

void RoomEvents::reconcile() {
  std::set<std::string> open;
  for (const auto& stream : streams_.unattended()) {
    open.insert(stream.id);
    reconcile_stream(stream.id);
  }
  if (auto rooms = backend_.client().list_rooms()) {
    for (const auto& room : *rooms) {
      if (open.contains(room.name)) continue;
      // Rooms of ended streams (a late client join can recreate one, without metadata), and
      // rooms onair made whose stream row is gone. Other rooms on the cluster are not ours.
      auto stream = streams_.get(room.name);
      if (stream && stream->status != StreamStatus::ended) continue;  // created, waiting for its publisher
      if (!stream && !is_onair_room(room)) continue;
      spdlog::info("livekit: deleting room {}: its stream is {}", room.name, stream ? "ended" : "gone");
      (void)backend_.client().delete_room(room.name);
    }
  }
  auto unfinished = db_.read([&](store::Conn& conn) -> Result<std::vector<store::livekit::Room>> {
                         return store::livekit::with_unfinished_egress(conn);
                       }).value();
  for (const auto& row : unfinished) {
    auto egresses = backend_.client().list_egress(row.room, false);
    if (!egresses) break;
    for (const auto& egress : *egresses) {
      if (egress.egress_id == row.egress_id && egress.finished()) egress_changed(row.stream_id, egress);
    }
  }
  streams_.recover_recordings();
  (void)db_.write([&](store::Conn& conn) -> Status {
    store::livekit::prune_webhooks(conn, clock_.now_ms() - kWebhookMemoryMs);
    return ok_status();
  });
}

}  // namespace onair::livekit
