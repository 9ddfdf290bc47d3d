#pragma once

#include <string_view>

namespace onair::api {

/// api/openapi.json as it was when the binary was built (served at GET /api/openapi.json).
std::string_view openapi_document();

}  // namespace onair::api
