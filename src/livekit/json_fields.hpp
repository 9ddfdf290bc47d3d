#pragma once

// Internal to livekit/: reading LiveKit's JSON, which uses snake_case names in Twirp answers and
// lowerCamelCase in webhooks, 64-bit integers as strings and enums as names.

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace onair::livekit::json_fields {

/// The value under `snake`, or else under `camel` (when given).
const boost::json::value* field(const boost::json::object& o, std::string_view snake, std::string_view camel = {});
/// A string field; empty when absent or not a string.
std::string text(const boost::json::object& o, std::string_view snake, std::string_view camel = {});
/// An integer field given as a number or a decimal string; 0 when absent or unreadable.
std::int64_t integer(const boost::json::object& o, std::string_view snake, std::string_view camel = {});
bool boolean(const boost::json::object& o, std::string_view name);
const boost::json::object* object(const boost::json::object& o, std::string_view snake, std::string_view camel = {});
const boost::json::array* array(const boost::json::object& o, std::string_view snake, std::string_view camel = {});

}  // namespace onair::livekit::json_fields
