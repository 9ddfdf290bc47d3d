#include "api/context.hpp"
#include "media/relay.hpp"
#include "media/stream_token.hpp"
#include "streams/stream_service.hpp"

namespace onair::api {
namespace {

class PublisherSocket final : public http::WsHandler {
 public:
  PublisherSocket(media::Relay& relay, LiveStream stream) : relay_(relay), stream_(std::move(stream)) {}
  void on_open(const std::shared_ptr<http::WsConnection>& socket) override {
    link_ = relay_.attach_publisher(stream_, socket);
  }
  void on_message(std::string_view data, bool binary) override {
    if (binary && link_) link_->on_data(data);  // text frames from the publisher carry nothing yet
  }
  void on_close() override {
    if (link_) link_->on_close();
  }

 private:
  media::Relay& relay_;
  LiveStream stream_;
  std::shared_ptr<media::PublisherLink> link_;
};

class ViewerSocket final : public http::WsHandler {
 public:
  ViewerSocket(media::Relay& relay, LiveStream stream, std::string user_id, std::string watch_id)
      : relay_(relay), stream_(std::move(stream)), user_id_(std::move(user_id)), watch_id_(std::move(watch_id)) {}
  void on_open(const std::shared_ptr<http::WsConnection>& socket) override {
    link_ = relay_.attach_viewer(stream_, user_id_, watch_id_, socket);
    if (!link_) socket->close(1013, "this stream has reached its viewer limit");
  }
  void on_message(std::string_view, bool) override {}
  void on_close() override {
    if (link_) link_->on_close();
  }

 private:
  media::Relay& relay_;
  LiveStream stream_;
  std::string user_id_;
  std::string watch_id_;
  std::shared_ptr<media::ViewerLink> link_;
};

/// The stream a relay token opens, or why it does not.
Result<std::pair<media::StreamTokenClaims, LiveStream>> open_stream(const http::Request& req,
                                                                    const http::Fields& params, Services& s,
                                                                    media::StreamRole role) {
  std::string id;
  for (const auto& [k, v] : params) {
    if (k == "id") id = v;
  }
  auto token = req.query_param("token");
  if (!token) return Error{ErrorCode::unauthenticated, "A media token is required (?token=…)", {}};
  auto claims = s.relay_tokens->verify(*token, s.clock.now_ms());
  if (!claims) return std::move(claims).error();
  if (claims->role != role || claims->stream_id != id) {
    return Error{ErrorCode::forbidden, "This media token is not for this stream", {}};
  }
  auto stream = s.streams.get(id);
  if (!stream) return std::move(stream).error();
  if (stream->status == StreamStatus::ended) return Error{ErrorCode::stream_ended, "This live stream has ended", {}};
  if (role == media::StreamRole::publish && stream->author.id != claims->user_id) {
    return Error{ErrorCode::not_stream_owner, "Only the stream's creator can publish", {}};
  }
  // A watch token is one watching session: after leave (or logout) it opens nothing.
  if (role == media::StreamRole::watch && !s.streams.may_watch(*stream, claims->user_id, claims->watch_id)) {
    return Error{ErrorCode::forbidden, "This watching session has ended; join the stream again", {}};
  }
  return std::pair{std::move(*claims), std::move(*stream)};
}

}  // namespace

void register_relay_routes(http::Router& router, Services& s) {
  if (s.relay == nullptr) return;
  router.add_websocket("/live/{id}/publish", [&s](const http::Request& req, const http::Fields& params)
                                                 -> Result<http::WsAccept> {
    auto opened = open_stream(req, params, s, media::StreamRole::publish);
    if (!opened) return std::move(opened).error();
    return http::WsAccept{std::make_shared<PublisherSocket>(*s.relay, opened->second), 8u << 20};
  });
  router.add_websocket("/live/{id}/watch", [&s](const http::Request& req, const http::Fields& params)
                                               -> Result<http::WsAccept> {
    auto opened = open_stream(req, params, s, media::StreamRole::watch);
    if (!opened) return std::move(opened).error();
    // Another instance holds its publisher: nothing would ever flow here. The player joins again
    // and is given the owner's watch URL.
    const auto& owner = opened->second.owner_instance;
    if (!owner.empty() && owner != s.streams.instance() && !s.relay->publishing(opened->second.id)) {
      return Error{ErrorCode::media_backend_unavailable, "This stream is served by another instance; join it again", {}};
    }
    if (s.relay->viewer_sockets(opened->second.id) >= s.config.relay_max_viewers) {
      return Error{ErrorCode::media_backend_unavailable, "This stream has reached its viewer limit", {}};
    }
    return http::WsAccept{std::make_shared<ViewerSocket>(*s.relay, opened->second, opened->first.user_id,
                                                        opened->first.watch_id),
                          4096};
  });
}

}  // namespace onair::api
