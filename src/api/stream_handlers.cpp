#include <charconv>
#include <filesystem>

#include "api/context.hpp"
#include "api/json_io.hpp"
#include "chat/chat_service.hpp"
#include "core/images.hpp"
#include "http/file_response.hpp"
#include "moderation/moderation_service.hpp"
#include "schedule/schedule_service.hpp"
#include "streams/stream_service.hpp"

namespace onair::api {
namespace {

constexpr std::size_t kMaxThumbnailBytes = 256 * 1024;

/// Where the newest live thumbnail of a stream lives (the media directory is shared by instances).
std::string thumbnail_path(const Services& s, const std::string& stream_id) {
  return (std::filesystem::path(s.config.media_dir) / "live-thumbnails" / (stream_id + ".jpg")).string();
}

json::object render_credentials(const streams::MediaCredentials& c) {
  json::object out{{"backend", c.backend}, {"url", c.url}, {"token", c.token}};
  if (!c.hls_url.empty()) out["hlsUrl"] = c.hls_url;
  return out;
}

Result<streams::CreateStreamInput> read_create(const json::object& body) {
  FieldReader f(body);
  streams::CreateStreamInput in;
  auto title = f.string("title", true, 1, 100);
  auto description = f.string("description", false, 0, 2000, TextKind::multiline);
  auto sensitivity = f.string("sensitivity", true, 1, 20);
  auto gating = f.string("gating", true, 1, 20);
  auto price = f.integer("priceCredits", false, 0, 100000);
  if (!f.ok()) return f.take_error();
  auto s = parse_sensitivity(*sensitivity);
  if (!s) return Error::validation("sensitivity", "sensitivity must be \"none\" or \"sensitive\"");
  auto g = parse_gating(*gating);
  if (!g) return Error::validation("gating", "gating must be \"public\", \"followers\" or \"paid\"");
  if (*g == Gating::paid && (!price || *price < 1)) {
    return Error::validation("priceCredits", "priceCredits must be 1–100000 for a paid stream");
  }
  if (*g != Gating::paid && price && *price != 0) {
    return Error::validation("priceCredits", "priceCredits is only for paid streams");
  }
  in.title = std::move(*title);
  in.description = description.value_or("");
  in.sensitivity = *s;
  in.gating = *g;
  in.price_credits = price.value_or(0);
  return in;
}

}  // namespace

void register_stream_routes(http::Router& router, Services& s) {
  router.add("POST", "/api/live-streams", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate(req, s);
    if (!user) return error_response(user.error());
    auto body = parse_object(req);
    if (!body) return error_response(body.error());
    // From a scheduled live: the stream takes the entry's settings.
    std::optional<std::string> scheduled_id;
    if (body->contains("scheduledId")) {
      FieldReader f(*body);
      scheduled_id = f.string("scheduledId", true, 1, kMaxIdLength);
      if (!f.ok()) return error_response(f.take_error());
    }
    Result<streams::CreateStreamInput> input = streams::CreateStreamInput{};
    if (scheduled_id && s.schedule != nullptr) {
      auto entry = s.schedule->to_start(*user, *scheduled_id);
      if (!entry) return error_response(entry.error());
      input = streams::CreateStreamInput{entry->title, entry->description, entry->sensitivity, entry->gating,
                                         entry->price_credits};
    } else {
      input = read_create(*body);
    }
    if (!input) return error_response(input.error());
    auto grant = s.streams.create(*user, *input);
    if (!grant) return error_response(grant.error());
    if (scheduled_id && s.schedule != nullptr) s.schedule->started(*scheduled_id, grant->stream.id);
    return json_response(201, json::object{{"stream", render_stream(grant->stream)},
                                           {"publish", render_credentials(grant->publish)}});
  });

