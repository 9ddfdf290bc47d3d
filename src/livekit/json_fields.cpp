#include "livekit/json_fields.hpp"

#include <cstdint>
#include <exception>

namespace onair::livekit::json_fields {

namespace json = boost::json;

const json::value* field(const json::object& o, std::string_view snake, std::string_view camel) {
  if (auto* v = o.if_contains(snake)) return v;
  return camel.empty() ? nullptr : o.if_contains(camel);
}

std::string text(const json::object& o, std::string_view snake, std::string_view camel) {
  auto* v = field(o, snake, camel);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t integer(const json::object& o, std::string_view snake, std::string_view camel) {
  auto* v = field(o, snake, camel);
  if (v == nullptr) return 0;
  if (v->is_int64()) return v->as_int64();
  // Past int64's range a number is unreadable, as it is in a string (stoll throws): not wrapped,
  // and never cast from a double (undefined behaviour).
  if (v->is_uint64()) {
    return v->as_uint64() <= INT64_MAX ? static_cast<std::int64_t>(v->as_uint64()) : 0;
  }
  if (v->is_double()) {
    double d = v->as_double();  // false for NaN too (Boost.JSON 1.81 reads 0e309 as NaN)
    return d >= -0x1p63 && d < 0x1p63 ? static_cast<std::int64_t>(d) : 0;
  }
  if (v->is_string()) {
    try {
      return std::stoll(std::string(v->as_string()));
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

bool boolean(const json::object& o, std::string_view name) {
  auto* v = o.if_contains(name);
  return v != nullptr && v->is_bool() && v->as_bool();
}

const json::object* object(const json::object& o, std::string_view snake, std::string_view camel) {
  auto* v = field(o, snake, camel);
  return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
}

const json::array* array(const json::object& o, std::string_view snake, std::string_view camel) {
  auto* v = field(o, snake, camel);
  return v != nullptr && v->is_array() ? &v->as_array() : nullptr;
}

}  // namespace onair::livekit::json_fields
