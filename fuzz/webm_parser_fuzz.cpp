// WebmParser::feed with the stream split into pieces the input chooses (see parser_harness.hpp).
#include "media/webm_parser.hpp"
#include "parser_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return onair::fuzzing::fuzz_parser<onair::media::WebmParser>("webm_parser_fuzz", data, size);
}
