#include "livekit/livekit_backend.hpp"

#include <filesystem>

#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include "store/livekit_repository.hpp"

namespace onair::livekit {
namespace {

constexpr std::string_view kHost = "host:";
constexpr std::string_view kViewer = "viewer:";

std::string participant_metadata(std::string_view role, const std::string& user_id) {
  return boost::json::serialize(boost::json::object{{"role", role}, {"userId", user_id}});
}

}  // namespace

std::string publisher_identity(const std::string& user_id) { return std::string(kHost) + user_id; }

std::string viewer_identity(const std::string& user_id, const std::string& watch_id) {
  return std::string(kViewer) + user_id + ":" + watch_id;
}

std::optional<Identity> parse_identity(std::string_view identity) {
  if (identity.starts_with(kHost) && identity.size() > kHost.size()) {
    return Identity{true, std::string(identity.substr(kHost.size())), {}};
  }
  if (identity.starts_with(kViewer)) {
    auto rest = identity.substr(kViewer.size());
    auto colon = rest.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == rest.size()) return std::nullopt;
    return Identity{false, std::string(rest.substr(0, colon)), std::string(rest.substr(colon + 1))};
  }
  return std::nullopt;
}

LiveKitBackend::LiveKitBackend(LiveKitClient& client, const TokenSigner& signer, store::Database& db,
                               const Clock& clock, LiveKitSettings settings)
    : client_(client), signer_(signer), db_(db), clock_(clock), settings_(std::move(settings)) {}

Status LiveKitBackend::open_room(const LiveStream& stream) {
  CreateRoomOptions options;
  options.name = stream.id;
  options.empty_timeout_seconds = settings_.empty_timeout_seconds;
  options.departure_timeout_seconds = settings_.departure_timeout_seconds;
  options.max_participants = settings_.max_participants;
  options.metadata =
      boost::json::serialize(boost::json::object{{"onair", boost::json::object{{"streamId", stream.id}}}});
  if (auto room = client_.create_room(options); !room) return std::move(room).error();
  return db_.write([&](store::Conn& conn) -> Status {
    store::livekit::insert_room(conn, stream.id, stream.id, clock_.now_ms());
    return ok_status();
  });
}

Result<streams::MediaCredentials> LiveKitBackend::publish_credentials(const LiveStream& stream) {
  TokenClaims claims;
  claims.identity = publisher_identity(stream.author.id);
  claims.name = stream.author.display_name.empty() ? stream.author.handle : stream.author.display_name;
  claims.metadata = participant_metadata("host", stream.author.id);
  claims.video.room_join = true;
  claims.video.room = stream.id;
  claims.video.can_publish = true;
  claims.video.can_subscribe = true;
  claims.video.can_publish_data = true;
  claims.video.can_publish_sources = {"camera", "microphone"};
  claims.now_seconds = clock_.now_ms() / 1000;
  claims.ttl_seconds = settings_.publisher_token_ttl_seconds;
  return streams::MediaCredentials{"livekit", settings_.client_url, signer_.mint(claims), ""};
}

Result<streams::MediaCredentials> LiveKitBackend::watch_credentials(const LiveStream& stream, const User& viewer,
                                                                    const std::string& watch_id) {
  TokenClaims claims;
  claims.identity = viewer_identity(viewer.id, watch_id);
  claims.name = viewer.display_name.empty() ? viewer.handle : viewer.display_name;
  claims.metadata = participant_metadata("viewer", viewer.id);
  claims.video.room_join = true;
  claims.video.room = stream.id;
  claims.video.can_publish = false;  // absent would mean true to LiveKit
  claims.video.can_subscribe = true;
  claims.video.can_publish_data = true;  // chat
  claims.now_seconds = clock_.now_ms() / 1000;
  claims.ttl_seconds = settings_.viewer_token_ttl_seconds;
  return streams::MediaCredentials{"livekit", settings_.client_url, signer_.mint(claims), ""};
}

