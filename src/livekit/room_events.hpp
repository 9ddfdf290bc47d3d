#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/scheduler.hpp"
#include "livekit/webhook.hpp"

namespace onair::store {
class Database;
}
namespace onair::streams {
class StreamService;
}

namespace onair::livekit {

class LiveKitBackend;

/// Drives streams from LiveKit: webhooks as they come, and a periodic reconcile against
/// LiveKit's own view (webhooks can be lost, late, repeated or out of order).
///
/// - The publisher publishing (track_published, or participant_joined with tracks) → `live`,
///   and on the first start the recording begins; the publisher leaving (participant_left, or
///   its last track unpublished) → `interrupted`, ended as `broadcaster_lost` when it is not
///   back within `grace`; room_finished → `ended`.
/// - Publisher events apply in `createdAt` order: one older than the newest applied is ignored.
/// - A viewer leaving ends its watching session (the viewer count).
/// - egress_* events record the egress; egress_ended completes or fails the recording.
/// - Each webhook id is handled once.
/// Blocking: call from the worker pool.
class RoomEvents {
 public:
  RoomEvents(streams::StreamService& streams, LiveKitBackend& backend, store::Database& db, Scheduler& scheduler,
             const Clock& clock, std::chrono::seconds grace);

  /// Applies one verified webhook (duplicates are acknowledged and ignored).
  Status handle(const WebhookEvent& event);

  /// Compares open streams with LiveKit's rooms and participants and repairs what differs:
  /// publisher presence, viewers who left unseen, interrupted streams past their grace, rooms
  /// without an open stream, egresses that ended unseen, old webhook ids.
  void reconcile();

 private:
  void apply(const WebhookEvent& event, const std::string& stream_id);
  /// Records a publisher event at `event_at` unless a newer one was applied; true to apply it.
  bool newest_publisher_event(const std::string& stream_id, std::int64_t event_at);
  void publisher_present(const std::string& stream_id, std::int64_t event_at);
  void publisher_gone(const std::string& stream_id, std::int64_t event_at);
  void egress_changed(const std::string& stream_id, const EgressInfo& egress);
  void check_grace(const std::string& stream_id);
  void reconcile_stream(const std::string& stream_id);

  streams::StreamService& streams_;
  LiveKitBackend& backend_;
  store::Database& db_;
  Scheduler& scheduler_;
  const Clock& clock_;
  std::chrono::seconds grace_;
  std::mutex mutex_;                              // guards interrupted_since_
  std::map<std::string, TimeMs> interrupted_since_;  // stream id → when onair saw the publisher go
};

}  // namespace onair::livekit
