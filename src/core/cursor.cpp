#include "core/cursor.hpp"

#include <charconv>

#include "core/crypto.hpp"

namespace onair {

std::string encode_cursor(const PageCursor& cursor) {
  return crypto::base64url_encode(std::to_string(cursor.created_at) + ":" + cursor.id);
}

Result<PageCursor> decode_cursor(const std::string& text) {
  auto bad = Error::validation("cursor", "cursor is not one this server issued");
  auto raw = crypto::base64url_decode(text);
  if (!raw) return bad;
  auto colon = raw->find(':');
  if (colon == std::string::npos) return bad;
  PageCursor cursor;
  auto [end, ec] = std::from_chars(raw->data(), raw->data() + colon, cursor.created_at);
  if (ec != std::errc{} || end != raw->data() + colon) return bad;
  cursor.id = raw->substr(colon + 1);
  if (cursor.id.empty() || cursor.id.size() > 64) return bad;
  return cursor;
}

}  // namespace onair
