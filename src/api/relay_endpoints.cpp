#include <atomic>
#include <charconv>

#include "api/context.hpp"
#include "api/json_io.hpp"
#include "media/hls.hpp"
#include "media/relay.hpp"
#include "media/relay_backend.hpp"
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

/// How long a blocking playlist reload or a preload-hinted part waits for its media (three target
/// durations, as LL-HLS asks), after which it is answered 503.
constexpr std::chrono::seconds kHlsWait{6};

std::optional<std::int64_t> query_number(const http::Request& req, const std::string& name, bool& bad) {
  auto text = req.query_param(name);
  if (!text) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 0) bad = true;
  return value;
}

http::Response with_hls_headers(http::Response response, const char* cache) {
  response.headers.emplace_back("Cache-Control", cache);
  // Players on other origins (a CDN, an embed) read it too; the token is the gate.
  response.headers.emplace_back("Access-Control-Allow-Origin", "*");
  return response;
}

/// The answer to an HLS request as things stand now. An open stream's answers (no token) are the
/// same for everyone: a CDN may keep a playlist for a second and a part for a minute.
http::Response hls_answer(const media::HlsStream& hls, const std::string& file, const std::string& query) {
  bool open = query.empty();
  if (file == "playlist.m3u8") {
    auto text = hls.playlist(query);
    if (text.empty()) {
      auto busy = error_response(Error{ErrorCode::media_backend_unavailable, "The stream has no media yet; try again", {}});
      busy.headers.emplace_back("Retry-After", "1");
      return busy;
    }
    http::Response response{200, "application/vnd.apple.mpegurl", {}, std::move(text), std::nullopt};
    return with_hls_headers(std::move(response), open ? "public, max-age=1" : "no-cache");
  }
  auto bytes = hls.file(file);
  if (!bytes) return error_response(Error{ErrorCode::not_found, "This part of the stream is gone or was never made", {}});
  http::Response response{200, "video/mp4", {}, *bytes, std::nullopt};
  return with_hls_headers(std::move(response), open ? "public, max-age=60" : "private, max-age=60");
}

/// GET /live/{id}/hls/{file}: the LL-HLS playlist and its files (API.md "HLS of the same stream").
void serve_hls(Services& s, const http::Request& req, const http::PathParams& params, const http::Respond& respond) {
  auto fail = [&](Error error) { respond(with_hls_headers(error_response(error), "no-cache")); };
  const auto& id = params["id"];
  const auto& file = params["file"];
  auto token = req.query_param("token");
  // With ONAIR_HLS_CDN, a public stream's HLS is the same for everyone: no token, cacheable.
  bool open = false;
  if (!token) {
    if (s.config.hls_cdn) {
      auto stream = s.streams.get(id);
      open = stream && media::hls_open_to_all(*stream);
    }
    if (!open) return fail(Error{ErrorCode::unauthenticated, "A media token is required (?token=…)", {}});
  } else {
    auto claims = s.relay_tokens->verify(*token, s.clock.now_ms());
    if (!claims) return fail(std::move(claims).error());
    if (claims->role != media::StreamRole::hls || claims->stream_id != id) {
      return fail(Error{ErrorCode::forbidden, "This media token is not for this stream's HLS", {}});
    }
  }
  auto hls = s.relay->hls(id);
  if (!hls) {
    return fail(Error{ErrorCode::not_found, "This stream has no HLS here: it is not H.264, or not live on this server", {}});
  }
  media::HlsStream::Wanted wanted;
  if (file == "playlist.m3u8") {
    bool bad = false;
    wanted.msn = query_number(req, "_HLS_msn", bad);
    wanted.part = query_number(req, "_HLS_part", bad);
    if (bad || (wanted.part && !wanted.msn)) {
      return fail(Error::validation("_HLS_msn", "_HLS_msn (and _HLS_part with it) must be whole numbers"));
    }
  } else {
    wanted.file = file;
  }
  std::string query = open ? std::string() : "?token=" + *token;
  switch (hls->readiness(wanted)) {
    case media::HlsStream::Readiness::ready:
      return respond(hls_answer(*hls, file, query));
    case media::HlsStream::Readiness::never:
      if (wanted.file.empty()) {
        return fail(Error::validation("_HLS_msn", "That media sequence number is too far ahead of the live edge"));
      }
      return fail(Error{ErrorCode::not_found, "This part of the stream is gone or was never made", {}});
    case media::HlsStream::Readiness::later:
      break;
  }
  // Waits without a thread: answered when the media comes, the stream ends, or after kHlsWait.
  auto done = std::make_shared<std::atomic<bool>>(false);
  auto finish = [done, respond, hls, file, query](bool timed_out) {
    if (done->exchange(true)) return;
    if (timed_out) {
      auto busy = error_response(Error{ErrorCode::media_backend_unavailable, "No new media in time; try again", {}});
      busy.headers.emplace_back("Retry-After", "1");
      respond(with_hls_headers(std::move(busy), "no-cache"));
    } else {
      respond(hls_answer(*hls, file, query));
    }
  };
  auto timer = s.scheduler->after(kHlsWait, [finish] { finish(true); });
  hls->when_ready(std::move(wanted), [finish, timer] {
    timer->cancel();
    finish(false);
  });
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
  router.add_deferred("GET", "/live/{id}/hls/{file}",
                      [&s](const http::Request& req, const http::PathParams& params, http::Respond respond) {
                        serve_hls(s, req, params, respond);
                      });
}

}  // namespace onair::api
