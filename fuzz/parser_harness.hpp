// The check shared by the media parser harnesses (webm_parser, mp4_parser): a parser fed the stream
// split into pieces the input chooses must learn exactly what it learns from the stream fed whole.
//
// Input: byte 0 is n (taken mod 16), bytes 1..n are piece lengths (each L gives a piece of L + 1
// bytes, cycled); the rest is the stream. Both runs must report the same events, offsets, MIME
// type and success; offsets never pass the bytes fed; a failed parser stays failed.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "media/media_parser.hpp"

namespace onair::fuzzing {

struct ParserOutcome {
  std::vector<media::MediaEvent> events;
  bool ok = true;
  std::uint64_t aligned = 0;
  bool init_complete = false;
  std::string mime;
};

inline void check(bool condition, const char* harness, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "%s: %s\n", harness, what);
    std::abort();
  }
}

template <typename Parser>
ParserOutcome feed_in_pieces(const char* harness, std::string_view stream, std::string_view lengths) {
  Parser parser;
  ParserOutcome out;
  std::size_t next = 0;
  while (!stream.empty()) {
    std::size_t piece = lengths.empty() ? stream.size()
                                        : static_cast<unsigned char>(lengths[next++ % lengths.size()]) + 1u;
    piece = std::min(piece, stream.size());
    auto status = parser.feed(stream.substr(0, piece), out.events);
    stream.remove_prefix(piece);
    check(parser.aligned_offset() <= parser.bytes_fed(), harness, "aligned offset past the bytes fed");
    for (const auto& e : out.events) check(e.offset < parser.bytes_fed(), harness, "event offset past the bytes fed");
    if (!status.ok()) {
      out.ok = false;
      check(!parser.feed(stream.substr(0, 1), out.events).ok(), harness, "parser recovered after an error");
      break;
    }
  }
  out.aligned = parser.aligned_offset();
  out.init_complete = parser.init_complete();
  out.mime = parser.mime_type();
  return out;
}

inline bool same_events(const std::vector<media::MediaEvent>& a, const std::vector<media::MediaEvent>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != b[i].kind || a[i].offset != b[i].offset || a[i].timecode != b[i].timecode ||
        a[i].duration != b[i].duration)
      return false;
  }
  return true;
}

template <typename Parser>
int fuzz_parser(const char* harness, const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.empty()) return 0;
  std::size_t n = static_cast<unsigned char>(input[0]) % 16;
  if (input.size() < 1 + n) return 0;
  std::string_view lengths = input.substr(1, n);
  std::string_view stream = input.substr(1 + n);

  auto pieces = feed_in_pieces<Parser>(harness, stream, lengths);
  auto whole = feed_in_pieces<Parser>(harness, stream, {});
  check(pieces.ok == whole.ok, harness, "success depends on where the stream was split");
  check(same_events(pieces.events, whole.events), harness, "events depend on where the stream was split");
  if (pieces.ok) {
    check(pieces.aligned == whole.aligned, harness, "aligned offset depends on where the stream was split");
    check(pieces.init_complete == whole.init_complete, harness, "init_complete depends on the split");
    check(pieces.mime == whole.mime, harness, "the MIME type depends on where the stream was split");
  }
  return 0;
}

}  // namespace onair::fuzzing
