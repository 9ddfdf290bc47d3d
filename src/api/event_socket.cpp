#include <boost/json/parse.hpp>

#include "api/context.hpp"
#include "api/json_io.hpp"
#include "api/pushes.hpp"
#include "events/event_hub.hpp"

namespace onair::api {
namespace {

/// `GET /ws`: the signed-in client's event socket. Clients may send
/// `{"type":"subscribe"|"unsubscribe","streamId":…}` to follow a stream's changes.
class EventSocket final : public http::WsHandler {
 public:
  EventSocket(events::EventHub& hub, User user) : hub_(hub), user_(std::move(user)) {}

  void on_open(const std::shared_ptr<http::WsConnection>& socket) override {
    socket_ = socket;
    id_ = hub_.connect(user_.id, socket);
    socket->send(push_hello(user_), false);
  }

  void on_message(std::string_view data, bool binary) override {
    boost::system::error_code ec;
    auto value = json::parse(data, ec);
    const json::object* message = !binary && !ec && value.is_object() ? &value.as_object() : nullptr;
    const json::value* type = message ? message->if_contains("type") : nullptr;
    const json::value* stream = message ? message->if_contains("streamId") : nullptr;
    if (type == nullptr || !type->is_string() || stream == nullptr || !stream->is_string() ||
        stream->as_string().empty() || stream->as_string().size() > kMaxIdLength) {
      reply_error("invalid_message", "Send {\"type\":\"subscribe\"|\"unsubscribe\",\"streamId\":…}");
      return;
    }
    std::string id(stream->as_string());
    if (type->as_string() == "subscribe") {
      if (!hub_.subscribe(id_, id)) {
        reply_error("too_many_subscriptions", "Unsubscribe from a stream first");
        return;
      }
      acknowledge("subscribed", id);  // from here on, the stream's events reach this socket
    } else if (type->as_string() == "unsubscribe") {
      hub_.unsubscribe(id_, id);
      acknowledge("unsubscribed", id);
    } else {
      reply_error("invalid_message", "Unknown message type");
    }
  }

  void on_close() override { hub_.disconnect(id_); }

 private:
  void acknowledge(const char* type, const std::string& stream_id) {
    if (auto socket = socket_.lock()) socket->send(push_ack(type, stream_id), false);
  }

  void reply_error(const char* code, const char* message) {
    if (auto socket = socket_.lock()) socket->send(push_error(code, message), false);
  }

  events::EventHub& hub_;
  User user_;
  std::uint64_t id_ = 0;
  std::weak_ptr<http::WsConnection> socket_;
};

}  // namespace

void register_event_routes(http::Router& router, Services& s) {
  router.add_websocket("/ws", [&s](const http::Request& req, const http::Fields&) -> Result<http::WsAccept> {
    auto user = authenticate(req, s);
    if (!user) return std::move(user).error();
    return http::WsAccept{std::make_shared<EventSocket>(s.hub, *user), 4096};
  });
}

}  // namespace onair::api
