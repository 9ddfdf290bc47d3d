#pragma once

#include <string>

#include "http/message.hpp"

namespace onair::http {

/// Answers a GET/HEAD for a file on disk: `Accept-Ranges`, single byte ranges (206, 416 for an
/// unsatisfiable range), `ETag` / `Last-Modified` with 304 revalidation. The body streams from
/// disk with bounded memory. 404 (API error shape) when the file is missing.
Response file_response(const Request& request, const std::string& path, const std::string& content_type);

}  // namespace onair::http
