#include "livekit/livekit_client.hpp"

#include <boost/json/array.hpp>

#include "core/crypto.hpp"
#include "livekit/json_fields.hpp"

namespace onair::livekit {
namespace {

namespace json = boost::json;

using json_fields::array;
using json_fields::boolean;
using json_fields::integer;
using json_fields::object;
using json_fields::text;

/// Enums arrive as names; protojson also accepts numbers, so map those we read.
std::string egress_status(const json::object& o) {
  auto* v = o.if_contains("status");
  if (v == nullptr) return "EGRESS_STARTING";  // zero value, omitted in webhooks
  if (v->is_string()) return std::string(v->as_string());
  static constexpr const char* kNames[] = {"EGRESS_STARTING", "EGRESS_ACTIVE",  "EGRESS_ENDING",
                                           "EGRESS_COMPLETE", "EGRESS_FAILED",  "EGRESS_ABORTED",
                                           "EGRESS_LIMIT_REACHED"};
  if (v->is_int64() && v->as_int64() >= 0 && v->as_int64() < 7) return kNames[v->as_int64()];
  return "EGRESS_FAILED";
}

VideoGrant admin_grant(const std::string& room) {
  VideoGrant g;
  g.room_admin = true;
  g.room = room;
  return g;
}

VideoGrant create_grant() {
  VideoGrant g;
  g.room_create = true;
  return g;
}

VideoGrant record_grant() {
  VideoGrant g;
  g.room_record = true;
  return g;
}

}  // namespace

bool EgressInfo::finished() const {
  return status == "EGRESS_COMPLETE" || status == "EGRESS_FAILED" || status == "EGRESS_ABORTED" ||
         status == "EGRESS_LIMIT_REACHED";
}

RoomInfo parse_room(const json::object& o) {
  RoomInfo r;
  r.sid = text(o, "sid");
  r.name = text(o, "name");
  r.metadata = text(o, "metadata");
  r.num_participants = integer(o, "num_participants", "numParticipants");
  r.creation_time = integer(o, "creation_time", "creationTime");
  return r;
}

TrackInfo parse_track(const json::object& o) {
  TrackInfo t;
  t.sid = text(o, "sid");
  t.type = text(o, "type");
  if (t.type.empty()) t.type = "AUDIO";  // zero value
  t.source = text(o, "source");
  if (t.source.empty()) t.source = "UNKNOWN";
  t.muted = boolean(o, "muted");
  return t;
}

ParticipantInfo parse_participant(const json::object& o) {
  ParticipantInfo p;
  p.sid = text(o, "sid");
  p.identity = text(o, "identity");
  p.name = text(o, "name");
  p.metadata = text(o, "metadata");
  p.state = text(o, "state");
  if (p.state.empty()) p.state = "JOINING";
  p.joined_at = integer(o, "joined_at", "joinedAt");
  if (auto* tracks = array(o, "tracks")) {
    for (const auto& t : *tracks) {
      if (t.is_object()) p.tracks.push_back(parse_track(t.as_object()));
    }
  }
  return p;
}

EgressInfo parse_egress(const json::object& o) {
  EgressInfo e;
  e.egress_id = text(o, "egress_id", "egressId");
  e.room_name = text(o, "room_name", "roomName");
  e.status = egress_status(o);
  e.error = text(o, "error");
  const json::object* file = nullptr;
  if (auto* results = array(o, "file_results", "fileResults"); results && !results->empty() &&
                                                               results->front().is_object()) {
    file = &results->front().as_object();
  } else {
    file = object(o, "file");  // older servers: the deprecated single result
  }
  if (file != nullptr) {
    e.file_location = text(*file, "location");
    e.filename = text(*file, "filename");
    e.size_bytes = integer(*file, "size");
    e.duration_ns = integer(*file, "duration");
  }
  return e;
}

Result<boost::json::object> LiveKitClient::room_admin(std::string_view method, const std::string& room,
                                                      json::object body) {
  body["room"] = room;
  return twirp_.call("RoomService", method, body, admin_grant(room));
}

Result<RoomInfo> LiveKitClient::create_room(const CreateRoomOptions& options) {
  json::object body{{"name", options.name}};
  if (options.empty_timeout_seconds > 0) body["emptyTimeout"] = options.empty_timeout_seconds;
  if (options.departure_timeout_seconds > 0) body["departureTimeout"] = options.departure_timeout_seconds;
  if (options.max_participants > 0) body["maxParticipants"] = options.max_participants;
  if (!options.metadata.empty()) body["metadata"] = options.metadata;
  auto answer = twirp_.call("RoomService", "CreateRoom", body, create_grant());
  if (!answer) return std::move(answer).error();
  return parse_room(*answer);
}

Status LiveKitClient::delete_room(const std::string& room) {
  auto answer = twirp_.call("RoomService", "DeleteRoom", json::object{{"room", room}}, create_grant());
  if (!answer && answer.error().code != ErrorCode::not_found) return std::move(answer).error();
  return ok_status();
}

Result<std::vector<RoomInfo>> LiveKitClient::list_rooms() {
  VideoGrant g;
  g.room_list = true;
  auto answer = twirp_.call("RoomService", "ListRooms", json::object{}, g);
  if (!answer) return std::move(answer).error();
  std::vector<RoomInfo> rooms;
  if (auto* list = array(*answer, "rooms")) {
    for (const auto& r : *list) {
      if (r.is_object()) rooms.push_back(parse_room(r.as_object()));
    }
  }
  return rooms;
}

Result<std::vector<ParticipantInfo>> LiveKitClient::list_participants(const std::string& room) {
  auto answer = room_admin("ListParticipants", room, {});
  if (!answer) return std::move(answer).error();
  std::vector<ParticipantInfo> participants;
  if (auto* list = array(*answer, "participants")) {
    for (const auto& p : *list) {
      if (p.is_object()) participants.push_back(parse_participant(p.as_object()));
    }
  }
  return participants;
}

Status LiveKitClient::remove_participant(const std::string& room, const std::string& identity) {
  auto answer = room_admin("RemoveParticipant", room, json::object{{"identity", identity}});
  if (!answer) return std::move(answer).error();
  return ok_status();
}

Status LiveKitClient::mute_published_track(const std::string& room, const std::string& identity,
                                           const std::string& track_sid, bool muted) {
  json::object body{{"identity", identity}, {"trackSid", track_sid}};
  if (muted) body["muted"] = true;
  auto answer = room_admin("MutePublishedTrack", room, std::move(body));
  if (!answer) return std::move(answer).error();
  return ok_status();
}

Status LiveKitClient::update_room_metadata(const std::string& room, const std::string& metadata) {
  auto answer = room_admin("UpdateRoomMetadata", room, json::object{{"metadata", metadata}});
  if (!answer) return std::move(answer).error();
  return ok_status();
}

Status LiveKitClient::send_data(const std::string& room, const std::string& data, const std::string& topic,
                                const std::vector<std::string>& destinations) {
  json::object body{{"data", crypto::base64_encode(data)}, {"kind", "RELIABLE"}};
  if (!topic.empty()) body["topic"] = topic;
  if (!destinations.empty()) {
    json::array ids;
    for (const auto& d : destinations) ids.emplace_back(d);
    body["destinationIdentities"] = std::move(ids);
  }
  auto answer = room_admin("SendData", room, std::move(body));
  if (!answer) return std::move(answer).error();
  return ok_status();
}

Result<EgressInfo> LiveKitClient::start_room_composite_egress(const std::string& room, const std::string& filepath) {
  json::object output{{"fileType", "MP4"}, {"filepath", filepath}};
  json::object body{{"roomName", room}, {"layout", "speaker"}, {"fileOutputs", json::array{output}}};
  auto answer = twirp_.call("Egress", "StartRoomCompositeEgress", body, record_grant());
  if (!answer) return std::move(answer).error();
  return parse_egress(*answer);
}

Result<std::optional<EgressInfo>> LiveKitClient::stop_egress(const std::string& egress_id) {
  auto answer = twirp_.call("Egress", "StopEgress", json::object{{"egressId", egress_id}}, record_grant());
  if (!answer) {
    auto code = answer.error().code;
    // Already ended (412 failed_precondition) or forgotten (404): nothing left to stop.
    bool gone = code == ErrorCode::not_found;
    for (const auto& [key, value] : answer.error().details) {
      if (key == "twirpCode" && std::get_if<std::string>(&value) &&
          std::get<std::string>(value) == "failed_precondition") {
        gone = true;
      }
    }
    if (gone) return std::optional<EgressInfo>{};
    return std::move(answer).error();
  }
  return std::optional<EgressInfo>{parse_egress(*answer)};
}

Result<std::vector<EgressInfo>> LiveKitClient::list_egress(const std::string& room, bool active_only) {
  json::object body;
  if (!room.empty()) body["roomName"] = room;
  if (active_only) body["active"] = true;
  auto answer = twirp_.call("Egress", "ListEgress", body, record_grant());
  if (!answer) return std::move(answer).error();
  std::vector<EgressInfo> items;
  if (auto* list = array(*answer, "items")) {
    for (const auto& e : *list) {
      if (e.is_object()) items.push_back(parse_egress(e.as_object()));
    }
  }
  return items;
}

}  // namespace onair::livekit
