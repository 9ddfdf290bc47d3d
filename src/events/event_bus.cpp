#include "events/event_bus.hpp"

#include <spdlog/spdlog.h>

namespace onair::events {

void LocalBus::subscribe(Handler handler) { handlers_.push_back(std::move(handler)); }

void LocalBus::publish(const LiveEvent& event) { deliver(event); }

void LocalBus::deliver(const LiveEvent& event) {
  for (const auto& handler : handlers_) {
    try {
      handler(event);
    } catch (const std::exception& e) {
      spdlog::error("events: a {} handler failed: {}", kind_name(event), e.what());
    }
  }
}

const char* kind_name(const LiveEvent& event) {
  struct Names {
    const char* operator()(const StreamChanged&) const { return "stream"; }
    const char* operator()(const ChatPosted&) const { return "chat"; }
    const char* operator()(const ChatRemoved&) const { return "chat_removed"; }
    const char* operator()(const ReactionsCounted&) const { return "reactions"; }
    const char* operator()(const NotificationsCreated&) const { return "notifications"; }
    const char* operator()(const AudienceAdmitted&) const { return "admitted"; }
    const char* operator()(const SessionRevoked&) const { return "session_revoked"; }
    const char* operator()(const WatchEnded&) const { return "watch_ended"; }
    const char* operator()(const RoomClosing&) const { return "room_closing"; }
    const char* operator()(const UserBanned&) const { return "banned"; }
    const char* operator()(const ScheduledChanged&) const { return "scheduled"; }
  };
  return std::visit(Names{}, event);
}

}  // namespace onair::events
