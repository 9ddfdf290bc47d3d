#pragma once

#include <string_view>

namespace onair {

/// What a piece of user-visible text may hold.
enum class TextKind {
  line,       // titles, names, kinds: no control characters at all
  multiline,  // descriptions and chat: new lines and tabs too
  secret,     // passwords: anything, never shown
};

/// The one rule for text that other people see (titles, descriptions, display names, chat…):
/// valid UTF-8 without C0/C1 control characters (but new lines and tabs in `multiline`), DEL, or
/// the bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069)
/// that make text read differently from what it holds. `secret` text is never checked.
bool is_clean_text(std::string_view text, TextKind kind);

/// Whether `text` is `lower_ascii` in any letter case (header values: `WebSocket`,
/// `Application/JSON`). `lower_ascii` must be lower-case ASCII.
bool equals_ignoring_case(std::string_view text, std::string_view lower_ascii);

}  // namespace onair
