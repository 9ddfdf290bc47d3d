#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/model.hpp"
#include "core/result.hpp"
#include "core/text.hpp"
#include "http/message.hpp"

namespace onair::api {

namespace json = boost::json;

/// The request body as a JSON object. An empty body is `{}` when `allow_empty`; anything else
/// that is not a JSON object is invalid_json.
Result<json::object> parse_object(const http::Request& request, bool allow_empty = false);

/// Reads typed fields from a JSON object, keeping the first problem as a validation_failed error
/// that names the field. Reads after a problem return nullopt.
class FieldReader {
 public:
  explicit FieldReader(const json::object& object) : object_(object) {}

  /// A string of `min`..`max` characters (UTF-8 code points) that passes the text rule for its
  /// `kind` (core/text.hpp), trimmed of surrounding spaces unless it is a secret (passwords).
  std::optional<std::string> string(std::string_view key, bool required, std::size_t min, std::size_t max,
                                    TextKind kind = TextKind::line);
  std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min, std::int64_t max);
  std::optional<bool> boolean(std::string_view key, bool required);

  bool ok() const { return !error_; }
  Error take_error() { return std::move(*error_); }

 private:
  const json::value* find(std::string_view key, bool required);
  void fail(std::string_view key, std::string message);

  const json::object& object_;
  std::optional<Error> error_;
};

/// `?limit=` as a whole number from 1 to `max`, or `fallback` when absent; validation_failed
/// naming `limit` otherwise.
Result<int> read_limit(const http::Request& request, int fallback, int max);

json::object render_user(const User& user);
json::object render_stream(const LiveStream& stream);
json::object render_reel(const Reel& reel);

}  // namespace onair::api
namespace onair::store {
struct Notification;
}
namespace onair::moderation {
struct Ban;
}
namespace onair::api {
json::object render_notification(const store::Notification& notification);
/// API.md `ban`: `{creator, user, until|null, reason, createdAt, createdBy}`.
json::object render_ban(const moderation::Ban& ban);

http::Response json_response(int status, const json::value& body);
http::Response no_content();
/// `{items, nextCursor|null}` plus any `extra` fields.
http::Response page_response(json::array items, const std::optional<std::string>& next_cursor,
                             json::object extra = {});
/// The API.md error body with the status that `error.code` maps to.
http::Response error_response(const Error& error);
int status_for(ErrorCode code);

}  // namespace onair::api
