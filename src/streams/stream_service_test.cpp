#include "streams/stream_service.hpp"

#include <gtest/gtest.h>

#include "events/event_bus.hpp"
#include "media/relay_backend.hpp"
#include "store/wallet_repository.hpp"
#include "support/store_fixture.hpp"

namespace onair::streams {
namespace {

class StreamServiceTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    relay_ = std::make_unique<media::RelayBackend>("http://127.0.0.1:8080", std::string(32, 'k'), 300, clock_);
    service_ = std::make_unique<StreamService>(*db_, *relay_, clock_, bus_);
    author_ = add_user("author");
    viewer_ = add_user("viewer");
  }

  LiveStream create(Gating gating = Gating::everyone, Sensitivity sensitivity = Sensitivity::none,
                    const User* who = nullptr) {
    CreateStreamInput in{"Title", "", sensitivity, gating, gating == Gating::paid ? 10 : 0};
    auto grant = service_->create(who ? *who : author_, in);
    EXPECT_TRUE(grant.ok()) << (grant.ok() ? "" : grant.error().message);
    return grant->stream;
  }

  ErrorCode join_error(const User& u, const std::string& id, bool ack = false) {
    auto r = service_->join(u, id, ack);
    return r ? ErrorCode::internal : r.error().code;
  }

  events::LocalBus bus_;
  std::unique_ptr<media::RelayBackend> relay_;
  std::unique_ptr<StreamService> service_;
  User author_, viewer_;
};

TEST_F(StreamServiceTest, CreateReturnsACreatedStreamAndPublishCredentials) {
  auto grant = service_->create(author_, {"My stream", "desc", Sensitivity::none, Gating::everyone, 0});
  ASSERT_TRUE(grant.ok());
  EXPECT_EQ(grant->stream.status, StreamStatus::created);
  EXPECT_EQ(grant->stream.author.id, author_.id);
  EXPECT_EQ(grant->publish.backend, "builtin");
  EXPECT_EQ(grant->publish.url, "ws://127.0.0.1:8080/live/" + grant->stream.id + "/publish");
  auto claims = relay_->signer().verify(grant->publish.token, clock_.now_ms());
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->role, media::StreamRole::publish);
  EXPECT_EQ(claims->stream_id, grant->stream.id);
}

TEST_F(StreamServiceTest, AJoinSeesTheStreamAsItIsNowAndAPresentViewerChangesNothing) {
  auto stream = create();
  std::vector<LiveStream> pushed;
  bus_.subscribe([&](const events::LiveEvent& e) {
    if (const auto* changed = std::get_if<events::StreamChanged>(&e)) pushed.push_back(changed->stream);
  });
  auto first = service_->join(viewer_, stream.id, false);  // the stream is remembered from here on
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->stream.status, StreamStatus::created);
  EXPECT_EQ(first->stream.viewer_count, 1);
  ASSERT_EQ(pushed.size(), 1u);
  ASSERT_TRUE(service_->mark_live(stream.id).ok());
  auto second_tab = service_->join(viewer_, stream.id, false);
  ASSERT_TRUE(second_tab.ok());
  EXPECT_EQ(second_tab->stream.status, StreamStatus::live);
  EXPECT_TRUE(second_tab->stream.started_at.has_value());
  EXPECT_EQ(second_tab->stream.viewer_count, 1);
  EXPECT_EQ(pushed.size(), 2u) << "a present viewer's second tab changed no count: nothing to push";
  auto other = add_user("other");
  auto joined = service_->join(other, stream.id, false);
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(joined->stream.viewer_count, 2);
  EXPECT_EQ(joined->stream.peak_viewers, 2);
  ASSERT_TRUE(service_->end(author_, stream.id, false).ok());
  EXPECT_EQ(join_error(add_user("late"), stream.id), ErrorCode::stream_ended);
  EXPECT_EQ(join_error(viewer_, stream.id), ErrorCode::stream_ended);
}

