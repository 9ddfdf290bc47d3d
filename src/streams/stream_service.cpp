#include "streams/stream_service.hpp"

#include <spdlog/spdlog.h>

#include "core/crypto.hpp"
#include "core/cursor.hpp"
#include "events/event_bus.hpp"
#include "moderation/moderation_service.hpp"
#include "store/moderation_repository.hpp"
#include "store/notification_repository.hpp"
#include "store/stream_repository.hpp"
#include "store/user_repository.hpp"
#include "store/wallet_repository.hpp"
#include "streams/gate.hpp"
#include "streams/status_machine.hpp"

namespace onair::streams {
namespace {

Error not_found() { return Error::not_found("Live stream"); }

}  // namespace

StreamService::StreamService(store::Database& db, MediaBackend& media, const Clock& clock, events::EventBus& bus,
                             std::string instance)
    : db_(db), media_(media), clock_(clock), bus_(bus), instance_(std::move(instance)) {
  // Changes from any instance keep the recent streams fresh.
  bus_.subscribe([this](const events::LiveEvent& event) {
    if (const auto* changed = std::get_if<events::StreamChanged>(&event)) refresh(changed->stream);
  });
}

std::optional<LiveStream> StreamService::recent(const std::string& stream_id) const {
  std::lock_guard lock(recent_mutex_);
  auto it = recent_.find(stream_id);
  if (it == recent_.end() || it->second.second < clock_.now_ms()) return std::nullopt;
  return it->second.first;
}

void StreamService::remember(const LiveStream& stream) {
  std::lock_guard lock(recent_mutex_);
  if (recent_.size() >= kRecentStreams) recent_.clear();
  recent_[stream.id] = {stream, clock_.now_ms() + kRecentMs};
}

void StreamService::refresh(const LiveStream& stream) {
  std::lock_guard lock(recent_mutex_);
  auto it = recent_.find(stream.id);
  if (it == recent_.end()) return;
  if (stream.status == StreamStatus::ended) {
    recent_.erase(it);
  } else {
    it->second.first = stream;
  }
}

void StreamService::notify(const LiveStream& stream, bool listed) {
  bus_.publish(events::StreamChanged{stream, listed});
}

Result<PublishGrant> StreamService::create(const User& author, const CreateStreamInput& input) {
  LiveStream stream;
  stream.id = crypto::random_id();
  stream.author = author;
  stream.title = input.title;
  stream.description = input.description;
  stream.sensitivity = input.sensitivity;
  stream.gating = input.gating;
  stream.price_credits = input.gating == Gating::paid ? input.price_credits : 0;
  stream.created_at = clock_.now_ms();
  stream.owner_instance = instance_;  // the instance whose publish URL the author is given

  auto open = db_.read([&](store::Conn& conn) -> Status {
    if (store::streams::find_open_by_author(conn, author.id)) {
      return Error{ErrorCode::already_live, "You already have a live stream open; end it first", {}};
    }
    return ok_status();
  });
  if (!open) return std::move(open).error();
  if (auto room = media_.open_room(stream); !room) return std::move(room).error();
  auto inserted = db_.write([&](store::Conn& conn) -> Status {
    auto s = store::streams::insert(conn, stream);
    if (s) store::stream_events::append(conn, stream.id, author.id, "created", "", stream.created_at);
    return s;
  });
  if (!inserted) {
    (void)media_.close_room(stream, false);
    return std::move(inserted).error();
  }
  auto publish = media_.publish_credentials(stream);
  if (!publish) return std::move(publish).error();
  return PublishGrant{stream, std::move(*publish)};
}

Result<WatchGrant> StreamService::join(const User& viewer, const std::string& stream_id,
                                       bool acknowledge_sensitive, const std::optional<std::string>& resume,
                                       const std::string& address) {
  struct Found {
    LiveStream stream;
    ViewerFacts facts;
  };
  // What the gate knows without asking the database.
  auto facts_of = [&](const LiveStream& stream) {
    ViewerFacts facts;
    facts.is_owner = stream.author.id == viewer.id;
    facts.is_admin = viewer.is_admin;
    facts.acknowledged_sensitive = acknowledge_sensitive;
    return facts;
  };
  // A public stream's gate needs nothing but the stream, and what it reads (author, gating, price,
  // sensitivity) never changes: a recent copy will do. The join itself checks the status again.
  std::optional<Found> cached;
  if (auto stream = recent(stream_id); stream && (stream->gating == Gating::everyone || stream->author.id == viewer.id)) {
    auto facts = facts_of(*stream);
    cached = Found{std::move(*stream), facts};
  }
  auto found = cached ? Result<Found>(std::move(*cached)) : db_.read([&](store::Conn& conn) -> Result<Found> {
    auto stream = store::streams::find(conn, stream_id);
    if (!stream) return not_found();
    ViewerFacts facts = facts_of(*stream);
    if (!facts.is_owner) {
      if (stream->gating == Gating::followers) {
        facts.follows_author = store::follows::is_following(conn, viewer.id, stream->author.id);
      }
      if (stream->gating == Gating::paid) {
        facts.has_purchased =
            store::purchases::find_for_item(conn, viewer.id, ItemType::live_stream, stream_id).has_value();
      }
    }
    return Found{std::move(*stream), facts};
  });
  if (!found) return std::move(found).error();
  if (!cached) remember(found->stream);
  if (auto gate = decide_gate(found->stream, found->facts); !gate) return std::move(gate).error();
  auto moderates = moderator_unless_banned(found->stream, viewer, address);
  if (!moderates) return std::move(moderates).error();

  std::string watch_id = crypto::random_id();
  LiveStream stream = found->stream;
  if (!found->facts.is_owner) {
    std::optional<store::participants::Presence> resumed;
    if (resume) {
      auto since = clock_.now_ms() - std::chrono::duration_cast<std::chrono::milliseconds>(kResumeWindow).count();
      auto continued = db_.write([&](store::Conn& conn) -> Result<store::participants::Presence> {
        auto presence = store::participants::resume(conn, stream_id, viewer.id, *resume, since);
        if (!presence) return Error{ErrorCode::not_found, "No such watching session", {}};
        return *presence;
      });
      if (continued) {  // otherwise (not the viewer's, unknown, too old) a new session
        resumed = *continued;
        watch_id = *resume;
      }
    }
    auto joined = resumed ? Result<store::participants::Presence>(*resumed)
                          : db_.write_statement([&](store::Conn& conn) -> Result<store::participants::Presence> {
                              auto presence = store::participants::join(conn, stream_id, viewer.id, watch_id,
                                                                        clock_.now_ms());
                              if (!presence) return Error{ErrorCode::stream_ended, "This live stream has ended", {}};
                              return *presence;
                            });
    if (!joined) return std::move(joined).error();
    if (joined->status != stream.status) {
      // It went live or was interrupted meanwhile: its times and recording changed too.
      auto fresh = get(stream_id);
      if (!fresh) return std::move(fresh).error();
      stream = std::move(*fresh);
    }
    bool changed = joined->counted || stream.viewer_count != joined->viewer_count;
    stream.viewer_count = joined->viewer_count;
    stream.peak_viewers = joined->peak_viewers;
    if (changed) notify(stream);
  }
  auto watch = media_.watch_credentials(stream, viewer, watch_id);
  if (!watch) return std::move(watch).error();
  return WatchGrant{std::move(stream), std::move(*watch), watch_id, *moderates};
}

Result<LiveStream> StreamService::may_take_part(const User& user, const std::string& stream_id) {
  return db_.read([&](store::Conn& conn) -> Result<LiveStream> {
    auto stream = store::streams::find(conn, stream_id);
    if (!stream) return not_found();
    if (stream->author.id == user.id) return std::move(*stream);
    if (auto ban = store::moderation::active_ban(conn, stream->author.id, user.id, clock_.now_ms())) {
      return moderation::banned_error(ban->until);
    }
    if (user.is_admin) return std::move(*stream);
    if (store::participants::has_joined(conn, stream_id, user.id)) return std::move(*stream);
    ViewerFacts facts;
    if (stream->gating == Gating::followers) {
      facts.follows_author = store::follows::is_following(conn, user.id, stream->author.id);
    }
    if (stream->gating == Gating::paid) {
      facts.has_purchased =
          store::purchases::find_for_item(conn, user.id, ItemType::live_stream, stream_id).has_value();
    }
    if (auto gate = decide_gate(*stream, facts); !gate) return std::move(gate).error();
    return std::move(*stream);
  });
}

std::optional<LiveStream> StreamService::open_by_author(const std::string& author_id) {
  auto found = db_.read([&](store::Conn& conn) -> Result<std::optional<LiveStream>> {
    return store::streams::find_open_by_author(conn, author_id);
  });
  return found ? *found : std::nullopt;
}

Result<bool> StreamService::moderator_unless_banned(const LiveStream& stream, const User& viewer,
                                                    const std::string& address) {
  if (stream.author.id == viewer.id) return true;
  bool visitor = viewer.id.starts_with("guest:");
  if (visitor && !moderation::evasion_checked(address)) return false;
  auto standing = db_.read([&](store::Conn& conn) -> Result<store::ChannelStanding> {
    return store::moderation::standing(conn, stream.author.id, viewer.id, visitor ? address : std::string(),
                                       clock_.now_ms());
  });
  if (!standing) return std::move(standing).error();
  if (standing->banned) return moderation::banned_error(standing->banned_until);
  if (visitor) {
    if (standing->address_banned_until) return moderation::banned_error(standing->address_banned_until);
    return false;
  }
  return standing->moderator || viewer.is_admin;
}

Status StreamService::leave(const User& viewer, const std::string& stream_id,
                            const std::optional<std::string>& watch_id) {
  struct Left {
    LiveStream stream;
    std::vector<std::string> watch_ids;  // the sessions this ended
    bool count_changed = false;
  };
  auto left = db_.write([&](store::Conn& conn) -> Result<Left> {
    auto stream = store::streams::find(conn, stream_id);
    if (!stream) return not_found();
    Left out{std::move(*stream), {}, false};
    // Only this viewer's sessions (an index range), never the whole audience of the stream.
    for (auto& open : store::participants::open_watch_ids(conn, stream_id, viewer.id)) {
      if (!watch_id || open == *watch_id) out.watch_ids.push_back(std::move(open));
    }
    if (out.watch_ids.empty()) return out;
    auto now = clock_.now_ms();
    out.count_changed = store::participants::leave(conn, stream_id, viewer.id, watch_id, now);
    store::stream_events::append(conn, stream_id, viewer.id, "leave", watch_id.value_or(""), now);
    if (out.count_changed) out.stream = *store::streams::find(conn, stream_id);
    return out;
  });
  if (!left) return std::move(left).error();
  for (const auto& ended : left->watch_ids) media_.end_watch(left->stream, viewer.id, ended);
  if (left->count_changed) notify(left->stream);
  return ok_status();
}

void StreamService::leave_everywhere(const User& viewer) {
  auto sessions = db_.read([&](store::Conn& conn) -> Result<std::vector<std::pair<std::string, std::string>>> {
    return store::participants::open_sessions_of(conn, viewer.id);
  }).value();
  for (const auto& [stream_id, watch_id] : sessions) (void)leave(viewer, stream_id, watch_id);
}

bool StreamService::may_watch(const LiveStream& stream, const std::string& user_id, const std::string& watch_id) {
  if (stream.author.id == user_id) return true;
  return db_.read([&](store::Conn& conn) -> Result<bool> {
    return store::participants::is_open(conn, stream.id, user_id, watch_id);
  }).value();
}

Result<LiveStream> StreamService::end(const User& actor, const std::string& stream_id,
                                      bool save_recording) {
  auto stream = get(stream_id);
  if (!stream) return stream;
  bool is_owner = stream->author.id == actor.id;
  if (!is_owner && !actor.is_admin) {
    return Error{ErrorCode::not_stream_owner, "Only the stream's creator can end it", {}};
  }
  if (stream->status == StreamStatus::ended) {
    return Error{ErrorCode::stream_ended, "This live stream has already ended", {}};
  }
  auto ended = db_.write([&](store::Conn& conn) -> Result<LiveStream> {
    auto now = clock_.now_ms();
    store::streams::Transition t;
    t.to = StreamStatus::ended;
    t.from = sources_of(StreamStatus::ended);
    t.ended_at = now;
    t.end_reason = is_owner ? "ended_by_owner" : "ended_by_admin";
    // A saved recording stays "recording" until it is finalised: a crash meanwhile leaves it for
    // recover_recordings() to finish.
    if (stream->recording == RecordingState::recording && !save_recording) t.recording = RecordingState::discarded;
    if (!store::streams::transition(conn, stream_id, t, now)) {
      return Error{ErrorCode::stream_ended, "This live stream has already ended", {}};
    }
    store::participants::leave_all(conn, stream_id, now);
    store::stream_events::append(conn, stream_id, actor.id, "ended", *t.end_reason, now);
    return *store::streams::find(conn, stream_id);
  });
  if (!ended) return ended;
  notify(*ended, true);  // viewers hear of the end before the recording is finalised
  record_outcome(*ended, media_.close_room(*ended, save_recording));
  notify(*ended);  // and again with what became of the recording (its reel)
  return ended;
}

Result<LiveStream> StreamService::get(const std::string& stream_id) {
  return db_.read([&](store::Conn& conn) -> Result<LiveStream> {
    auto stream = store::streams::find(conn, stream_id);
    if (!stream) return not_found();
    return std::move(*stream);
  });
}

Result<StreamPage> StreamService::page(store::streams::ListQuery query, const std::optional<std::string>& cursor) {
  if (cursor) {
    auto decoded = decode_cursor(*cursor);
    if (!decoded) return std::move(decoded).error();
    query.after = std::move(*decoded);
  }
  auto rows = db_.read([&](store::Conn& conn) -> Result<std::vector<LiveStream>> {
    return store::streams::list(conn, query);
  });
  StreamPage page;
  page.items = std::move(*rows);
  if (static_cast<int>(page.items.size()) > query.limit) {
    page.items.resize(query.limit);
    page.next_cursor = encode_cursor({page.items.back().created_at, page.items.back().id});
  }
  return page;
}

Result<StreamPage> StreamService::list_active(const User& viewer, ListScope scope,
                                              const std::optional<std::string>& cursor, int limit) {
  store::streams::ListQuery query;
  query.statuses = {StreamStatus::live, StreamStatus::interrupted};
  if (scope == ListScope::following) query.followed_by = viewer.id;
  if (scope == ListScope::public_only) query.gating = Gating::everyone;
  query.limit = limit;
  return page(std::move(query), cursor);
}

Result<StreamPage> StreamService::list_by_status(const std::vector<StreamStatus>& statuses,
                                                 const std::optional<std::string>& cursor, int limit) {
  store::streams::ListQuery query;
  query.statuses = statuses;
  query.limit = limit;
  return page(std::move(query), cursor);
}

std::vector<std::pair<StreamStatus, std::int64_t>> StreamService::count_by_status() {
  return db_.read([&](store::Conn& conn) -> Result<std::vector<std::pair<StreamStatus, std::int64_t>>> {
           return store::streams::count_by_status(conn);
         }).value();
}

Result<LiveStream> StreamService::set_media_state(const User& actor, const std::string& stream_id,
                                                 std::optional<bool> camera_on, std::optional<bool> microphone_on) {
  auto changed = db_.write([&](store::Conn& conn) -> Result<LiveStream> {
    auto stream = store::streams::find(conn, stream_id);
    if (!stream) return not_found();
    if (stream->author.id != actor.id) {
      return Error{ErrorCode::not_stream_owner, "Only the stream's creator can change this", {}};
    }
    if (stream->status == StreamStatus::ended) return Error{ErrorCode::stream_ended, "This live stream has ended", {}};
    store::streams::set_media_state(conn, stream_id, camera_on.value_or(stream->camera_on),
                                    microphone_on.value_or(stream->microphone_on), clock_.now_ms());
    return *store::streams::find(conn, stream_id);
  });
  if (changed) notify(*changed, true);
  return changed;
}

Result<LiveStream> StreamService::may_post_thumbnail(const User& actor, const std::string& stream_id) {
  auto stream = get(stream_id);
  if (!stream) return stream;
  if (stream->author.id != actor.id) {
    return Error{ErrorCode::not_stream_owner, "Only the stream's creator can post its thumbnail", {}};
  }
  if (stream->status == StreamStatus::ended) return Error{ErrorCode::stream_ended, "This live stream has ended", {}};
  return stream;
}

Result<LiveStream> StreamService::thumbnail_posted(const User& actor, const std::string& stream_id) {
  auto changed = db_.write([&](store::Conn& conn) -> Result<LiveStream> {
    auto stream = store::streams::find(conn, stream_id);
    if (!stream) return not_found();
    if (stream->author.id != actor.id) {
      return Error{ErrorCode::not_stream_owner, "Only the stream's creator can post its thumbnail", {}};
    }
    if (stream->status == StreamStatus::ended) return Error{ErrorCode::stream_ended, "This live stream has ended", {}};
    store::streams::set_thumbnail(conn, stream_id, clock_.now_ms());
    return *store::streams::find(conn, stream_id);
  });
  if (changed) notify(*changed, true);
  return changed;
}

Status StreamService::record_client_event(const User& user, const std::string& stream_id, const std::string& kind,
                                          const std::string& message) {
  return db_.write([&](store::Conn& conn) -> Status {
    if (!stream_id.empty()) {
      auto stream = store::streams::find(conn, stream_id);
      if (!stream) return not_found();
      // Only those who take part write into a stream's log (its creator's analytics).
      if (stream->author.id != user.id && !user.is_admin && !store::participants::has_joined(conn, stream_id, user.id)) {
        return Error{ErrorCode::forbidden, "Only the stream's creator and its viewers can report on it", {}};
      }
    }
    store::stream_events::append(conn, stream_id, user.id, "client:" + kind, message, clock_.now_ms());
    return ok_status();
  });
}

Result<LiveStream> StreamService::move(const std::string& stream_id, StreamStatus to,
                                       const std::optional<std::string>& end_reason,
                                       const std::string& event, bool only_if_owned) {
  only_if_owned = only_if_owned && !instance_.empty();
  auto moved = db_.write([&](store::Conn& conn) -> Result<LiveStream> {
    auto now = clock_.now_ms();
    auto current = store::streams::find(conn, stream_id);
    if (!current) return not_found();
    if (only_if_owned && !current->owner_instance.empty() && current->owner_instance != instance_) {
      return Error{ErrorCode::conflict, "The stream's publisher is on instance " + current->owner_instance, {}};
    }
    if (current->status == to) return std::move(*current);  // repeated report: nothing to do
    if (!can_transition(current->status, to)) {
      return Error{to == StreamStatus::ended || current->status == StreamStatus::ended
                       ? ErrorCode::stream_ended
                       : ErrorCode::conflict,
                   std::string("A ") + std::string(to_string(current->status)) + " stream cannot become " +
                       std::string(to_string(to)),
                   {}};
    }
    store::streams::Transition t;
    t.to = to;
    t.from = {current->status};
    if (only_if_owned) t.owned_by = instance_;
    bool first_live = to == StreamStatus::live && !current->started_at;
    if (to == StreamStatus::live) {
      t.started_at = now;
      if (media_.records() && current->recording == RecordingState::none) t.recording = RecordingState::recording;
    }
    if (to == StreamStatus::ended) {
      t.ended_at = now;
      t.end_reason = end_reason;
    }
    if (!store::streams::transition(conn, stream_id, t, now)) {
      return Error{ErrorCode::conflict, "The stream changed meanwhile; try again", {}};
    }
    if (to == StreamStatus::ended) store::participants::leave_all(conn, stream_id, now);
    // Followers hear of the first start once, however often the stream drops and resumes; the job
    // commits with the status, so a crash cannot lose or repeat it.
    if (first_live) store::jobs::enqueue(conn, "live_fanout", stream_id, "live:" + stream_id, now);
    store::stream_events::append(conn, stream_id, std::nullopt, event, end_reason.value_or(""), now);
    return *store::streams::find(conn, stream_id);
  });
  if (moved) notify(*moved, true);
  return moved;
}

Result<LiveStream> StreamService::mark_live(const std::string& stream_id) {
  return move(stream_id, StreamStatus::live, std::nullopt, "live");
}

Result<LiveStream> StreamService::mark_interrupted(const std::string& stream_id, bool only_if_owned) {
  return move(stream_id, StreamStatus::interrupted, std::nullopt, "interrupted", only_if_owned);
}

Result<LiveStream> StreamService::publisher_live(const std::string& stream_id) {
  claim(stream_id);
  return mark_live(stream_id);
}

Result<LiveStream> StreamService::publisher_lost(const std::string& stream_id) {
  return mark_interrupted(stream_id, true);
}

Result<LiveStream> StreamService::publisher_gone(const std::string& stream_id, const std::string& reason) {
  return end_by_system(stream_id, reason, true);
}

void StreamService::viewer_left(const std::string& stream_id, const std::string& user_id,
                                const std::string& watch_id) {
  User viewer;
  viewer.id = user_id;
  (void)leave(viewer, stream_id, watch_id);
}

Result<LiveStream> StreamService::recording_finished(const std::string& stream_id, RecordingOutcome outcome) {
  return finish_recording(stream_id, outcome);
}

void StreamService::claim(const std::string& stream_id) {
  if (instance_.empty()) return;
  db_.write([&](store::Conn& conn) -> Status {
    store::streams::claim(conn, stream_id, instance_);
    return ok_status();
  }).value();
}

Result<LiveStream> StreamService::end_by_system(const std::string& stream_id, const std::string& reason,
                                                bool only_if_owned) {
  auto ended = move(stream_id, StreamStatus::ended, reason, "ended", only_if_owned);
  if (!ended) return ended;
  // Nobody chose to discard it: what was recorded is kept.
  bool keep = ended->recording == RecordingState::recording;
  auto outcome = media_.close_room(*ended, keep);
  if (keep && outcome != RecordingOutcome::pending) {
    record_outcome(*ended, outcome == RecordingOutcome::saved ? outcome : RecordingOutcome::failed);
  }
  if (keep) notify(*ended);
  return ended;
}

void StreamService::record_outcome(LiveStream& stream, RecordingOutcome outcome) {
  std::optional<RecordingState> state;
  if (outcome == RecordingOutcome::failed) state = RecordingState::failed;
  if (outcome == RecordingOutcome::saved) state = RecordingState::saved;
  if (outcome == RecordingOutcome::discarded) state = RecordingState::discarded;
  // The reel first: whoever sees "saved" sees its reel too.
  if (outcome == RecordingOutcome::saved && sink_ != nullptr) {
    stream.reel_id = sink_->on_recording_saved(stream);
    // No reel: "saved" without one is retried at the next start-up (recover_recordings), a few
    // times; then the recording has failed (its file stays where it is for an operator).
    if (!stream.reel_id && reel_attempts(stream.id) >= kReelAttempts) state = RecordingState::failed;
  }
  if (state && *state != stream.recording) {
    stream.recording = *state;
    db_.write([&](store::Conn& conn) -> Status {
      store::streams::set_recording(conn, stream.id, *state, clock_.now_ms());
      return ok_status();
    }).value();
  }
}

std::int64_t StreamService::reel_attempts(const std::string& stream_id) {
  return db_.write([&](store::Conn& conn) -> Result<std::int64_t> {
               store::stream_events::append(conn, stream_id, std::nullopt, "reel_failed", "", clock_.now_ms());
               return store::stream_events::count(conn, stream_id, "reel_failed");
             })
      .value();
}

Result<LiveStream> StreamService::finish_recording(const std::string& stream_id, RecordingOutcome outcome) {
  auto stream = get(stream_id);
  if (!stream) return stream;
  bool final_state = stream->recording == RecordingState::saved || stream->recording == RecordingState::discarded ||
                     stream->recording == RecordingState::failed;
  if (final_state && !(stream->recording == RecordingState::saved && !stream->reel_id)) return stream;
  record_outcome(*stream, outcome);
  notify(*stream);
  return stream;
}

std::vector<WatchSession> StreamService::watch_sessions(const std::string& stream_id) {
  return db_.read([&](store::Conn& conn) -> Result<std::vector<WatchSession>> {
               std::vector<WatchSession> sessions;
               for (auto& s : store::participants::open_sessions(conn, stream_id)) {
                 sessions.push_back(WatchSession{std::move(s.user_id), std::move(s.watch_id), s.joined_at});
               }
               return sessions;
             })
      .value();
}

bool StreamService::take_over(LiveStream& stream) {
  bool taken = db_.write([&](store::Conn& conn) -> Result<bool> {
                  return store::streams::take_over(conn, stream.id, stream.owner_instance, instance_);
                }).value();
  if (!taken) return false;
  spdlog::info("streams: {} taken over from instance {}", stream.id,
               stream.owner_instance.empty() ? "(none)" : stream.owner_instance);
  stream.owner_instance = instance_;
  return true;
}

TimeMs StreamService::alive_since() const { return clock_.now_ms() - instance_timeout_.count(); }

void StreamService::recover_recordings(bool include_own) {
  auto pending = db_.read([&](store::Conn& conn) -> Result<std::vector<LiveStream>> {
                   return store::streams::with_unfinished_recordings(conn, instance_, alive_since());
                 }).value();
  for (auto& stream : pending) {
    if (!include_own && !instance_.empty() && stream.owner_instance == instance_) continue;
    // Another instance's: make it ours first, so two survivors never finalise one recording.
    if (!instance_.empty() && stream.owner_instance != instance_ && !take_over(stream)) continue;
    // Ended while "recording": the finalise did not finish. Saved but without a reel: the reel
    // was not made. Either way the files decide.
    auto outcome = media_.close_room(stream, true);
    if (outcome == RecordingOutcome::pending) continue;  // the media plane reports the end later
    record_outcome(stream, outcome == RecordingOutcome::none ? RecordingOutcome::failed : outcome);
    notify(stream);
  }
}

bool StreamService::end_watch_sessions(const std::string& stream_id, const std::string& why) {
  auto now = clock_.now_ms();
  bool changed = db_.write([&](store::Conn& conn) -> Result<bool> {
                   if (store::participants::open_sessions(conn, stream_id).empty()) return false;
                   store::participants::leave_all(conn, stream_id, now);
                   store::stream_events::append(conn, stream_id, std::nullopt, "leave", why, now);
                   return true;
                 }).value();
  if (changed) notify(*get(stream_id));
  return changed;
}

std::vector<LiveStream> StreamService::unattended() {
  if (!instance_.empty()) {
    return db_.read([&](store::Conn& conn) -> Result<std::vector<LiveStream>> {
             return store::streams::unattended(conn, instance_, alive_since());
           }).value();
  }
  store::streams::ListQuery query;
  query.statuses = {StreamStatus::live, StreamStatus::interrupted};
  query.limit = 100000;
  return db_.read([&](store::Conn& conn) -> Result<std::vector<LiveStream>> {
           return store::streams::list(conn, query);
         }).value();
}

std::vector<LiveStream> StreamService::adopt_unattended(bool at_start_up,
                                                        const std::function<bool(const std::string&)>& held) {
  std::vector<LiveStream> adopted;
  for (auto& stream : unattended()) {
    bool mine = !instance_.empty() && stream.owner_instance == instance_;
    if (mine && !at_start_up) continue;  // attended to here
    if (!mine && !instance_.empty() && !take_over(stream)) continue;  // another survivor was quicker
    if (held(stream.id)) continue;  // its publisher is connected here: nothing was lost
    end_watch_sessions(stream.id, at_start_up && mine ? "restart" : "owner_lost");
    if (stream.status == StreamStatus::live) {
      auto interrupted = mark_interrupted(stream.id);
      if (!interrupted) continue;
      stream = std::move(*interrupted);
    }
    adopted.push_back(std::move(stream));
  }
  return adopted;
}

}  // namespace onair::streams
