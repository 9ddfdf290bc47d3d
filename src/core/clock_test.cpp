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

}  // namespace
}  // namespace onair
