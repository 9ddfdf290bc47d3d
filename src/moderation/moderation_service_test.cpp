#include "moderation/moderation_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "chat/chat_service.hpp"
#include "events/event_bus.hpp"
#include "media/relay_backend.hpp"
#include "store/chat_repository.hpp"
#include "store/conn.hpp"
#include "store/user_repository.hpp"
#include "streams/stream_service.hpp"
#include "support/fake_scheduler.hpp"
#include "support/store_fixture.hpp"

namespace onair::moderation {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

/// Moderation through the services, on a clock the test moves (SQLite, and PostgreSQL in the
/// store suite).
class ModerationServiceTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    relay_ = std::make_unique<media::RelayBackend>("http://127.0.0.1:8080", std::string(32, 'k'), 300, clock_);
    streams_ = std::make_unique<streams::StreamService>(*db_, *relay_, clock_, bus_);
    moderation_ = std::make_unique<ModerationService>(*db_, clock_, bus_);
    chat_ = std::make_unique<chat::ChatService>(*db_, *streams_, scheduler_, clock_, bus_, 1000);
    creator_ = add_user("creator");
    mod_ = add_user("mod");
    fan_ = add_user("fan");
    admin_user_ = add_user("admin", true);
    ASSERT_TRUE(moderation_->appoint(creator_, "mod").ok());
    auto grant = streams_->create(creator_, {"Live", "", Sensitivity::none, Gating::everyone, 0});
    ASSERT_TRUE(grant.ok());
    stream_id_ = grant->stream.id;
  }

  void TearDown() override {
    chat_.reset();
    StoreFixture::TearDown();
  }

  bool set_rules(const ChatSettings& rules) { return moderation_->set_chat_settings(creator_, rules).ok(); }

  /// The error code of a post, or "ok".
  std::string post(const User& who, const std::string& text) {
    auto posted = chat_->post(who, stream_id_, text);
    return posted ? "ok" : std::string(error_code_name(posted.error().code));
  }

  static std::int64_t detail(const Error& e, const std::string& key) {
    for (const auto& [k, v] : e.details) {
      if (k == key) return std::get<std::int64_t>(v);
    }
    return -1;
  }

  events::LocalBus bus_;
  testing::FakeScheduler scheduler_;
  std::unique_ptr<media::RelayBackend> relay_;
  std::unique_ptr<streams::StreamService> streams_;
  std::unique_ptr<ModerationService> moderation_;
  std::unique_ptr<chat::ChatService> chat_;
  User creator_, mod_, fan_, admin_user_;
  std::string stream_id_;
};

TEST_F(ModerationServiceTest, TheJoinTellsWhoModeratesAndKeepsATimedOutViewerOutUntilTheTimeoutEnds) {
  auto moderates = [&](const User& u) {
    auto grant = streams_->join(u, stream_id_, false);
    EXPECT_TRUE(grant.ok()) << u.handle;
    return grant && grant->can_moderate;
  };
  EXPECT_TRUE(moderates(creator_));
  EXPECT_TRUE(moderates(mod_));
  EXPECT_TRUE(moderates(admin_user_));
  EXPECT_FALSE(moderates(fan_));

  auto ban = moderation_->ban(mod_, "creator", BanInput{"fan", 600, "spam", false});
  ASSERT_TRUE(ban.ok());
  EXPECT_EQ(ban->until, clock_.now_ms() + 600'000);
  auto refused = streams_->join(fan_, stream_id_, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::banned);
  EXPECT_EQ(post(fan_, "let me in"), "banned");
  clock_.advance(seconds(599));
  EXPECT_FALSE(streams_->join(fan_, stream_id_, false).ok()) << "still timed out a second before the end";
  clock_.advance(seconds(1));
  EXPECT_TRUE(streams_->join(fan_, stream_id_, false).ok()) << "a timeout ends by itself";
  EXPECT_EQ(post(fan_, "back"), "ok");
}

TEST_F(ModerationServiceTest, FollowersOnlyChatCanAskForAMinimumFollowAge) {
  ChatSettings rules;
  rules.followers_only = true;
  rules.min_follow_minutes = 10;
  ASSERT_TRUE(set_rules(rules));
  EXPECT_EQ(moderation_->chat_settings(creator_).min_follow_minutes, 10);
  EXPECT_EQ(post(fan_, "hi"), "followers_only") << "not a follower";
  follow(fan_, creator_);
  clock_.advance(minutes(4));
  auto early = chat_->post(fan_, stream_id_, "hi");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::followers_only);
  EXPECT_EQ(detail(early.error(), "retryAfterSeconds"), 360) << "six more minutes";
  EXPECT_EQ(post(mod_, "moderators are exempt"), "ok");
  clock_.advance(minutes(6));
  EXPECT_EQ(post(fan_, "hi"), "ok") << "followed for ten minutes";
}

