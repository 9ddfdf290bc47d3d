#include "store/rate_limit_repository.hpp"

#include "support/store_fixture.hpp"

namespace onair::store {
namespace {

// Runs on SQLite and, in the store suite, on PostgreSQL.
class SharedRateLimitStoreTest : public testing::StoreFixture {};

TEST_F(SharedRateLimitStoreTest, TwoInstancesShareOneBucketPerKey) {
  SharedRateLimiter on_a(*db_, "signup", 60, 3);  // one a second, three at once
  SharedRateLimiter on_b(*db_, "signup", 60, 3);
  EXPECT_TRUE(on_a.allow("1.2.3.4", 1000));
  EXPECT_TRUE(on_b.allow("1.2.3.4", 1000));
  EXPECT_TRUE(on_a.would_allow("1.2.3.4", 1000));
  EXPECT_TRUE(on_b.allow("1.2.3.4", 1000));
  EXPECT_FALSE(on_a.allow("1.2.3.4", 1000)) << "the burst is shared, not one per instance";
  EXPECT_FALSE(on_b.would_allow("1.2.3.4", 1500));
  EXPECT_TRUE(on_b.allow("5.6.7.8", 1500));  // another key
  EXPECT_TRUE(on_a.allow("1.2.3.4", 2000));   // refilled one
  EXPECT_FALSE(on_b.allow("1.2.3.4", 2000));
  SharedRateLimiter other_limit(*db_, "login", 60, 3);
  EXPECT_TRUE(other_limit.allow("1.2.3.4", 2000));  // names keep limits apart
  SharedRateLimiter::prune(*db_, 1800);
  EXPECT_TRUE(on_a.allow("5.6.7.8", 1500)) << "pruned: a fresh bucket";
}

}  // namespace
}  // namespace onair::store
