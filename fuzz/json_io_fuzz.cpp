// The API's JSON request readers: parse_object, FieldReader and read_limit.
//
// Input: the request target (path and query) line, the Content-Type line, then the body. Every key
// of a parsed object is read as a string of each text kind, an integer and a boolean with several
// bounds, and each answer is checked against what FieldReader promises; the fields of the real
// handlers (stream creation, signup) are read too.
#include <boost/json/serialize.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

#include "api/json_io.hpp"
#include "core/text.hpp"

namespace {

using onair::ErrorCode;
using onair::TextKind;
using onair::api::FieldReader;
namespace json = boost::json;

void check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "json_io_fuzz: %s\n", what);
    std::abort();
  }
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

/// A failed read leaves exactly one validation error that names the field.
void check_failure(FieldReader& reader, std::string_view key) {
  check(!reader.ok(), "a read returned nothing but the reader is ok");
  auto error = reader.take_error();
  check(error.code == ErrorCode::validation_failed, "a field error is not validation_failed");
  check(!error.details.empty() && error.details[0].first == "field",
        "a field error names no field");
  const auto* field = std::get_if<std::string>(&error.details[0].second);
  check(field != nullptr && *field == key, "a field error names another field");
}

void read_string(const json::object& object, std::string_view key, bool required, std::size_t min,
                 std::size_t max, TextKind kind) {
  FieldReader reader(object);
  auto value = reader.string(key, required, min, max, kind);
  if (value) {
    check(reader.ok(), "a string was returned with an error");
    auto n = code_points(*value);
    check(n >= min && n <= max, "a string outside its bounds was accepted");
    check(onair::is_clean_text(*value, kind), "a string that breaks the text rule was accepted");
    return;
  }
  const auto* v = object.if_contains(key);
  if (!required && (v == nullptr || v->is_null())) {
    check(reader.ok(), "a missing optional string is an error");
    return;
  }
  check_failure(reader, key);
}

void read_integer(const json::object& object, std::string_view key, bool required, std::int64_t min,
                  std::int64_t max) {
  FieldReader reader(object);
  auto value = reader.integer(key, required, min, max);
  if (value) {
    check(reader.ok() && *value >= min && *value <= max,
          "an integer outside its bounds was accepted");
    return;
  }
  const auto* v = object.if_contains(key);
  if (!required && (v == nullptr || v->is_null())) {
    check(reader.ok(), "a missing optional integer is an error");
    return;
  }
  check_failure(reader, key);
}

void read_boolean(const json::object& object, std::string_view key, bool required) {
  FieldReader reader(object);
  auto value = reader.boolean(key, required);
  if (value) {
    check(reader.ok() && object.at(key).is_bool(), "a non-boolean was read as a boolean");
    return;
  }
  const auto* v = object.if_contains(key);
  if (!required && (v == nullptr || v->is_null())) return;
  check_failure(reader, key);
}

void read_every_key(const json::object& object) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::size_t visited = 0;
  for (const auto& [key, value] : object) {
    if (++visited > 16) break;
    for (bool required : {false, true}) {
      read_string(object, key, required, 0, 2000, TextKind::multiline);
      read_string(object, key, required, 1, 100, TextKind::line);
      read_string(object, key, required, 8, 256, TextKind::secret);
      read_string(object, key, required, 2, 2, TextKind::line);
      read_integer(object, key, required, 0, 100000);
      read_integer(object, key, required, kMin, kMax);
      read_integer(object, key, required, -5, 5);
      read_boolean(object, key, required);
    }
  }
}

/// The reads of two real handlers, one reader each: after the first problem every read is nullopt.
void read_like_handlers(const json::object& object) {
  FieldReader stream(object);
  auto title = stream.string("title", true, 1, 100);
  auto description = stream.string("description", false, 0, 2000, TextKind::multiline);
  auto price = stream.integer("priceCredits", false, 0, 100000);
  auto sensitive = stream.boolean("sensitiveAcknowledged", false);
  if (!stream.ok()) check(!price && !sensitive, "a read after a problem returned a value");
  (void)title;
  (void)description;

  FieldReader signup(object);
  signup.string("handle", true, 3, 30);
  signup.string("email", true, 3, 254);
  signup.string("password", true, 8, 256, TextKind::secret);
  signup.string("displayName", false, 1, 50);
  if (!signup.ok()) (void)signup.take_error();
}

/// The text up to the next '\n' (all of it when there is none), removed from `input`.
std::string_view next_line(std::string_view& input) {
  auto newline = input.find('\n');
  auto line = input.substr(0, newline);
  input.remove_prefix(newline == std::string_view::npos ? input.size() : newline + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto target = next_line(input);
  auto content_type = next_line(input);
  onair::http::Request request;
  request.target = std::string(target);
  request.headers.emplace_back("content-type", std::string(content_type));
  request.body = std::string(input);
  if (!onair::http::parse_target(target, request.path, request.query)) request.query.clear();

  auto limit = onair::api::read_limit(request, 20, 50);
  if (limit) {
    check(*limit >= 1 && *limit <= 50, "read_limit returned a limit out of range");
  } else {
    check(request.query_param("limit").has_value(), "read_limit failed without a limit");
  }

  auto strict = onair::api::parse_object(request);
  auto lenient = onair::api::parse_object(request, true);
  if (strict) {
    // Compared as text: Boost.JSON 1.81 reads 0e309 as NaN, which is not equal to itself.
    check(lenient && json::serialize(*lenient) == json::serialize(*strict),
          "allow_empty changed how an object parses");
  } else {
    if (content_type == "application/json") {
      check(strict.error().code == ErrorCode::invalid_json,
            "a JSON body that is no object is not invalid_json");
    }
    if (lenient)
      check(lenient->empty(), "allow_empty made a non-empty object out of an invalid body");
  }
  if (!strict) return 0;
  read_every_key(*strict);
  read_like_handlers(*strict);
  return 0;
}
