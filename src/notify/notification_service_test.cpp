#include "notify/notification_service.hpp"

#include <memory>
#include <set>

#include "events/event_bus.hpp"
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
    streams_ = std::make_unique<streams::StreamService>(*db_, *relay_, clock_, bus_);
    notifications_ = std::make_unique<NotificationService>(*db_, clock_);
  }

  std::string go_live(const User& author) {
    auto created = streams_->create(author, streams::CreateStreamInput{"Cooking", "", Sensitivity::none,
                                                                      Gating::everyone, 0});
    EXPECT_TRUE(created.ok());
    EXPECT_TRUE(streams_->mark_live(created->stream.id).ok());
    return created->stream.id;
  }

  events::LocalBus bus_;
  std::unique_ptr<media::RelayBackend> relay_;
  std::unique_ptr<streams::StreamService> streams_;
  std::unique_ptr<NotificationService> notifications_;
};

TEST_F(NotificationServiceTest, PublishesEachBatchWithWhatIsStored) {
  auto author = add_user("chef");
  auto first = add_user("first");
  auto second = add_user("second");
  follow(first, author);
  follow(second, author);
  std::vector<events::NotificationsCreated> published;
  bus_.subscribe([&](const events::LiveEvent& e) {
    if (const auto* batch = std::get_if<events::NotificationsCreated>(&e)) published.push_back(*batch);
  });
  notifications_->set_bus(&bus_);
  notifications_->batch_size = 1;  // one follower per batch: one event per batch
  auto id = go_live(author);
  EXPECT_GE(notifications_->run_due_jobs(), 2);

  ASSERT_EQ(published.size(), 2u);
  std::set<std::string> told;
  for (const auto& batch : published) {
    ASSERT_EQ(batch.recipients.size(), 1u);
    const auto& [recipient, notification_id] = batch.recipients[0];
    told.insert(recipient);
    auto stored = db_->read([&](store::Conn& c) -> Result<std::optional<store::Notification>> {
                       return store::notifications::find(c, notification_id);
                     }).value();
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->recipient_id, recipient);
    EXPECT_EQ(batch.shown.type, stored->type);
    EXPECT_EQ(batch.shown.subject_id, id);
    EXPECT_EQ(batch.shown.title, stored->title);
    EXPECT_EQ(batch.shown.body, stored->body);
    EXPECT_EQ(batch.shown.link, stored->link);
    EXPECT_EQ(batch.shown.created_at, stored->created_at);
    EXPECT_EQ(batch.shown.actor.id, author.id);
    EXPECT_EQ(batch.shown.actor.handle, stored->actor.handle);
  }
  EXPECT_EQ(told, (std::set<std::string>{first.id, second.id}));
}

}  // namespace
}  // namespace onair::notify
