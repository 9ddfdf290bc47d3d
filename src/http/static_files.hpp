#pragma once

#include <string>

#include "http/router.hpp"

namespace onair::http {

/// Serves the built web client from `root` (web/dist): files by path, and index.html for any other
/// GET so client-side routes work. Paths never escape `root`. When `root` has no index.html, answers
/// a short page saying how to build the client.
Handler static_site(std::string root);

}  // namespace onair::http
