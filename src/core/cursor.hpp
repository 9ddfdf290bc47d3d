#pragma once

#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace onair {

/// A position in a newest-first listing: the last item's creation time and id.
struct PageCursor {
  TimeMs created_at = 0;
  std::string id;
};

/// Opaque to clients (base64url); validation_failed naming `cursor` when it is not one we issued.
std::string encode_cursor(const PageCursor& cursor);
Result<PageCursor> decode_cursor(const std::string& text);

}  // namespace onair
