#include "store/instance_repository.hpp"

#include <algorithm>

#include "store/stream_repository.hpp"
#include "support/store_fixture.hpp"

namespace onair::store {
namespace {

// Runs on SQLite and, in the store suite, on PostgreSQL.
class InstanceStoreTest : public testing::StoreFixture {
 protected:
  template <typename Fn>
  auto write(Fn fn) {
    return db_->write([&](Conn& c) -> Result<decltype(fn(c))> { return fn(c); }).value();
  }

  /// A live stream of a new author, owned by `owner` ("" for none).
  std::string live_stream(const std::string& owner) {
    LiveStream s;
    s.id = crypto::random_id();
    s.author = add_user("a" + s.id.substr(0, 8));
    s.title = "t";
    s.created_at = clock_.now_ms();
    s.owner_instance = owner;
    write([&](Conn& c) { return streams::insert(c, s).ok(); });
    streams::Transition t;
    t.to = StreamStatus::live;
    t.from = {StreamStatus::created};
    write([&](Conn& c) { return streams::transition(c, s.id, t, clock_.now_ms()); });
    return s.id;
  }

  std::vector<std::string> unattended_by(const std::string& instance, TimeMs alive_since) {
    std::vector<std::string> ids;
    for (const auto& s : write([&](Conn& c) { return streams::unattended(c, instance, alive_since); })) {
      ids.push_back(s.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }
};

TEST_F(InstanceStoreTest, ALeaseIsHeldByOneUntilItExpires) {
  EXPECT_TRUE(write([](Conn& c) { return instances::acquire_lease(c, "reconcile", "a", 1000, 500); }));
  EXPECT_FALSE(write([](Conn& c) { return instances::acquire_lease(c, "reconcile", "b", 1200, 500); }));
  EXPECT_TRUE(write([](Conn& c) { return instances::acquire_lease(c, "reconcile", "a", 1400, 500); }));  // renewed
  EXPECT_FALSE(write([](Conn& c) { return instances::acquire_lease(c, "reconcile", "b", 1800, 500); }));
  EXPECT_TRUE(write([](Conn& c) { return instances::acquire_lease(c, "reconcile", "b", 1901, 500); }));  // expired
  EXPECT_FALSE(write([](Conn& c) { return instances::acquire_lease(c, "reconcile", "a", 1950, 500); }));
  EXPECT_TRUE(write([](Conn& c) { return instances::acquire_lease(c, "other", "a", 1950, 500); }));
}

TEST_F(InstanceStoreTest, AnInstanceLooksAfterItsOwnNobodysAndDeadInstancesStreams) {
  write([](Conn& c) { instances::beat(c, "me", "http://me", 10'000); return 0; });
  write([](Conn& c) { instances::beat(c, "alive", "http://alive", 10'000); return 0; });
  write([](Conn& c) { instances::beat(c, "dead", "http://dead", 1'000); return 0; });
  auto mine = live_stream("me");
  auto nobodys = live_stream("");
  auto alives = live_stream("alive");
  auto deads = live_stream("dead");
  auto unknowns = live_stream("never-beat");
  std::vector<std::string> want{mine, nobodys, deads, unknowns};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(unattended_by("me", 5'000), want);
  (void)alives;
  EXPECT_EQ(write([](Conn& c) { return instances::live_url(c, "alive", 5'000); }), std::optional<std::string>("http://alive"));
  EXPECT_FALSE(write([](Conn& c) { return instances::live_url(c, "dead", 5'000); }).has_value());
}

TEST_F(InstanceStoreTest, OnlyOneSurvivorTakesOverAStream) {
  auto id = live_stream("dead");
  EXPECT_TRUE(write([&](Conn& c) { return streams::take_over(c, id, "dead", "b"); }));
  EXPECT_FALSE(write([&](Conn& c) { return streams::take_over(c, id, "dead", "c"); }));
  EXPECT_EQ(write([&](Conn& c) { return streams::find(c, id); })->owner_instance, "b");
  auto nobodys = live_stream("");
  EXPECT_TRUE(write([&](Conn& c) { return streams::take_over(c, nobodys, "", "c"); }));
  EXPECT_FALSE(write([&](Conn& c) { return streams::take_over(c, nobodys, "", "b"); }));
}

}  // namespace
}  // namespace onair::store
