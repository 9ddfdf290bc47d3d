#pragma once

#include <string>
#include <string_view>

#include "http/message.hpp"

namespace onair::http {

/// The API.md error body `{"error": {"code", "message"}}` with a given status. The api layer adds
/// details and maps domain errors; this is for failures the HTTP layer itself detects.
Response error_response(int status, std::string_view code, std::string_view message);

/// `s` as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);

}  // namespace onair::http
