#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace onair {
namespace {

TEST(Clock, FormatsIso8601WithMilliseconds) {
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(1795840506719), "2026-11-28T04:35:06.719Z");
  EXPECT_EQ(format_iso8601(951782400000 + 5), "2000-02-29T00:00:00.005Z");
}

TEST(Clock, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(1000);
  EXPECT_EQ(clock.now_ms(), 1000);
  clock.advance(std::chrono::seconds(2));
  EXPECT_EQ(clock.now_ms(), 3000);
}

TEST(Iso8601, ParsesWhatItFormatsAndOffsets) {
  EXPECT_EQ(parse_iso8601(format_iso8601(1'764'784'800'123)), 1'764'784'800'123);
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:01Z"), 1000);
  EXPECT_EQ(parse_iso8601("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00.5Z"), 500);
  for (const char* bad : {"", "tomorrow", "1970-01-01", "1970-01-01T00:00:00", "1970-13-01T00:00:00Z",
                          "1970-01-01T00:00:00Zjunk", "1970-01-01T00:00:00.Z"}) {
    EXPECT_FALSE(parse_iso8601(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace onair
