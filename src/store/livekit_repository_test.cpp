#include "store/livekit_repository.hpp"

#include "support/store_fixture.hpp"

namespace onair::store {
namespace {

// Runs on SQLite and, in the store suite, on PostgreSQL.
class LiveKitStoreTest : public testing::StoreFixture {
 protected:
  template <typename Fn>
  auto write(Fn fn) {
    return db_->write([&](Conn& c) -> Result<decltype(fn(c))> { return fn(c); }).value();
  }
};

TEST_F(LiveKitStoreTest, PublisherEventsApplyOnlyInCreatedAtOrder) {
  write([](Conn& c) { livekit::insert_room(c, "s1", "s1", 1); return 0; });
  write([](Conn& c) { livekit::insert_room(c, "s1", "s1", 2); return 0; });  // idempotent
  EXPECT_TRUE(write([](Conn& c) { return livekit::advance_publisher(c, "s1", 100, 3); }));
  EXPECT_TRUE(write([](Conn& c) { return livekit::advance_publisher(c, "s1", 100, 3); }));  // a tie applies
  EXPECT_FALSE(write([](Conn& c) { return livekit::advance_publisher(c, "s1", 99, 4); }));
  EXPECT_FALSE(write([](Conn& c) { return livekit::advance_publisher(c, "unknown", 200, 4); }));
  auto room = write([](Conn& c) { return livekit::find_room(c, "s1"); });
  ASSERT_TRUE(room.has_value());
  EXPECT_EQ(room->publisher_event_at, 100);
  EXPECT_EQ(room->egress_status, "none");
  EXPECT_FALSE(room->keep_recording.has_value());
}

TEST_F(LiveKitStoreTest, EgressAndTheRecordingChoiceAreKept) {
  write([](Conn& c) { livekit::insert_room(c, "s1", "s1", 1); return 0; });
  write([](Conn& c) { livekit::set_egress(c, "s1", "EG_1", "EGRESS_ACTIVE", "", "", 2); return 0; });
  EXPECT_EQ(write([](Conn& c) { return livekit::with_unfinished_egress(c); }).size(), 1u);
  write([](Conn& c) { livekit::set_keep_recording(c, "s1", true, 3); return 0; });
  write([](Conn& c) { livekit::set_egress(c, "s1", "EG_1", "EGRESS_COMPLETE", "/r/s1.mp4", "", 4); return 0; });
  write([](Conn& c) { livekit::set_egress(c, "s1", "EG_1", "EGRESS_COMPLETE", "", "", 5); return 0; });  // file kept
  auto room = write([](Conn& c) { return livekit::find_by_egress(c, "EG_1"); });
  ASSERT_TRUE(room.has_value());
  EXPECT_EQ(room->stream_id, "s1");
  EXPECT_EQ(room->egress_file, "/r/s1.mp4");
  EXPECT_EQ(room->keep_recording, true);
  EXPECT_TRUE(write([](Conn& c) { return livekit::with_unfinished_egress(c); }).empty());
}

TEST_F(LiveKitStoreTest, AWebhookIdIsRecordedOnceAndCanBeForgotten) {
  EXPECT_TRUE(write([](Conn& c) { return livekit::record_webhook(c, "EV_1", "room_finished", "s1", 10, 100); }));
  EXPECT_FALSE(write([](Conn& c) { return livekit::record_webhook(c, "EV_1", "room_finished", "s1", 10, 101); }));
  write([](Conn& c) { livekit::forget_webhook(c, "EV_1"); return 0; });
  EXPECT_TRUE(write([](Conn& c) { return livekit::record_webhook(c, "EV_1", "room_finished", "s1", 10, 102); }));
  write([](Conn& c) { livekit::prune_webhooks(c, 200); return 0; });
  EXPECT_TRUE(write([](Conn& c) { return livekit::record_webhook(c, "EV_1", "room_finished", "s1", 10, 300); }));
}

}  // namespace
}  // namespace onair::store
