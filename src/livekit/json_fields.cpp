#include "livekit/json_fields.hpp"

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
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
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
