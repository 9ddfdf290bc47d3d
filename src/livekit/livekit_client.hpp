#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"
#include "livekit/twirp_client.hpp"

namespace onair::livekit {

struct RoomInfo {
  std::string sid;
  std::string name;
  std::string metadata;
  std::int64_t num_participants = 0;
  std::int64_t creation_time = 0;  // Unix seconds
};

struct TrackInfo {
  std::string sid;
  std::string type;    // "VIDEO", "AUDIO", …
  std::string source;  // "CAMERA", "MICROPHONE", …
  bool muted = false;
};

struct ParticipantInfo {
  std::string sid;
  std::string identity;
  std::string name;
  std::string metadata;
  std::string state;  // "JOINING", "JOINED", "ACTIVE", "DISCONNECTED"
  std::int64_t joined_at = 0;
  std::vector<TrackInfo> tracks;
};

struct EgressInfo {
  std::string egress_id;
  std::string room_name;
  std::string status;  // "EGRESS_STARTING" … "EGRESS_COMPLETE", "EGRESS_FAILED", …
  std::string error;
  std::string file_location;  // where the file was written (first file result)
  std::string filename;
  std::int64_t size_bytes = 0;
  std::int64_t duration_ns = 0;

  bool finished() const;
  bool succeeded() const { return status == "EGRESS_COMPLETE"; }
};

/// Reading LiveKit's JSON, which uses snake_case in Twirp answers and lowerCamelCase in webhooks,
/// 64-bit integers as strings and enums as names.
RoomInfo parse_room(const boost::json::object& o);
ParticipantInfo parse_participant(const boost::json::object& o);
TrackInfo parse_track(const boost::json::object& o);
EgressInfo parse_egress(const boost::json::object& o);

struct CreateRoomOptions {
  std::string name;
  std::int64_t empty_timeout_seconds = 0;
  std::int64_t departure_timeout_seconds = 0;
  std::int64_t max_participants = 0;
  std::string metadata;
};

/// LiveKit's RoomService and Egress APIs, each call with a token that carries only the grant
/// LiveKit checks for that method. Blocking; errors as TwirpClient documents.
class LiveKitClient {
 public:
  explicit LiveKitClient(TwirpClient& twirp) : twirp_(twirp) {}

  Result<RoomInfo> create_room(const CreateRoomOptions& options);
  /// Succeeds when the room is already gone.
  Status delete_room(const std::string& room);
  Result<std::vector<RoomInfo>> list_rooms();
  Result<std::vector<ParticipantInfo>> list_participants(const std::string& room);
  Status remove_participant(const std::string& room, const std::string& identity);
  Status mute_published_track(const std::string& room, const std::string& identity, const std::string& track_sid,
                              bool muted);
  Status update_room_metadata(const std::string& room, const std::string& metadata);
  /// Sends `data` reliably to everyone in the room (or only `destinations`) on `topic`.
  Status send_data(const std::string& room, const std::string& data, const std::string& topic,
                   const std::vector<std::string>& destinations = {});

  /// Records the room's composite view to `filepath` (MP4) on the egress worker.
  Result<EgressInfo> start_room_composite_egress(const std::string& room, const std::string& filepath);
  /// Succeeds when the egress has already ended.
  Result<std::optional<EgressInfo>> stop_egress(const std::string& egress_id);
  Result<std::vector<EgressInfo>> list_egress(const std::string& room, bool active_only);

  TwirpClient& twirp() { return twirp_; }

 private:
  Result<boost::json::object> room_admin(std::string_view method, const std::string& room, boost::json::object body);

  TwirpClient& twirp_;
};

}  // namespace onair::livekit