  router.add("GET", "/api/live-streams", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate_or_visit(req, s);
    if (!user) return error_response(user.error());
    auto scope_text = req.query_param("scope").value_or("all");
    if (scope_text != "all" && scope_text != "following") {
      return error_response(Error::validation("scope", "scope must be \"all\" or \"following\""));
    }
    auto scope = scope_text == "all" ? streams::ListScope::all : streams::ListScope::following;
    if (is_visitor(*user)) {
      if (scope == streams::ListScope::following) {
        return error_response(Error{ErrorCode::unauthenticated, "Sign in to see who you follow", {}});
      }
      scope = streams::ListScope::public_only;
    }
    auto limit = read_limit(req, 20, 50);
    if (!limit) return error_response(limit.error());
    auto cursor = req.query_param("cursor");
    if (cursor && cursor->empty()) cursor.reset();
    auto page = s.streams.list_active(*user, scope, cursor, *limit);
    if (!page) return error_response(page.error());
    json::array items;
    for (const auto& stream : page->items) items.push_back(render_stream(stream));
    return page_response(std::move(items), page->next_cursor);
  });

  router.add("GET", "/api/live-streams/{id}",
             visitor_id_route(s, "Live stream", [&s](const http::Request&, const User& user, const std::string& id) {
               auto stream = s.streams.get(id);
               if (!stream) return error_response(stream.error());
               if (is_visitor(user) && stream->gating != Gating::everyone) {
                 return error_response(visitor_refused(*stream));
               }
               return json_response(200, json::object{{"stream", render_stream(*stream)}});
             }));

  router.add("POST", "/api/live-streams/{id}/join",
             visitor_id_route(s, "Live stream", [&s](const http::Request& req, const User& user, const std::string& id) {
               auto body = parse_object(req, true);
               if (!body) return error_response(body.error());
               FieldReader f(*body);
               auto ack = f.boolean("acknowledgeSensitive", false);
               auto resume = f.string("watchId", false, 1, kMaxIdLength);  // a reconnect continues it
               if (!f.ok()) return error_response(f.take_error());
               bool visitor = is_visitor(user);
               if (visitor && !s.limits.visitor_joins->allow(req.remote, s.clock.now_ms())) {
                 return error_response(Error{ErrorCode::rate_limited, "Too many joins; sign in or wait a minute", {}});
               }
               auto grant = s.streams.join(user, id, ack.value_or(false), resume, req.remote);
               if (!grant) return error_response(visitor ? for_visitor(s, id, grant.error()) : grant.error());
               if (grant->stream.gating != Gating::everyone) s.chat.admit(id, user.id);
               auto res = json_response(200, json::object{{"stream", render_stream(grant->stream)},
                                                          {"watch", render_credentials(grant->watch)},
                                                          {"watchId", grant->watch_id},
                                                          {"canModerate", grant->can_moderate}});
               if (auto cookie = visitor_cookie(req, user)) res.headers.emplace_back("Set-Cookie", *cookie);
               return res;
             }));

  router.add("POST", "/api/live-streams/{id}/leave",
             visitor_id_route(s, "Live stream", [&s](const http::Request&, const User& user, const std::string& id) {
               auto left = s.streams.leave(user, id);
               return left ? no_content() : error_response(left.error());
             }));

  router.add("PUT", "/api/live-streams/{id}/thumbnail",
             id_route(s, "Live stream", [&s](const http::Request& req, const User& user, const std::string& id) {
               if (req.body.size() > kMaxThumbnailBytes) {
                 return error_response(Error{ErrorCode::payload_too_large, "A thumbnail is at most 256 KB", {}});
               }
               std::string type(req.header("content-type").value_or(""));
               if (type.substr(0, type.find(';')) != "image/jpeg" || sniff_image(req.body) != "image/jpeg") {
                 return error_response(Error{ErrorCode::validation_failed, "Send a JPEG of at most 256 KB",
                                             {{"field", std::string("body")}}});
               }
               auto stream = s.streams.may_post_thumbnail(user, id);
               if (!stream) return error_response(stream.error());
               if (!s.limits.thumbnails->allow(id, s.clock.now_ms())) {
                 return error_response(Error{ErrorCode::rate_limited, "One thumbnail every 5 seconds", {}});
               }
               if (!write_file_atomically(thumbnail_path(s, id), req.body)) {
                 return error_response(Error{ErrorCode::internal, "The thumbnail could not be stored", {}});
               }
               auto posted = s.streams.thumbnail_posted(user, id);
               return posted ? no_content() : error_response(posted.error());
             }));

  router.add("GET", "/media/live/{id}/thumbnail.jpg",
             [&s](const http::Request& req, const http::PathParams& p) -> http::Response {
               const std::string& id = p["id"];
               if (id.empty() || id.size() > kMaxIdLength) return error_response(Error::not_found("Thumbnail"));
               return http::file_response(req, thumbnail_path(s, id), "image/jpeg");
             });

  router.add("PUT", "/api/live-streams/{id}/state",
             id_route(s, "Live stream", [&s](const http::Request& req, const User& user, const std::string& id) {
               auto body = parse_object(req);
               if (!body) return error_response(body.error());
               FieldReader f(*body);
               auto camera = f.boolean("cameraOn", false);
               auto microphone = f.boolean("microphoneOn", false);
               if (!f.ok()) return error_response(f.take_error());
               auto changed = s.streams.set_media_state(user, id, camera, microphone);
               if (!changed) return error_response(changed.error());
               return json_response(200, json::object{{"stream", render_stream(*changed)}});
             }));

  router.add("POST", "/api/live-streams/{id}/end",
             id_route(s, "Live stream", [&s](const http::Request& req, const User& user, const std::string& id) {
               auto body = parse_object(req);
               if (!body) return error_response(body.error());
               FieldReader f(*body);
               auto save = f.boolean("saveRecording", true);
               if (!f.ok()) return error_response(f.take_error());
               auto ended = s.streams.end(user, id, *save);
               if (!ended) return error_response(ended.error());
               return render_end(*ended, s);
             }));
}

}  // namespace onair::api
