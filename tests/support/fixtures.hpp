#pragma once

#include <cstddef>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace onair::testing {

/// A MediaRecorder recording from tests/fixtures/media with its original chunk boundaries.
struct Recording {
  std::string bytes;
  std::vector<std::string> chunks;
};

inline std::string read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// `name`.webm (or `name`.mp4 with `extension` "mp4") and its chunk lengths.
inline Recording load_recording(const std::string& name, const std::string& extension = "webm") {
  std::string dir = std::string(ONAIR_SOURCE_DIR) + "/tests/fixtures/media/";
  Recording r;
  r.bytes = read_file_bytes(dir + name + "." + extension);
  std::string lengths = read_file_bytes(dir + name + ".chunks.json");
  std::size_t offset = 0;
  std::size_t value = 0;
  bool in_number = false;
  for (char c : lengths) {
    if (c >= '0' && c <= '9') {
      value = value * 10 + static_cast<std::size_t>(c - '0');
      in_number = true;
    } else if (in_number) {
      r.chunks.push_back(r.bytes.substr(offset, value));
      offset += value;
      value = 0;
      in_number = false;
    }
  }
  if (offset != r.bytes.size()) throw std::runtime_error(name + ": chunk lengths do not add up");
  return r;
}

}  // namespace onair::testing
