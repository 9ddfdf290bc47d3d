// decode_cursor on any text, and the encode/decode round trip.
//
// Input: the text a client sends as `cursor`. Whatever decodes must encode to a cursor that
// decodes to the same position. The input is also read as a position (8 bytes of time, then the
// id), which must survive encode then decode whenever it is one the server could issue.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/crypto.hpp"
#include "core/cursor.hpp"

namespace {

void check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "cursor_fuzz: %s\n", what);
    std::abort();
  }
}

bool same(const onair::PageCursor& a, const onair::PageCursor& b) {
  return a.created_at == b.created_at && a.id == b.id;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  onair::crypto::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);

  auto decoded = onair::decode_cursor(text);
  if (decoded) {
    check(!decoded->id.empty() && decoded->id.size() <= 64,
          "a cursor id out of bounds was accepted");
    auto again = onair::decode_cursor(onair::encode_cursor(*decoded));
    check(again && same(*again, *decoded), "encode(decode(x)) does not decode to the same cursor");
  } else {
    check(decoded.error().code == onair::ErrorCode::validation_failed,
          "a bad cursor is not validation_failed");
  }

  if (size >= 8) {
    onair::PageCursor position;
    std::memcpy(&position.created_at, data, 8);
    position.id = text.substr(8);
    auto round = onair::decode_cursor(onair::encode_cursor(position));
    bool issuable = !position.id.empty() && position.id.size() <= 64;
    check(round.ok() == issuable, "an issued cursor does not decode (or a bad one does)");
    if (round) check(same(*round, position), "a cursor does not survive encode then decode");
  }
  return 0;
}
