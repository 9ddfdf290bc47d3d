// WebmParser::feed with the stream split into pieces the input chooses.
//
// Input: byte 0 is n (taken mod 16), bytes 1..n are piece lengths (each L gives a piece of L + 1
// bytes, cycled); the rest is the WebM stream. The same stream is also fed whole: the parser
// promises that where the bytes are split changes nothing, so both runs must report the same
// events, tracks, offsets and success.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "media/webm_parser.hpp"

namespace {

using onair::media::WebmEvent;
using onair::media::WebmParser;

struct Outcome {
  std::vector<WebmEvent> events;
  bool ok = true;
  std::uint64_t aligned = 0;
  bool init_complete = false;
  std::size_t tracks = 0;
};

void check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "webm_parser_fuzz: %s\n", what);
    std::abort();
  }
}

void check_invariants(const WebmParser& parser, const std::vector<WebmEvent>& events) {
  check(parser.aligned_offset() <= parser.bytes_fed(), "aligned offset past the bytes fed");
  for (const auto& e : events)
    check(e.offset < parser.bytes_fed(), "event offset past the bytes fed");
}

Outcome feed_in_pieces(std::string_view stream, std::string_view lengths) {
  WebmParser parser;
  Outcome out;
  std::size_t next = 0;
  while (!stream.empty()) {
    std::size_t piece = lengths.empty()
                            ? stream.size()
                            : static_cast<unsigned char>(lengths[next++ % lengths.size()]) + 1u;
    piece = std::min(piece, stream.size());
    auto status = parser.feed(stream.substr(0, piece), out.events);
    stream.remove_prefix(piece);
    check_invariants(parser, out.events);
    if (!status.ok()) {
      out.ok = false;
      // A failed parser stays failed.
      check(!parser.feed(stream.substr(0, 1), out.events).ok(), "parser recovered after an error");
      break;
    }
  }
  out.aligned = parser.aligned_offset();
  out.init_complete = parser.init_complete();
  out.tracks = parser.tracks().size();
  return out;
}

bool same_events(const std::vector<WebmEvent>& a, const std::vector<WebmEvent>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != b[i].kind || a[i].offset != b[i].offset || a[i].timecode != b[i].timecode)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.empty()) return 0;
  std::size_t n = static_cast<unsigned char>(input[0]) % 16;
  if (input.size() < 1 + n) return 0;
  std::string_view lengths = input.substr(1, n);
  std::string_view stream = input.substr(1 + n);

  Outcome pieces = feed_in_pieces(stream, lengths);
  Outcome whole = feed_in_pieces(stream, {});
  check(pieces.ok == whole.ok, "success depends on where the stream was split");
  check(same_events(pieces.events, whole.events), "events depend on where the stream was split");
  if (pieces.ok) {
    check(pieces.aligned == whole.aligned, "aligned offset depends on where the stream was split");
    check(pieces.init_complete == whole.init_complete, "init_complete depends on the split");
    check(pieces.tracks == whole.tracks, "tracks depend on where the stream was split");
  }
  return 0;
}
