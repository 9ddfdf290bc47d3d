#include "api/json_io.hpp"

#include <charconv>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace onair::api {
namespace {

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

json::value time_or_null(const std::optional<TimeMs>& t) {
  return t ? json::value(format_iso8601(*t)) : json::value(nullptr);
}

json::value string_or_null(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

/// `application/json`, with parameters (charset) allowed.
bool is_json_type(std::optional<std::string_view> type) {
  if (!type) return false;
  return equals_ignoring_case(trim(type->substr(0, type->find(';'))), "application/json");
}

}  // namespace

Result<json::object> parse_object(const http::Request& request, bool allow_empty) {
  if (trim(request.body).empty()) {
    if (allow_empty) return json::object{};
    return Error{ErrorCode::invalid_json, "The request body must be a JSON object", {}};
  }
  // Only JSON is read as JSON: a form or text/plain body is what a foreign page can send without
  // asking the browser first.
  if (!is_json_type(request.header("content-type"))) {
    return Error{ErrorCode::unsupported_media_type, "Send the body as Content-Type: application/json", {}};
  }
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 32;
  json::value value = json::parse(request.body, ec, {}, options);
  if (ec) return Error{ErrorCode::invalid_json, "The request body is not valid JSON: " + ec.message(), {}};
  if (!value.is_object()) return Error{ErrorCode::invalid_json, "The request body must be a JSON object", {}};
  return std::move(value.as_object());
}

const json::value* FieldReader::find(std::string_view key, bool required) {
  if (error_) return nullptr;
  auto it = object_.find(key);
  if (it == object_.end() || it->value().is_null()) {
    if (required) fail(key, std::string(key) + " is required");
    return nullptr;
  }
  return &it->value();
}

void FieldReader::fail(std::string_view key, std::string message) {
  if (!error_) error_ = Error::validation(std::string(key), std::move(message));
}

std::optional<std::string> FieldReader::string(std::string_view key, bool required, std::size_t min,
                                               std::size_t max, TextKind kind) {
  const auto* v = find(key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    fail(key, std::string(key) + " must be a string");
    return std::nullopt;
  }
  std::string_view text = v->as_string();
  if (kind != TextKind::secret) text = trim(text);
  if (!is_clean_text(text, kind)) {
    fail(key, std::string(key) +
                  (kind == TextKind::multiline ? " must not hold control characters other than new lines"
                                               : " must be one line without control characters"));
    return std::nullopt;
  }
  auto length = utf8_length(text);
  if (length < min || length > max) {
    fail(key, min == max ? std::string(key) + " has the wrong length"
                         : std::string(key) + " must be " + std::to_string(min) + "–" + std::to_string(max) +
                               " characters");
    return std::nullopt;
  }
  return std::string(text);
}

std::optional<std::int64_t> FieldReader::integer(std::string_view key, bool required, std::int64_t min,
                                                 std::int64_t max) {
  const auto* v = find(key, required);
  if (v == nullptr) return std::nullopt;
  std::int64_t n = 0;
  if (v->is_int64()) {
    n = v->as_int64();
  } else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    n = static_cast<std::int64_t>(v->as_uint64());
  } else if (v->is_double() && v->as_double() >= -9.0e15 && v->as_double() <= 9.0e15 &&
             v->as_double() == static_cast<double>(static_cast<std::int64_t>(v->as_double()))) {
    // The range check comes first: casting a double past int64's range is undefined (1e300).
    n = static_cast<std::int64_t>(v->as_double());
  } else {
    fail(key, std::string(key) + " must be a whole number");
    return std::nullopt;
  }
  if (n < min || n > max) {
    fail(key, std::string(key) + " must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> FieldReader::boolean(std::string_view key, bool required) {
  const auto* v = find(key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_bool()) {
    fail(key, std::string(key) + " must be true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

Result<int> read_limit(const http::Request& request, int fallback, int max) {
  auto text = request.query_param("limit");
  if (!text) return fallback;
  int limit = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc{} || end != text->data() + text->size() || limit < 1 || limit > max) {
    return Error::validation("limit", "limit must be a whole number from 1 to " + std::to_string(max));
  }
  return limit;
}

json::object render_user(const User& user) {
  json::object out{{"id", user.id},
                   {"handle", user.handle},
                   {"displayName", user.display_name},
                   {"createdAt", format_iso8601(user.created_at)},
                   {"isAdmin", user.is_admin},
                   {"avatarUrl", user.avatar_at ? json::value("/media/avatars/" + user.id + "?v=" +
                                                              std::to_string(*user.avatar_at))
                                                : json::value(nullptr)}};
  if (user.bio) out["bio"] = *user.bio;
  return out;
}

json::object render_stream(const LiveStream& s) {
  return json::object{{"id", s.id},
                      {"author", render_user(s.author)},
                      {"title", s.title},
                      {"description", s.description},
                      {"status", to_string(s.status)},
                      {"sensitivity", to_string(s.sensitivity)},
                      {"gating", to_string(s.gating)},
                      {"priceCredits", s.price_credits},
                      {"viewerCount", s.viewer_count},
                      {"peakViewers", s.peak_viewers},
                      {"createdAt", format_iso8601(s.created_at)},
                      {"startedAt", time_or_null(s.started_at)},
                      {"endedAt", time_or_null(s.ended_at)},
                      {"endReason", string_or_null(s.end_reason)},
                      {"recording", to_string(s.recording)},
                      {"reelId", string_or_null(s.reel_id)},
                      {"thumbnailUrl", s.thumbnail_at ? json::value("/media/live/" + s.id + "/thumbnail.jpg?v=" +
                                                                     std::to_string(*s.thumbnail_at))
                                                      : json::value(nullptr)},
                      {"cameraOn", s.camera_on},
                      {"microphoneOn", s.microphone_on}};
}

json::object render_reel(const Reel& r) {
  return json::object{{"id", r.id},
                      {"author", render_user(r.author)},
                      {"title", r.title},
                      {"description", r.description},
                      {"durationMs", r.duration_ms},
                      {"videoUrl", "/media/reels/" + r.id},
                      {"thumbnailUrl", r.thumbnail_path ? json::value("/media/reels/" + r.id + "/thumbnail")
                                                        : json::value(nullptr)},
                      {"createdAt", format_iso8601(r.created_at)},
                      {"sourceStreamId", string_or_null(r.source_stream_id)},
                      {"sensitivity", to_string(r.sensitivity)},
                      {"gating", to_string(r.gating)},
                      {"priceCredits", r.price_credits}};
}

http::Response json_response(int status, const json::value& body) {
  http::Response r;
  r.status = status;
  r.body = json::serialize(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

http::Response page_response(json::array items, const std::optional<std::string>& next_cursor, json::object extra) {
  extra["items"] = std::move(items);
  extra["nextCursor"] = next_cursor ? json::value(*next_cursor) : json::value(nullptr);
  return json_response(200, extra);
}

http::Response no_content() {
  http::Response r;
  r.status = 204;
  r.content_type.clear();
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

int status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_json:
    case ErrorCode::validation_failed: return 400;
    case ErrorCode::unauthenticated: return 401;
    case ErrorCode::payment_required: return 402;
    case ErrorCode::forbidden:
    case ErrorCode::followers_only:
    case ErrorCode::sensitive_content_not_acknowledged:
    case ErrorCode::not_stream_owner: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::method_not_allowed: return 405;
    case ErrorCode::stream_ended:
    case ErrorCode::handle_taken:
    case ErrorCode::email_taken:
    case ErrorCode::already_live:
    case ErrorCode::insufficient_credits:
    case ErrorCode::idempotency_key_reused:
    case ErrorCode::conflict: return 409;
    case ErrorCode::payload_too_large: return 413;
    case ErrorCode::unsupported_media_type: return 415;
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::banned: return 403;
    case ErrorCode::suspended: return 403;
    case ErrorCode::slow_mode: return 429;
    case ErrorCode::message_blocked: return 400;
    case ErrorCode::media_backend_unavailable: return 503;
    case ErrorCode::internal: return 500;
  }
  return 500;
}

http::Response error_response(const Error& error) {
  json::object body{{"code", error_code_name(error.code)}, {"message", error.message}};
  if (!error.details.empty()) {
    json::object details;
    for (const auto& [key, value] : error.details) {
      std::visit(
          [&, &k = key](const auto& v) {
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>) {
              details[k] = nullptr;
            } else {
              details[k] = v;
            }
          },
          value);
    }
    body["details"] = std::move(details);
  }
  return json_response(status_for(error.code), json::object{{"error", std::move(body)}});
}

}  // namespace onair::api
