#include <charconv>
#include <filesystem>

#include "api/context.hpp"
#include "api/json_io.hpp"
#include "http/file_response.hpp"
#include "http/multipart.hpp"
#include "reels/reel_service.hpp"

namespace onair::api {
namespace {

}  // namespace

http::Response render_end(const LiveStream& stream, Services& s) {
  json::value reel = nullptr;
  if (stream.reel_id) {
    if (auto found = s.reels.get(*stream.reel_id)) reel = render_reel(*found);
  }
  return json_response(200, json::object{{"stream", render_stream(stream)}, {"reel", std::move(reel)}});
}

namespace {

/// The reel fields of an upload (query string or form fields) and its media type.
Result<reels::ReelService::UploadInput> read_upload(const http::Fields& given, std::string type) {
  json::object fields;
  for (const auto& [key, value] : given) {
    if (key == "priceCredits") {
      std::int64_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc{} || end != value.data() + value.size()) {
        return Error::validation("priceCredits", "priceCredits must be a whole number");
      }
      fields[key] = n;
    } else {
      fields[key] = value;
    }
  }
  FieldReader f(fields);
  reels::ReelService::UploadInput in;
  auto title = f.string("title", true, 1, 100);
  auto description = f.string("description", false, 0, 2000, TextKind::multiline);
  auto sensitivity = f.string("sensitivity", false, 1, 20);
  auto gating = f.string("gating", false, 1, 20);
  auto price = f.integer("priceCredits", false, 0, 100000);
  if (!f.ok()) return f.take_error();
  auto s = parse_sensitivity(sensitivity.value_or("none"));
  if (!s) return Error::validation("sensitivity", "sensitivity must be \"none\" or \"sensitive\"");
  auto g = parse_gating(gating.value_or("public"));
  if (!g) return Error::validation("gating", "gating must be \"public\", \"followers\" or \"paid\"");
  if (*g == Gating::paid && (!price || *price < 1)) {
    return Error::validation("priceCredits", "priceCredits must be 1–100000 for a paid reel");
  }
  type = type.substr(0, type.find(';'));
  if (type != "video/webm" && type != "video/mp4") {
    return Error{ErrorCode::validation_failed, "Upload a video/webm or video/mp4 body", {{"field", std::string("Content-Type")}}};
  }
  in.title = std::move(*title);
  in.description = description.value_or("");
  in.sensitivity = *s;
  in.gating = *g;
  in.price_credits = price.value_or(0);
  in.media_type = type;
  return in;
}

}  // namespace

void register_reel_routes(http::Router& router, Services& s) {
  router.add_upload(
      "POST", "/api/reels",
      [&s](const http::Request& req, const http::PathParams&) {
        auto user = authenticate(req, s);
        if (!user) return error_response(user.error());
        std::string type(req.header("content-type").value_or(""));
        if (http::multipart_boundary(type)) return no_content();  // its fields arrive with the body
        auto input = read_upload(req.query, type);
        if (!input) return error_response(input.error());
        return no_content();
      },
      [&s](const http::Request& req, const http::PathParams&) {
        auto user = authenticate(req, s);
        if (!user) return error_response(user.error());
        std::string type(req.header("content-type").value_or(""));
        http::Fields fields = req.query;
        std::string file = req.body_file;
        if (auto boundary = http::multipart_boundary(type)) {
          file = req.body_file + ".video";
          auto form = http::split_multipart(req.body_file, *boundary, file);
          if (!form) {
            std::error_code ec;
            std::filesystem::remove(file, ec);
            return error_response(form.error());
          }
          fields.insert(fields.end(), form->fields.begin(), form->fields.end());
          type = form->file_type;
          if (type.empty() || type == "application/octet-stream") {
            type = form->file_name.ends_with(".mp4") ? "video/mp4" : "video/webm";
          }
        }
        struct Remove {
          std::string path;
          ~Remove() {
            std::error_code ec;
            std::filesystem::remove(path, ec);
          }
        } cleanup{file != req.body_file ? file : std::string()};
        auto input = read_upload(fields, type);
        if (!input) return error_response(input.error());
        auto reel = s.reels.create_uploaded(*user, *input, file);
        if (!reel) return error_response(reel.error());
        return json_response(201, json::object{{"reel", render_reel(*reel)}});
      },
      static_cast<std::uint64_t>(s.config.max_upload_bytes));
  router.add("GET", "/api/reels", [&s](const http::Request& req, const http::PathParams&) {
    auto user = authenticate_or_visit(req, s);
    if (!user) return error_response(user.error());
    auto scope = req.query_param("scope").value_or("all");
    if (scope != "all" && scope != "following") {
      return error_response(Error::validation("scope", "scope must be \"all\" or \"following\""));
    }
    if (scope == "following" && is_visitor(*user)) {
      return error_response(Error{ErrorCode::unauthenticated, "Sign in to see who you follow", {}});
    }
    auto limit = read_limit(req, 10, 50);
    if (!limit) return error_response(limit.error());
    auto cursor = req.query_param("cursor");
    if (cursor && cursor->empty()) cursor.reset();
    auto page = s.reels.list(*user, scope == "following", cursor, *limit);
    if (!page) return error_response(page.error());
    json::array items;
    for (const auto& reel : page->items) items.push_back(render_reel(reel));
    return page_response(std::move(items), page->next_cursor);
  });

  router.add("GET", "/api/reels/{id}", visitor_id_route(s, "Reel", [&s](const http::Request&, const User& user, const std::string& id) {
               auto reel = s.reels.get_for(user, id);
               if (!reel) return error_response(reel.error());
               return json_response(200, json::object{{"reel", render_reel(*reel)}});
             }));

  router.add("PATCH", "/api/reels/{id}",
             id_route(s, "Reel", [&s](const http::Request& req, const User& user, const std::string& id) {
               auto body = parse_object(req);
               if (!body) return error_response(body.error());
               FieldReader f(*body);
               auto title = f.string("title", false, 1, 100);
               auto description = f.string("description", false, 0, 2000, TextKind::multiline);
               if (!f.ok()) return error_response(f.take_error());
               auto reel = s.reels.update(user, id, title, description);
               if (!reel) return error_response(reel.error());
               return json_response(200, json::object{{"reel", render_reel(*reel)}});
             }));

  router.add("DELETE", "/api/reels/{id}",
             id_route(s, "Reel", [&s](const http::Request&, const User& user, const std::string& id) {
               auto removed = s.reels.remove(user, id);
               return removed ? no_content() : error_response(removed.error());
             }));

  auto media = [&s](bool thumbnail) {
    return visitor_id_route(s, "Reel", [&s, thumbnail](const http::Request& req, const User& user, const std::string& id) {
      auto reel = s.reels.get_for(user, id);
      if (!reel) return error_response(reel.error());
      if (is_visitor(user) && reel->gating != Gating::everyone) {
        return error_response(Error{ErrorCode::unauthenticated, "Sign in to watch this reel", {}});
      }
      if (auto allowed = s.reels.can_watch(user, *reel); !allowed) return error_response(allowed.error());
      if (thumbnail) {
        if (!reel->thumbnail_path) return error_response(Error::not_found("Thumbnail"));
        return http::file_response(req, *reel->thumbnail_path, "image/jpeg");
      }
      return http::file_response(req, reel->media_path, reel->media_type);
    });
  };
  router.add("GET", "/media/reels/{id}", media(false));
  router.add("GET", "/media/reels/{id}/thumbnail", media(true));
}

}  // namespace onair::api
