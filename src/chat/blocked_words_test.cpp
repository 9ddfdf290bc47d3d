#include "chat/blocked_words.hpp"

#include <gtest/gtest.h>

namespace onair::chat {
namespace {

TEST(BlockedWords, WholeWordsCaseInsensitively) {
  BlockedWords blocked({"spam", "buy followers"});
  EXPECT_TRUE(blocked.matches("SPAM"));
  EXPECT_TRUE(blocked.matches("this is spam!"));
  EXPECT_TRUE(blocked.matches("Spam, spam and eggs"));
  EXPECT_FALSE(blocked.matches("spammer")) << "whole words only";
  EXPECT_FALSE(blocked.matches("antispam tools"));
  EXPECT_TRUE(blocked.matches("want to BUY   followers?"));
  EXPECT_FALSE(blocked.matches("buy more followers")) << "a phrase is consecutive words";
  EXPECT_FALSE(blocked.matches("hello there"));
}

TEST(BlockedWords, LookAlikeLettersDoNotSlipPast) {
  BlockedWords blocked({"spam", "scam"});
  EXPECT_TRUE(blocked.matches("\xD0\x85\xD0\xA0\xD0\x90\xD0\x9C")) << "Cyrillic ЅРАМ";
  EXPECT_TRUE(blocked.matches("\xEF\xBD\x93\xEF\xBD\x90\xEF\xBD\x81\xEF\xBD\x8D")) << "full-width ｓｐａｍ";
  EXPECT_TRUE(blocked.matches("s\xD1\x81\xD0\xB0m")) << "Latin s, Cyrillic с and а, Latin m: sсаm";
  EXPECT_TRUE(blocked.matches("\xF0\x9D\x90\xAC\xF0\x9D\x90\xA9\xF0\x9D\x90\x9A\xF0\x9D\x90\xA6")) << "bold 𝐬𝐩𝐚𝐦";
}

TEST(BlockedWords, NothingBlockedBlocksNothing) {
  BlockedWords none({});
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.matches("anything at all"));
  BlockedWords punctuation({"!!!"});
  EXPECT_TRUE(punctuation.empty()) << "an entry without letters blocks nothing";
}

}  // namespace
}  // namespace onair::chat
