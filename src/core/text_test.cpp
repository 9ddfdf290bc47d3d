#include "core/text.hpp"

#include <gtest/gtest.h>

namespace onair {
namespace {

TEST(CleanText, OrdinaryTextInAnyScriptIsClean) {
  EXPECT_TRUE(is_clean_text("Live from Kraków — ライブ 🎥", TextKind::line));
  EXPECT_TRUE(is_clean_text("", TextKind::line));
  EXPECT_TRUE(is_clean_text("שלום עולם", TextKind::line));  // right-to-left text itself is fine
}

TEST(CleanText, ControlCharactersAreRefusedEverywhere) {
  for (std::string bad : {std::string("a\0b", 3), std::string("a\rb"), std::string("a\x1b[31mb"),
                          std::string("a\x7f"), std::string("a\xc2\x85"), std::string("a\xc2\x9b")}) {
    EXPECT_FALSE(is_clean_text(bad, TextKind::line)) << bad;
    EXPECT_FALSE(is_clean_text(bad, TextKind::multiline)) << bad;
  }
}

TEST(CleanText, NewLinesAndTabsOnlyInMultilineText) {
  EXPECT_FALSE(is_clean_text("one\ntwo", TextKind::line));
  EXPECT_FALSE(is_clean_text("one\ttwo", TextKind::line));
  EXPECT_TRUE(is_clean_text("one\ntwo\tthree", TextKind::multiline));
}

TEST(CleanText, BidirectionalOverridesAreRefused) {
  EXPECT_FALSE(is_clean_text("invoice\u202Efdp.exe", TextKind::line));  // RIGHT-TO-LEFT OVERRIDE
  EXPECT_FALSE(is_clean_text("a\u202Ab", TextKind::multiline));
  EXPECT_FALSE(is_clean_text("a\u2066b\u2069", TextKind::multiline));
}

TEST(CleanText, InvalidUtf8IsRefused) {
  EXPECT_FALSE(is_clean_text("\xc3", TextKind::line));              // truncated
  EXPECT_FALSE(is_clean_text("\xc0\xaf", TextKind::line));          // overlong '/'
  EXPECT_FALSE(is_clean_text("\xed\xa0\x80", TextKind::line));      // a surrogate
  EXPECT_FALSE(is_clean_text("\xf4\x90\x80\x80", TextKind::line));  // past U+10FFFF
  EXPECT_FALSE(is_clean_text("\xff", TextKind::line));
}

TEST(CleanText, SecretsAreNeverChecked) { EXPECT_TRUE(is_clean_text(std::string("p\0w\n", 4), TextKind::secret)); }

}  // namespace
}  // namespace onair

namespace onair {
namespace {

TEST(EqualsIgnoringCase, AnyLetterCaseOfTheLowerCaseWord) {
  EXPECT_TRUE(equals_ignoring_case("WebSocket", "websocket"));
  EXPECT_TRUE(equals_ignoring_case("application/json", "application/json"));
  EXPECT_FALSE(equals_ignoring_case("websockets", "websocket"));
  EXPECT_FALSE(equals_ignoring_case("websocke", "websocket"));
  EXPECT_FALSE(equals_ignoring_case("web-socket", "websocket"));
}

}  // namespace
}  // namespace onair