TEST_F(ModerationServiceTest, SlowModeCountsFromTheLastMessage) {
  ChatSettings rules;
  rules.slow_mode_seconds = 30;
  ASSERT_TRUE(set_rules(rules));
  EXPECT_EQ(post(fan_, "one"), "ok");
  clock_.advance(seconds(29));
  auto early = chat_->post(fan_, stream_id_, "two");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::slow_mode);
  EXPECT_EQ(detail(early.error(), "retryAfterSeconds"), 1);
  clock_.advance(seconds(1));
  EXPECT_EQ(post(fan_, "two"), "ok");
  EXPECT_EQ(post(creator_, "the creator"), "ok");
  EXPECT_EQ(post(creator_, "is exempt"), "ok");
}

TEST_F(ModerationServiceTest, BlockedWordsFollowTheListAsItChanges) {
  ChatSettings rules;
  rules.blocked_words = {"spam"};
  ASSERT_TRUE(set_rules(rules));
  EXPECT_EQ(post(fan_, "SPAM!"), "message_blocked");
  EXPECT_EQ(post(fan_, "eggs"), "ok");
  rules.blocked_words = {"eggs"};
  ASSERT_TRUE(set_rules(rules));
  EXPECT_EQ(post(fan_, "spam"), "ok") << "no longer blocked";
  EXPECT_EQ(post(fan_, "green eggs"), "message_blocked");
}

TEST_F(ModerationServiceTest, NoMessageGetsInAfterTheBanThatRemovedTheSendersMessages) {
  // Posts race a "ban and remove messages": once the ban has answered, none of the banned user's
  // messages is in the chat, and none gets in later (PostgreSQL: posts and the ban are ordered on
  // the pair's lock; SQLite: writes are serial).
  ASSERT_TRUE(streams_->join(fan_, stream_id_, false).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> posted{0};
  std::vector<std::thread> posters;
  for (int i = 0; i < 3; ++i) {
    posters.emplace_back([&] {
      while (!stop) {
        if (chat_->post(fan_, stream_id_, "spam").ok()) ++posted;
      }
    });
  }
  for (int i = 0; i < 400 && posted < 30; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto fans_messages = [&] {
    auto latest = db_->read([&](store::Conn& c) -> Result<std::vector<store::ChatMessage>> {
                       return store::chat::latest(c, stream_id_, 100);
                     }).value();
    return std::count_if(latest.begin(), latest.end(), [&](const auto& m) { return m.author.id == fan_.id; });
  };
  auto banned = moderation_->ban(mod_, "creator", BanInput{"fan", std::nullopt, "spam", true});
  ASSERT_TRUE(banned.ok());
  EXPECT_EQ(fans_messages(), 0) << "every message that got in before the ban was removed with it";
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  stop = true;
  for (auto& t : posters) t.join();
  EXPECT_GE(posted.load(), 30);
  EXPECT_EQ(fans_messages(), 0) << "no message got in after the ban";
}

TEST_F(ModerationServiceTest, EveryActionIsLoggedForTheChannelNewestFirstAndPaged) {
  ASSERT_TRUE(streams_->join(fan_, stream_id_, false).ok());
  auto said = chat_->post(fan_, stream_id_, "buy followers");
  ASSERT_TRUE(said.ok());
  clock_.advance(seconds(1));
  ASSERT_TRUE(chat_->remove(mod_, stream_id_, said->id).ok());
  clock_.advance(seconds(1));
  ASSERT_TRUE(moderation_->ban(mod_, "creator", BanInput{"fan", std::nullopt, "spam", false}).ok());
  clock_.advance(seconds(1));
  ASSERT_TRUE(moderation_->unban(creator_, "creator", "fan").ok());

  auto first = moderation_->log(creator_, "creator", std::nullopt, 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].action, "unban");
  EXPECT_EQ(first->items[0].actor.id, creator_.id);
  EXPECT_EQ(first->items[1].action, "ban");
  EXPECT_EQ(first->items[1].actor.id, mod_.id);
  ASSERT_TRUE(first->items[1].user.has_value());
  EXPECT_EQ(first->items[1].user->id, fan_.id);
  EXPECT_EQ(first->items[1].reason, "spam");
  ASSERT_TRUE(first->next_cursor.has_value());
  auto rest = moderation_->log(mod_, "creator", first->next_cursor, 10);
  ASSERT_TRUE(rest.ok()) << "moderators read the log too";
  ASSERT_EQ(rest->items.size(), 2u);
  EXPECT_EQ(rest->items[0].action, "remove_message");
  EXPECT_EQ(rest->items[0].item_type, "chat_message");
  EXPECT_EQ(rest->items[0].item_id, std::to_string(said->id));
  EXPECT_EQ(rest->items[0].reason, "buy followers");
  EXPECT_EQ(rest->items[1].action, "appoint_moderator");
  EXPECT_FALSE(rest->next_cursor.has_value());

  auto other = moderation_->log(fan_, "creator", std::nullopt, 10);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::forbidden);
  auto bad = moderation_->log(creator_, "creator", std::string("not-a-cursor"), 10);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::validation_failed);
  EXPECT_EQ(moderation_->full_log(std::nullopt, 100)->items.size(), 4u);
}

}  // namespace
}  // namespace onair::moderation
