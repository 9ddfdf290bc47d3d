// Mp4Parser::feed with the stream split into pieces the input chooses (see parser_harness.hpp).
#include "media/mp4_parser.hpp"
#include "parser_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return onair::fuzzing::fuzz_parser<onair::media::Mp4Parser>("mp4_parser_fuzz", data, size);
}
