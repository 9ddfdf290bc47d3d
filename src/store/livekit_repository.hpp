#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace onair::store {

/// LiveKit rooms behind streams, their egress, and the webhooks already handled.
namespace livekit {

struct Room {
  std::string stream_id;
  std::string room;
  std::int64_t publisher_event_at = 0;
  std::string egress_id;
  std::string egress_status = "none";
  std::string egress_file;
  std::string egress_error;
  std::optional<bool> keep_recording;
};

/// Records the room of a new stream (idempotent).
void insert_room(Conn& conn, const std::string& stream_id, const std::string& room, TimeMs now);
std::optional<Room> find_room(Conn& conn, const std::string& stream_id);
std::optional<Room> find_by_egress(Conn& conn, const std::string& egress_id);
/// Rooms whose egress has not finished (reconcile asks LiveKit about them).
std::vector<Room> with_unfinished_egress(Conn& conn);

/// Moves the publisher clock to `event_at` unless a newer publisher event was already applied;
/// true when this event is the newest (ties count as newest: arrival order decides them).
bool advance_publisher(Conn& conn, const std::string& stream_id, std::int64_t event_at, TimeMs now);
void set_egress(Conn& conn, const std::string& stream_id, const std::string& egress_id, const std::string& status,
                const std::string& file, const std::string& error, TimeMs now);
void set_keep_recording(Conn& conn, const std::string& stream_id, bool keep, TimeMs now);

/// Remembers a webhook id; false when it was handled before.
bool record_webhook(Conn& conn, const std::string& id, const std::string& event, const std::string& room,
                    std::int64_t created_at, TimeMs now);
void forget_webhook(Conn& conn, const std::string& id);
/// Drops webhook ids received before `before` (LiveKit stops retrying within minutes).
void prune_webhooks(Conn& conn, TimeMs before);

}  // namespace livekit
}  // namespace onair::store
