#pragma once

#include <string>

#include "core/model.hpp"
#include "core/scheduler.hpp"

namespace onair::events {
class EventBus;
class EventHub;
}
namespace onair::chat {
class ChatService;
}

namespace onair::api {

/// What the event socket (`GET /ws`) sends, rendered in one place (API.md "Event socket").
/// `user` null for a visitor.
SharedBytes push_hello(const User& user);
/// `{"type": "subscribed"|"unsubscribed", "topic"}`.
SharedBytes push_topic_ack(const char* type, const char* topic);
/// `{"type":"subscribed"|"unsubscribed","streamId":…}`
SharedBytes push_ack(const char* type, const std::string& stream_id);
SharedBytes push_error(const char* code, const char* message);

/// Renders the bus's live events once each and hands them to this instance's event sockets:
/// stream changes to the stream's author and subscribers, chat, removals and reactions to the
/// subscribers in the stream's audience (`chat`), notifications to their recipients' sockets.
void push_live_events(events::EventBus& bus, events::EventHub& hub, const chat::ChatService& chat);

}  // namespace onair::api
