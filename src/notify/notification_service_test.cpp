#include "notify/notification_service.hpp"

#include <memory>

#include "media/relay_backend.hpp"
#include "store/notification_repository.hpp"
#include "streams/stream_service.hpp"
#include "support/store_fixture.hpp"

namespace onair::notify {
namespace {

class NotificationServiceTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    relay_ = std::make_unique<media::RelayBackend>("http://127.0.0.1:8080", std::string(32, 'k'), 300, clock_);
    streams_ = std::make_unique<streams::StreamService>(*db_, *relay_, clock_);
    notifications_ = std::make_unique<NotificationService>(*db_, clock_);
  }

  std::string go_live(const User& author) {
    auto created = streams_->create(author, streams::CreateStreamInput{"Cooking", "", Sensitivity::none,
                                                                      Gating::everyone, 0});
    EXPECT_TRUE(created.ok());
    EXPECT_TRUE(streams_->mark_live(created->stream.id).ok());
    return created->stream.id;
  }

  std::unique_ptr<media::RelayBackend> relay_;
  std::unique_ptr<streams::StreamService> streams_;
  std::unique_ptr<NotificationService> notifications_;
};

TEST_F(NotificationServiceTest, PushesOnlyToFollowersWithAnOpenSocketWhatIsStored) {
  auto author = add_user("chef");
  auto online = add_user("online");
  auto offline = add_user("offline");
  follow(online, author);
  follow(offline, author);
  std::vector<store::Notification> pushed;
  notifications_->set_delivery([&](const store::Notification& n) { pushed.push_back(n); },
                               [&](const std::string& user_id) { return user_id == online.id; });
  notifications_->batch_size = 1;  // one follower per batch: the push happens batch by batch
  auto id = go_live(author);
  EXPECT_GE(notifications_->run_due_jobs(), 2);

  ASSERT_EQ(pushed.size(), 1u);
  auto stored = db_->read([&](store::Conn& c) -> Result<std::optional<store::Notification>> {
                     return store::notifications::find(c, pushed[0].id);
                   }).value();
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(pushed[0].recipient_id, online.id);
  EXPECT_EQ(stored->recipient_id, online.id);
  EXPECT_EQ(pushed[0].type, stored->type);
  EXPECT_EQ(pushed[0].subject_id, id);
  EXPECT_EQ(pushed[0].title, stored->title);
  EXPECT_EQ(pushed[0].body, stored->body);
  EXPECT_EQ(pushed[0].link, stored->link);
  EXPECT_EQ(pushed[0].created_at, stored->created_at);
  EXPECT_EQ(pushed[0].actor.id, author.id);
  EXPECT_EQ(pushed[0].actor.handle, stored->actor.handle);
  EXPECT_FALSE(pushed[0].read_at.has_value());
  // The offline follower's notification is stored all the same.
  auto page = notifications_->list(offline, std::nullopt, 10);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 1u);
}

}  // namespace
}  // namespace onair::notify
