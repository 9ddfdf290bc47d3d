#include <boost/json/parse.hpp>

#include "api/context.hpp"
#include "api/json_io.hpp"
#include "api/pushes.hpp"
#include "events/event_hub.hpp"

namespace onair::api {
namespace {

/// `GET /ws`: a client's event socket (a signed-in user's, or a visitor's). Clients may send
/// `{"type":"subscribe"|"unsubscribe","streamId":…}` to follow a stream's changes, and
/// `{…,"topic":"live"}` to follow every stream's changes that show in live lists. A visitor hears
/// only of public streams (the pushes are filtered, see pushes.cpp).
class EventSocket final : public http::WsHandler {
 public:
  EventSocket(events::EventHub& hub, User user, std::string session)
      : hub_(hub), user_(std::move(user)), session_(std::move(session)) {}

  void on_open(const std::shared_ptr<http::WsConnection>& socket) override {
    socket_ = socket;
    id_ = hub_.connect(user_.id, socket, session_);
    socket->send(push_hello(user_), false);
  }

  void on_message(std::string_view data, bool binary) override {
    boost::system::error_code ec;
    auto value = json::parse(data, ec);
    const json::object* message = !binary && !ec && value.is_object() ? &value.as_object() : nullptr;
    const json::value* type = message ? message->if_contains("type") : nullptr;
    const json::value* stream = message ? message->if_contains("streamId") : nullptr;
    const json::value* topic = message ? message->if_contains("topic") : nullptr;
    bool subscribe = type != nullptr && type->is_string() && type->as_string() == "subscribe";
    bool unsubscribe = type != nullptr && type->is_string() && type->as_string() == "unsubscribe";
    if (type == nullptr || !type->is_string()) {
      reply_error("invalid_message", kUsage);
    } else if (!subscribe && !unsubscribe) {
      reply_error("invalid_message", "Unknown message type");
    } else if (topic != nullptr) {
      if (!topic->is_string() || topic->as_string() != "live") {
        reply_error("invalid_message", "The one topic is \"live\"");
      } else if (subscribe) {
        hub_.subscribe_live(id_);
        send(push_topic_ack("subscribed", "live"));
      } else {
        hub_.unsubscribe_live(id_);
        send(push_topic_ack("unsubscribed", "live"));
      }
    } else if (stream == nullptr || !stream->is_string() || stream->as_string().empty() ||
               stream->as_string().size() > kMaxIdLength) {
      reply_error("invalid_message", kUsage);
    } else {
      std::string id(stream->as_string());
      if (subscribe) {
        if (!hub_.subscribe(id_, id)) {
          reply_error("too_many_subscriptions", "Unsubscribe from a stream first");
          return;
        }
        send(push_ack("subscribed", id));  // from here on, the stream's events reach this socket
      } else {
        hub_.unsubscribe(id_, id);
        send(push_ack("unsubscribed", id));
      }
    }
  }

  void on_close() override { hub_.disconnect(id_); }

 private:
  static constexpr const char* kUsage =
      "Send {\"type\":\"subscribe\"|\"unsubscribe\",\"streamId\":…} or {…,\"topic\":\"live\"}";

  void send(const SharedBytes& message) {
    if (auto socket = socket_.lock()) socket->send(message, false);
  }

  void reply_error(const char* code, const char* message) { send(push_error(code, message)); }

  events::EventHub& hub_;
  User user_;
  std::string session_;  // its token's hash: a logout or suspension closes the socket
  std::uint64_t id_ = 0;
  std::weak_ptr<http::WsConnection> socket_;
};

}  // namespace

void register_event_routes(http::Router& router, Services& s) {
  router.add_websocket("/ws", [&s](const http::Request& req, const http::Fields&) -> Result<http::WsAccept> {
    auto user = authenticate_or_visit(req, s);
    if (!user) return std::move(user).error();
    std::string session = is_visitor(*user) ? std::string() : session_hash(req);
    return http::WsAccept{std::make_shared<EventSocket>(s.hub, *user, std::move(session)), 4096};
  });
}

}  // namespace onair::api
