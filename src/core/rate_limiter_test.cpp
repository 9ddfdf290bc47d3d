#include "core/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace onair {
namespace {

TEST(RateLimiter, AllowsABurstThenRefillsAtTheRate) {
  RateLimiter limiter(60, 3);  // one a second, three at once
  EXPECT_TRUE(limiter.allow("a", 0));
  EXPECT_TRUE(limiter.allow("a", 0));
  EXPECT_TRUE(limiter.allow("a", 0));
  EXPECT_FALSE(limiter.allow("a", 0));
  EXPECT_FALSE(limiter.allow("a", 500));
  EXPECT_TRUE(limiter.allow("a", 1000));
  EXPECT_TRUE(limiter.allow("b", 1000)) << "keys are independent";
}

TEST(RateLimiter, StaysBoundedInKeys) {
  RateLimiter limiter(60, 1, 10);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.allow(std::to_string(i), 0));
  EXPECT_FALSE(limiter.allow("99", 0));
}

}  // namespace
}  // namespace onair
