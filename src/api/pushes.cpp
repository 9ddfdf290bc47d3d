#include "api/pushes.hpp"

#include <boost/json/serialize.hpp>

#include "api/context.hpp"
#include "api/json_io.hpp"
#include "chat/chat_service.hpp"
#include "events/event_bus.hpp"
#include "events/event_hub.hpp"

namespace onair::api {
namespace {

SharedBytes shared(const json::object& body) { return std::make_shared<const std::string>(json::serialize(body)); }

/// Hands each live event to the sockets that should see it.
class Pusher {
 public:
  Pusher(events::EventHub& hub, const chat::ChatService& chat) : hub_(hub), chat_(chat) {}

  void operator()(const events::StreamChanged& e) const {
    // Visitors hear only of public streams.
    bool open = e.stream.gating == Gating::everyone;
    auto allowed = [open](const std::string& user_id) { return open || !is_visitor(user_id); };
    auto message = shared({{"type", "stream"}, {"stream", render_stream(e.stream)}});
    hub_.publish_stream_if(e.stream.id, e.stream.author.id, message, allowed);
    if (e.listed) hub_.publish_live(message, allowed);
  }
  void operator()(const events::ChatPosted& e) const {
    to_audience(e.message.stream_id, e.author_id, e.open,
                {{"type", "chat"}, {"message", render_chat_message(e.message)}});
  }
  void operator()(const events::ChatRemoved& e) const {
    to_audience(e.stream_id, e.author_id, e.open,
                {{"type", "chat_removed"}, {"streamId", e.stream_id}, {"messageId", std::to_string(e.message_id)}});
  }
  void operator()(const events::ReactionsCounted& e) const {
    json::object by_kind;
    for (const auto& [kind, n] : e.counts) by_kind[kind] = n;
    to_audience(e.stream_id, e.author_id, e.open,
                {{"type", "reactions"}, {"streamId", e.stream_id}, {"counts", std::move(by_kind)}});
  }
  void operator()(const events::NotificationsCreated& e) const {
    // Only recipients with a socket here need a push: nothing is rendered for anyone else.
    store::Notification shown = e.shown;
    for (const auto& [recipient, id] : e.recipients) {
      if (!hub_.connected(recipient)) continue;
      shown.id = id;
      shown.recipient_id = recipient;
      hub_.publish_to_user(recipient, shared({{"type", "notification"}, {"notification", render_notification(shown)}}));
    }
  }
  void operator()(const events::AudienceAdmitted&) const {}
  void operator()(const events::SessionRevoked& e) const {
    hub_.sign_out(e.token_hash, shared({{"type", "signed_out"}}));
  }
  void operator()(const events::WatchEnded&) const {}
  void operator()(const events::RoomClosing&) const {}
  void operator()(const events::ScheduledChanged& e) const {
    bool open = e.open;
    auto allowed = [open](const std::string& user_id) { return open || !is_visitor(user_id); };
    hub_.publish_live(shared({{"type", "scheduled"},
                              {"scheduledId", e.scheduled_id},
                              {"authorId", e.author_id},
                              {"status", e.status},
                              {"streamId", e.stream_id.empty() ? json::value(nullptr) : json::value(e.stream_id)}}),
                      allowed);
  }
  void operator()(const events::UserBanned& e) const {
    if (e.lifted) {
      hub_.readmit(e.stream_id, e.user_id);
      return;
    }
    hub_.expel(e.stream_id, e.user_id, e.until, shared({{"type", "banned"}, {"streamId", e.stream_id},
                                                        {"until", e.until == 0 ? json::value(nullptr)
                                                                               : json::value(format_iso8601(e.until))}}));
  }

 private:
  /// To the stream's audience; of a public (`open`) stream, to everyone following it.
  void to_audience(const std::string& stream_id, const std::string& author_id, bool open,
                   const json::object& body) const {
    hub_.publish_stream_if(stream_id, author_id, shared(body),
                           [&](const std::string& user_id) { return open || chat_.admitted(stream_id, user_id); });
  }

  events::EventHub& hub_;
  const chat::ChatService& chat_;
};

}  // namespace

SharedBytes push_hello(const User& user) {
  return shared({{"type", "hello"}, {"user", is_visitor(user) ? json::value(nullptr) : json::value(render_user(user))}});
}

SharedBytes push_ack(const char* type, const std::string& stream_id) {
  return shared({{"type", type}, {"streamId", stream_id}});
}

SharedBytes push_topic_ack(const char* type, const char* topic) { return shared({{"type", type}, {"topic", topic}}); }

SharedBytes push_error(const char* code, const char* message) {
  return shared({{"type", "error"}, {"error", json::object{{"code", code}, {"message", message}}}});
}

void push_live_events(events::EventBus& bus, events::EventHub& hub, const chat::ChatService& chat) {
  bus.subscribe([pusher = Pusher(hub, chat)](const events::LiveEvent& event) { std::visit(pusher, event); });
}

}  // namespace onair::api
