#include "accounts/session_cache.hpp"

#include <gtest/gtest.h>

namespace onair::accounts {
namespace {

TEST(SessionCache, RemembersUntilTheTtlOrTheSessionExpiry) {
  SessionCache cache(10, 1000);
  User u{"id", "h", "e", "d", false, 0, {}, {}};
  cache.remember("a", u, 100'000, 0);
  EXPECT_TRUE(cache.find("a", 999).has_value());
  EXPECT_FALSE(cache.find("a", 1000).has_value());
  cache.remember("b", u, 500, 0);  // the session ends before the TTL
  EXPECT_FALSE(cache.find("b", 500).has_value());
}

TEST(SessionCache, ForgetIsImmediate) {
  SessionCache cache(10, 1000);
  cache.remember("a", User{}, 100'000, 0);
  cache.forget("a");
  EXPECT_FALSE(cache.find("a", 1).has_value());
}

TEST(SessionCache, StaysWithinItsCapacity) {
  SessionCache cache(2, 1000);
  cache.remember("a", User{}, 100'000, 0);
  cache.remember("b", User{}, 100'000, 0);
  cache.remember("c", User{}, 100'000, 0);
  EXPECT_TRUE(cache.find("c", 1).has_value());
  EXPECT_FALSE(cache.find("a", 1).has_value());
}

}  // namespace
}  // namespace onair::accounts