TEST_F(StreamServiceTest, AReconnectContinuesItsWatchingSession) {
  auto stream = create();
  ASSERT_TRUE(service_->mark_live(stream.id).ok());
  auto first = service_->join(viewer_, stream.id, false);
  ASSERT_TRUE(first.ok());
  clock_.advance(std::chrono::seconds(30));
  service_->viewer_left(stream.id, viewer_.id, first->watch_id);  // the player's socket dropped
  EXPECT_EQ(service_->get(stream.id)->viewer_count, 0);
  clock_.advance(std::chrono::seconds(5));
  auto again = service_->join(viewer_, stream.id, false, first->watch_id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->watch_id, first->watch_id);
  EXPECT_EQ(again->stream.viewer_count, 1);
  EXPECT_TRUE(service_->may_watch(again->stream, viewer_.id, first->watch_id));
  EXPECT_EQ(service_->watch_sessions(stream.id).size(), 1u);
  // Still open (the drop not noticed yet): the same session, still one viewer.
  auto twice = service_->join(viewer_, stream.id, false, first->watch_id);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->watch_id, first->watch_id);
  EXPECT_EQ(twice->stream.viewer_count, 1);
  // Someone else's session, an unknown one, or one ended too long ago: a new session.
  auto other = add_user("other");
  auto theirs = service_->join(other, stream.id, false, first->watch_id);
  ASSERT_TRUE(theirs.ok());
  EXPECT_NE(theirs->watch_id, first->watch_id);
  EXPECT_NE(service_->join(other, stream.id, false, "unknown")->watch_id, "unknown");
  service_->viewer_left(stream.id, viewer_.id, first->watch_id);
  clock_.advance(StreamService::kResumeWindow + std::chrono::seconds(1));
  auto late = service_->join(viewer_, stream.id, false, first->watch_id);
  ASSERT_TRUE(late.ok());
  EXPECT_NE(late->watch_id, first->watch_id);
}

TEST_F(StreamServiceTest, SecondOpenStreamOfAnAuthorIsAlreadyLive) {
  create();
  auto second = service_->create(author_, {"Again", "", Sensitivity::none, Gating::everyone, 0});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::already_live);
}

TEST_F(StreamServiceTest, AfterEndingTheAuthorCanGoLiveAgain) {
  auto s = create();
  ASSERT_TRUE(service_->end(author_, s.id, false).ok());
  EXPECT_TRUE(service_->create(author_, {"Again", "", Sensitivity::none, Gating::everyone, 0}).ok());
}

TEST_F(StreamServiceTest, ViewerCountCountsDistinctPresentViewers) {
  auto s = create();
  auto other = add_user("other");
  ASSERT_TRUE(service_->join(viewer_, s.id, false).ok());
  ASSERT_TRUE(service_->join(viewer_, s.id, false).ok());  // a second tab
  auto third = service_->join(other, s.id, false);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->stream.viewer_count, 2);
  EXPECT_EQ(third->stream.peak_viewers, 2);
  ASSERT_TRUE(service_->leave(viewer_, s.id).ok());
  auto after = service_->get(s.id);
  EXPECT_EQ(after->viewer_count, 1);
  EXPECT_EQ(after->peak_viewers, 2);  // never goes down
  ASSERT_TRUE(service_->leave(viewer_, s.id).ok());  // idempotent
  EXPECT_EQ(service_->get(s.id)->viewer_count, 1);
}

TEST_F(StreamServiceTest, OwnerJoiningIsNotAViewer) {
  auto s = create(Gating::paid, Sensitivity::sensitive);
  auto grant = service_->join(author_, s.id, false);
  ASSERT_TRUE(grant.ok());
  EXPECT_EQ(grant->stream.viewer_count, 0);
}

TEST_F(StreamServiceTest, WatchTokenIsBoundToTheViewerAndTheWatchingSession) {
  auto s = create();
  auto grant = service_->join(viewer_, s.id, false);
  ASSERT_TRUE(grant.ok());
  auto claims = relay_->signer().verify(grant->watch.token, clock_.now_ms());
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->role, media::StreamRole::watch);
  EXPECT_EQ(claims->user_id, viewer_.id);
  EXPECT_EQ(claims->watch_id, grant->watch_id);
  clock_.advance(std::chrono::seconds(301));
  EXPECT_FALSE(relay_->signer().verify(grant->watch.token, clock_.now_ms()).ok());
}

