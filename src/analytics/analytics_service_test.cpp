#include "analytics/analytics_service.hpp"

#include <memory>

#include "events/event_bus.hpp"
#include "media/relay_backend.hpp"
#include "payments/wallet_service.hpp"
#include "streams/stream_service.hpp"
#include "support/store_fixture.hpp"

namespace onair::analytics {
namespace {

// Runs on SQLite and, in the store suite, on PostgreSQL (SUM over BIGINT is NUMERIC there).
class AnalyticsServiceTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    relay_ = std::make_unique<media::RelayBackend>("http://127.0.0.1:8080", std::string(32, 'k'), 300, clock_);
    streams_ = std::make_unique<streams::StreamService>(*db_, *relay_, clock_, bus_);
    wallets_ = std::make_unique<payments::WalletService>(*db_, clock_);
    analytics_ = std::make_unique<AnalyticsService>(*db_, clock_);
  }
  events::LocalBus bus_;
  std::unique_ptr<media::RelayBackend> relay_;
  std::unique_ptr<streams::StreamService> streams_;
  std::unique_ptr<payments::WalletService> wallets_;
  std::unique_ptr<AnalyticsService> analytics_;
};

TEST_F(AnalyticsServiceTest, CountsWatchTimeSalesAndTheTimelineOfAStream) {
  auto author = add_user("author");
  auto viewer = add_user("viewer");
  auto created = streams_->create(author, streams::CreateStreamInput{"Paid", "", Sensitivity::none, Gating::paid, 25});
  ASSERT_TRUE(created.ok());
  const auto& id = created->stream.id;
  ASSERT_TRUE(streams_->mark_live(id).ok());
  wallets_->top_up(viewer, 100, "k").value();
  ASSERT_TRUE(wallets_->purchase(viewer, ItemType::live_stream, id, "p").ok());
  ASSERT_TRUE(streams_->join(viewer, id, false).ok());
  clock_.advance(std::chrono::seconds(60));
  ASSERT_TRUE(streams_->leave(viewer, id).ok());
  ASSERT_TRUE(streams_->join(viewer, id, false).ok());
  clock_.advance(std::chrono::seconds(30));
  ASSERT_TRUE(streams_->end(author, id, false).ok());

  auto a = analytics_->stream(id);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->unique_viewers, 1);
  EXPECT_EQ(a->watch_sessions, 2);
  EXPECT_EQ(a->total_watch_ms, 90'000);
  EXPECT_EQ(a->average_watch_ms, 90'000);  // per viewer
  EXPECT_EQ(a->duration_ms, 90'000);
  EXPECT_EQ(a->purchases, 1);
  EXPECT_EQ(a->revenue_credits, 25);
  ASSERT_EQ(a->timeline.size(), 3u);
  EXPECT_EQ(a->timeline[1].kind, "live");
  EXPECT_EQ(analytics_->stream("missing").error().code, ErrorCode::not_found);

  auto o = analytics_->overview();
  EXPECT_EQ(o.totals.users, 2);
  EXPECT_EQ(o.last_24h.streams_started, 1);
  EXPECT_EQ(o.last_24h.watch_sessions, 2);
  EXPECT_EQ(o.last_24h.purchases, 1);
  EXPECT_EQ(o.last_24h.revenue_credits, 25);
  EXPECT_TRUE(o.top_live.empty());
}

}  // namespace
}  // namespace onair::analytics

namespace onair::analytics {
namespace {

TEST(WatchTime, AViewersOverlappingSessionsCountOnceAndNeverPastTheStream) {
  using store::analytics::Session;
  // A 6-minute stream, two viewers; one reconnects twice with the old sessions still open.
  constexpr TimeMs kMinute = 60'000;
  std::vector<Session> sessions{
      {"a", 0, 6 * kMinute},
      {"a", 2 * kMinute, std::nullopt},  // a reconnect before the old session was closed
      {"a", 3 * kMinute, 5 * kMinute},
      {"b", -kMinute, 2 * kMinute},      // joined before it went live
      {"b", 4 * kMinute, 9 * kMinute},   // left after it ended
  };
  EXPECT_EQ(watch_time_ms(sessions, 0, 6 * kMinute), 6 * kMinute + 2 * kMinute + 2 * kMinute);
  EXPECT_LE(watch_time_ms(sessions, 0, 6 * kMinute), 2 * 6 * kMinute);
  EXPECT_EQ(watch_time_ms({}, 0, kMinute), 0);
  EXPECT_EQ(watch_time_ms(sessions, 0, 0), 0);
}

TEST(ViewerTimeline, CountsDistinctViewersPresentAtEachMoment) {
  using store::analytics::Session;
  std::vector<Session> sessions{
      {"a", 0, 10'000},             // a: 0–10 s
      {"a", 5'000, 20'000},         // a again in a second tab: still one viewer
      {"b", 8'000, std::nullopt},   // b: from 8 s, still watching
      {"c", 32'000, 33'000},        // c: between samples, never seen at one
  };
  auto points = viewer_timeline(sessions, 0, 40'000, 5);  // every 10 s
  ASSERT_EQ(points.size(), 5u);
  std::vector<std::int64_t> viewers;
  for (const auto& p : points) viewers.push_back(p.viewers);
  EXPECT_EQ(viewers, (std::vector<std::int64_t>{1, 2, 1, 1, 1}));
  EXPECT_EQ(points[0].at, 0);
  EXPECT_EQ(points[4].at, 40'000);
  EXPECT_EQ(viewer_timeline(sessions, 5'000, 5'000, 60).size(), 1u);
  EXPECT_TRUE(viewer_timeline(sessions, 5'000, 4'000, 60).empty());
}

}  // namespace
}  // namespace onair::analytics
