#include "api/context.hpp"
#include "api/json_io.hpp"
#include "livekit/room_events.hpp"
#include "livekit/webhook.hpp"

namespace onair::api {

void register_livekit_routes(http::Router& router, Services& s) {
  // LiveKit calls this with `Authorization: <jwt>` (no Bearer) over the exact body; see
  // livekit::WebhookReceiver. Answered 200 once applied, so LiveKit stops retrying.
  router.add("POST", "/webhooks/livekit", [&s](const http::Request& req, const http::PathParams&) {
    if (s.livekit_webhooks == nullptr || s.livekit_events == nullptr) {
      return error_response(Error{ErrorCode::not_found, "LiveKit is not this server's media backend", {}});
    }
    auto event = s.livekit_webhooks->receive(req.body, req.header("authorization").value_or(""),
                                             s.clock.now_ms() / 1000);
    if (!event) return error_response(event.error());
    if (auto handled = s.livekit_events->handle(*event); !handled) return error_response(handled.error());
    return json_response(200, json::object{{"received", event->id}});
  });
}

}  // namespace onair::api