TEST_F(StreamServiceTest, JoinGatesFollowPaidAndSensitive) {
  auto followers = create(Gating::followers);
  EXPECT_EQ(join_error(viewer_, followers.id), ErrorCode::followers_only);
  follow(viewer_, author_);
  EXPECT_TRUE(service_->join(viewer_, followers.id, false).ok());
  ASSERT_TRUE(service_->end(author_, followers.id, false).ok());
  EXPECT_EQ(join_error(viewer_, followers.id), ErrorCode::stream_ended);

  auto paid = create(Gating::paid, Sensitivity::sensitive);
  EXPECT_EQ(join_error(viewer_, paid.id), ErrorCode::payment_required);
  db_->write([&](store::Conn& c) -> Status {
    return store::purchases::insert(c, Purchase{"p1", viewer_.id, ItemType::live_stream, paid.id, 10, "k", 0});
  }).value();
  EXPECT_EQ(join_error(viewer_, paid.id), ErrorCode::sensitive_content_not_acknowledged);
  EXPECT_TRUE(service_->join(viewer_, paid.id, true).ok());
  EXPECT_EQ(join_error(viewer_, "nope"), ErrorCode::not_found);
}

TEST_F(StreamServiceTest, OnlyTheOwnerOrAnAdminEnds) {
  auto s = create();
  auto r = service_->end(viewer_, s.id, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::not_stream_owner);
  EXPECT_EQ(service_->get(s.id)->status, StreamStatus::created);
  auto admin = add_user("admin", true);
  auto ended = service_->end(admin, s.id, false);
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended->end_reason, "ended_by_admin");
  auto again = service_->end(author_, s.id, false);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::stream_ended);
}

TEST_F(StreamServiceTest, EndingClosesEveryWatchingSession) {
  auto s = create();
  ASSERT_TRUE(service_->join(viewer_, s.id, false).ok());
  auto ended = service_->end(author_, s.id, true);
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(ended->status, StreamStatus::ended);
  EXPECT_EQ(ended->viewer_count, 0);
  EXPECT_EQ(ended->peak_viewers, 1);
  ASSERT_TRUE(ended->ended_at.has_value());
}

TEST_F(StreamServiceTest, MediaReportsFollowTheStatusMachine) {
  auto s = create();
  auto live = service_->mark_live(s.id);
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->status, StreamStatus::live);
  ASSERT_TRUE(live->started_at.has_value());
  auto started = *live->started_at;
  clock_.advance(std::chrono::seconds(5));
  EXPECT_EQ(service_->mark_interrupted(s.id)->status, StreamStatus::interrupted);
  auto resumed = service_->mark_live(s.id);
  EXPECT_EQ(resumed->status, StreamStatus::live);
  EXPECT_EQ(*resumed->started_at, started);  // resuming keeps the first start
  auto lost = service_->end_by_system(s.id, "broadcaster_lost");
  ASSERT_TRUE(lost.ok());
  EXPECT_EQ(lost->end_reason, "broadcaster_lost");
  auto back = service_->mark_live(s.id);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().code, ErrorCode::stream_ended);
}

TEST_F(StreamServiceTest, ListActiveShowsLiveAndInterruptedNewestFirstWithACursor) {
  std::vector<User> authors;
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    authors.push_back(add_user("a" + std::to_string(i)));
    auto s = create(Gating::everyone, Sensitivity::none, &authors.back());
    ids.push_back(s.id);
    clock_.advance(std::chrono::seconds(1));
    if (i != 2) {
      ASSERT_TRUE(service_->mark_live(s.id).ok());  // #2 stays `created`
    }
  }
  ASSERT_TRUE(service_->mark_interrupted(ids[1]).ok());
  auto page1 = service_->list_active(viewer_, ListScope::all, std::nullopt, 2);
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->items.size(), 2u);
  EXPECT_EQ(page1->items[0].id, ids[4]);
  EXPECT_EQ(page1->items[1].id, ids[3]);
  ASSERT_TRUE(page1->next_cursor.has_value());
  auto page2 = service_->list_active(viewer_, ListScope::all, page1->next_cursor, 2);
  ASSERT_EQ(page2->items.size(), 2u);
  EXPECT_EQ(page2->items[0].id, ids[1]);
  EXPECT_EQ(page2->items[1].id, ids[0]);
  EXPECT_FALSE(page2->next_cursor.has_value());

  follow(viewer_, authors[3]);
  auto following = service_->list_active(viewer_, ListScope::following, std::nullopt, 20);
  ASSERT_EQ(following->items.size(), 1u);
  EXPECT_EQ(following->items[0].id, ids[3]);

  auto bad = service_->list_active(viewer_, ListScope::all, std::string("garbage!"), 20);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::validation_failed);
}

}  // namespace
}  // namespace onair::streams
