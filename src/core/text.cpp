#include "core/text.hpp"

#include <cstdint>

namespace onair {
namespace {

/// The code point at `text[i]`, advancing `i`; -1 for invalid UTF-8 (overlong forms, surrogates
/// and values past U+10FFFF included).
std::int32_t next_code_point(std::string_view text, std::size_t& i) {
  auto lead = static_cast<unsigned char>(text[i]);
  int extra = lead < 0x80 ? 0 : (lead & 0xE0) == 0xC0 ? 1 : (lead & 0xF0) == 0xE0 ? 2 : (lead & 0xF8) == 0xF0 ? 3 : -1;
  if (extra < 0 || text.size() - i <= static_cast<std::size_t>(extra)) return -1;
  std::int32_t cp = extra == 0 ? lead : extra == 1 ? lead & 0x1F : extra == 2 ? lead & 0x0F : lead & 0x07;
  for (int k = 1; k <= extra; ++k) {
    auto c = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
    if ((c & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (c & 0x3F);
  }
  constexpr std::int32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

}  // namespace

bool equals_ignoring_case(std::string_view text, std::string_view lower_ascii) {
  if (text.size() != lower_ascii.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_ascii[i]) return false;
  }
  return true;
}

bool is_clean_text(std::string_view text, TextKind kind) {
  if (kind == TextKind::secret) return true;
  for (std::size_t i = 0; i < text.size();) {
    auto cp = next_code_point(text, i);
    if (cp < 0) return false;
    if (cp == '\n' || cp == '\t') {
      if (kind != TextKind::multiline) return false;
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return false;
  }
  return true;
}

}  // namespace onair