std::string LiveKitBackend::requested_path(const std::string& stream_id) const {
  return (std::filesystem::path(settings_.egress_dir) / (stream_id + ".mp4")).string();
}

std::string LiveKitBackend::thumbnail_path(const std::string& stream_id) const {
  return (std::filesystem::path(settings_.egress_dir) / (stream_id + ".jpg")).string();
}

std::optional<std::string> LiveKitBackend::recording_file(const std::string& stream_id) {
  auto row = db_.read([&](store::Conn& conn) -> Result<std::optional<store::livekit::Room>> {
                  return store::livekit::find_room(conn, stream_id);
                }).value();
  std::error_code ec;
  if (row && !row->egress_file.empty() && std::filesystem::is_regular_file(row->egress_file, ec)) {
    return row->egress_file;
  }
  auto fallback = requested_path(stream_id);
  if (std::filesystem::is_regular_file(fallback, ec)) return fallback;
  return std::nullopt;
}

streams::RecordingOutcome LiveKitBackend::outcome_of(const std::string& stream_id, const std::string& egress_status) {
  if (egress_status != "EGRESS_COMPLETE") return streams::RecordingOutcome::failed;
  return recording_file(stream_id) ? streams::RecordingOutcome::saved : streams::RecordingOutcome::failed;
}

Status LiveKitBackend::start_recording(const LiveStream& stream) {
  if (!records()) return ok_status();
  std::error_code ec;
  std::filesystem::create_directories(settings_.egress_dir, ec);
  auto egress = client_.start_room_composite_egress(stream.id, requested_path(stream.id));
  if (!egress) return std::move(egress).error();
  return db_.write([&](store::Conn& conn) -> Status {
    store::livekit::set_egress(conn, stream.id, egress->egress_id, egress->status, "", "", clock_.now_ms());
    return ok_status();
  });
}

void LiveKitBackend::end_watch(const LiveStream& stream, const std::string& viewer_id, const std::string& watch_id) {
  // Not in the room (never connected, or gone already) is the usual answer: nothing to do.
  if (auto removed = client_.remove_participant(stream.id, viewer_identity(viewer_id, watch_id)); !removed) {
    spdlog::debug("livekit: stream {}: viewer {} not removed: {}", stream.id, viewer_id, removed.error().message);
  }
}

streams::RecordingOutcome LiveKitBackend::close_room(const LiveStream& stream, bool save_recording) {
  using streams::RecordingOutcome;
  // Record the choice first and read the egress in the same transaction, so an egress_ended
  // handled meanwhile either sees the choice or is seen here.
  auto row = db_.write([&](store::Conn& conn) -> Result<std::optional<store::livekit::Room>> {
                  auto found = store::livekit::find_room(conn, stream.id);
                  if (found && !found->egress_id.empty()) {
                    store::livekit::set_keep_recording(conn, stream.id, save_recording, clock_.now_ms());
                  }
                  return found;
                }).value();
  RecordingOutcome outcome = RecordingOutcome::none;
  if (row && !row->egress_id.empty()) {
    EgressInfo known;
    known.status = row->egress_status;
    if (known.finished()) {
      outcome = save_recording ? outcome_of(stream.id, known.status) : RecordingOutcome::discarded;
      if (!save_recording) {
        std::error_code ec;
        if (auto file = recording_file(stream.id)) std::filesystem::remove(*file, ec);
      }
    } else {
      if (auto stopped = client_.stop_egress(row->egress_id); !stopped) {
        spdlog::warn("livekit: stream {}: stopping egress {} failed: {}", stream.id, row->egress_id,
                     stopped.error().message);
      }
      outcome = save_recording ? RecordingOutcome::pending : RecordingOutcome::discarded;
    }
  }
  if (auto deleted = client_.delete_room(stream.id); !deleted) {
    spdlog::warn("livekit: stream {}: deleting the room failed ({}); the reconcile retries", stream.id,
                 deleted.error().message);
  }
  return outcome;
}

}  // namespace onair::livekit
