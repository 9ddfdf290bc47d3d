#pragma once

// Reading ISO BMFF (MP4) boxes: big-endian fields and box walks, shared by the MP4 parser and the
// CMAF part cutter. Internal to src/media.

#include <cstdint>
#include <string_view>
#include <utility>

namespace onair::media::bmff {

inline constexpr std::uint32_t kNonSyncSample = 0x00010000;  // sample_is_non_sync_sample in sample flags

inline constexpr std::uint32_t fourcc(const char (&s)[5]) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[0])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[3]));
}

inline std::uint64_t big_endian(std::string_view in, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

/// Reads big-endian fields from a box body; reading past its end marks it bad and yields 0.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint64_t next(std::size_t n) {
    if (in_.size() < n) {
      bad_ = true;
      in_ = {};
      return 0;
    }
    auto v = big_endian(in_, n);
    in_.remove_prefix(n);
    return v;
  }
  std::uint32_t u8() { return static_cast<std::uint32_t>(next(1)); }
  std::uint32_t u16() { return static_cast<std::uint32_t>(next(2)); }
  std::uint32_t u24() { return static_cast<std::uint32_t>(next(3)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(next(4)); }
  std::uint64_t u64() { return next(8); }
  void skip(std::size_t n) {
    if (in_.size() < n) {
      bad_ = true;
      in_ = {};
    } else {
      in_.remove_prefix(n);
    }
  }
  std::string_view rest() const { return in_; }
  std::size_t left() const { return in_.size(); }
  bool bad() const { return bad_; }

 private:
  std::string_view in_;
  bool bad_ = false;
};

/// Calls `visit(type, body)` for each box in `in`; false on malformed boxes or when `visit` says so.
template <typename Visit>
bool for_each_box(std::string_view in, Visit visit) {
  while (!in.empty()) {
    if (in.size() < 8) return false;
    std::uint64_t size = big_endian(in, 4);
    auto type = static_cast<std::uint32_t>(big_endian(in.substr(4), 4));
    std::uint64_t header = 8;
    if (size == 1) {
      if (in.size() < 16) return false;
      size = big_endian(in.substr(8), 8);
      header = 16;
    } else if (size == 0) {
      size = in.size();  // to the end of the enclosing box
    }
    if (size < header || size > in.size()) return false;
    if (!visit(type, in.substr(header, size - header))) return false;
    in.remove_prefix(size);
  }
  return true;
}

}  // namespace onair::media::bmff
