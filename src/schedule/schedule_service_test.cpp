#include "schedule/schedule_service.hpp"

#include <gtest/gtest.h>

#include "events/event_bus.hpp"
#include "media/relay_backend.hpp"
#include "notify/notification_service.hpp"
#include "store/notification_repository.hpp"
#include "streams/stream_service.hpp"
#include "support/store_fixture.hpp"

namespace onair::schedule {
namespace {

using std::chrono::minutes;

/// Scheduled lives on a clock the test moves; the notification jobs run when the test says
/// (SQLite, and PostgreSQL in the store suite).
class ScheduleServiceTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    notifications_ = std::make_unique<notify::NotificationService>(*db_, clock_);
    schedule_ = std::make_unique<ScheduleService>(*db_, clock_, bus_);
    schedule_->attach(*notifications_);
    creator_ = add_user("creator");
    fan_ = add_user("fan");
    stranger_ = add_user("stranger");
    follow(fan_, creator_);
  }

  ScheduleInput at(minutes ahead, int repeat_weeks = 0) {
    ScheduleInput in;
    in.title = "Friday jam";
    in.description = "Bring requests";
    in.starts_at = clock_.now_ms() + std::chrono::milliseconds(ahead).count();
    in.repeat_weeks = repeat_weeks;
    return in;
  }

  /// The notifications of `type` `user` has, newest first.
  std::vector<store::Notification> told(const User& user, const std::string& type) {
    auto all = db_->read([&](store::Conn& c) -> Result<std::vector<store::Notification>> {
                    return store::notifications::list(c, user.id, std::nullopt, 100);
                  }).value();
    std::vector<store::Notification> out;
    for (auto& n : all) {
      if (n.type == type) out.push_back(std::move(n));
    }
    return out;
  }

  void pass(minutes by) {
    clock_.advance(by);
    notifications_->run_due_jobs();
  }

  events::LocalBus bus_;
  std::unique_ptr<notify::NotificationService> notifications_;
  std::unique_ptr<ScheduleService> schedule_;
  User creator_, fan_, stranger_;
};

TEST_F(ScheduleServiceTest, TimesOutOfRangeAreRefusedAndWeeklyRepeatsAreEntriesAWeekApart) {
  auto code = [&](const ScheduleInput& in) {
    auto made = schedule_->create(creator_, in);
    return made ? std::string("ok") : made.error().message;
  };
  EXPECT_NE(code(at(minutes(4))), "ok") << "less than five minutes ahead";
  EXPECT_NE(code(at(minutes(91 * 24 * 60))), "ok") << "more than 90 days ahead";
  EXPECT_NE(code(at(minutes(60), 12)), "ok") << "thirteen weeks";
  auto paid = at(minutes(60));
  paid.gating = Gating::paid;
  EXPECT_NE(code(paid), "ok") << "paid without a price";
  auto made = schedule_->create(creator_, at(minutes(60), 2));
  ASSERT_TRUE(made.ok());
  ASSERT_EQ(made->size(), 3u);
  EXPECT_EQ((*made)[2].row.starts_at - (*made)[0].row.starts_at, 14LL * 24 * 3600 * 1000);
  auto listed = schedule_->upcoming(fan_, "creator");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ((*listed)[0].row.id, (*made)[0].row.id) << "soonest first";
  EXPECT_EQ((*listed)[0].row.status, "upcoming");
  notifications_->run_due_jobs();
  EXPECT_EQ(told(fan_, notify::kLiveStreamScheduled).size(), 1u) << "a series is announced once";
}

TEST_F(ScheduleServiceTest, FollowersAreToldOnceAndThoseRemindedTenMinutesBefore) {
  auto made = schedule_->create(creator_, at(minutes(60)));
  ASSERT_TRUE(made.ok());
  const auto& id = made->front().row.id;
  notifications_->run_due_jobs();
  auto announced = told(fan_, notify::kLiveStreamScheduled);
  ASSERT_EQ(announced.size(), 1u);
  EXPECT_EQ(announced[0].link, "/scheduled/" + id);
  EXPECT_TRUE(told(stranger_, notify::kLiveStreamScheduled).empty()) << "not a follower";

  ASSERT_TRUE(schedule_->remind(stranger_, id, true).ok());
  ASSERT_TRUE(schedule_->remind(fan_, id, true).ok());
  ASSERT_TRUE(schedule_->remind(fan_, id, true).ok()) << "asking twice is asking once";
  EXPECT_FALSE(schedule_->remind(creator_, id, true).ok()) << "the creator needs no reminder";
  EXPECT_EQ(schedule_->get(fan_, id)->row.reminders, 2);
  EXPECT_TRUE(schedule_->get(fan_, id)->is_reminded);

  pass(minutes(49));
  EXPECT_TRUE(told(stranger_, notify::kLiveStreamStartingSoon).empty()) << "eleven minutes before: not yet";
  pass(minutes(1));
  EXPECT_EQ(told(stranger_, notify::kLiveStreamStartingSoon).size(), 1u);
  EXPECT_EQ(told(fan_, notify::kLiveStreamStartingSoon).size(), 1u);
  pass(minutes(1));
  EXPECT_EQ(told(stranger_, notify::kLiveStreamStartingSoon).size(), 1u) << "once";
  EXPECT_EQ(told(fan_, notify::kLiveStreamScheduled).size(), 1u);
}

TEST_F(ScheduleServiceTest, AMoveTellsThoseRemindedAndTheReminderFollowsTheNewTime) {
  auto made = schedule_->create(creator_, at(minutes(60)));
  ASSERT_TRUE(made.ok());
  const auto& id = made->front().row.id;
  ASSERT_TRUE(schedule_->remind(stranger_, id, true).ok());
  ASSERT_TRUE(schedule_->remind(fan_, id, true).ok());  // a follower, told of the entry already
  notifications_->run_due_jobs();
  SchedulePatch earlier;
  earlier.starts_at = clock_.now_ms() + 90 * 60'000;
  ASSERT_TRUE(schedule_->edit(creator_, id, earlier).ok());  // moved twice: told twice
  notifications_->run_due_jobs();
  clock_.advance(std::chrono::milliseconds(1));
  SchedulePatch later;
  later.starts_at = clock_.now_ms() + 2 * 3600 * 1000;  // two hours ahead
  EXPECT_FALSE(schedule_->edit(fan_, id, later).ok()) << "not theirs";
  auto moved = schedule_->edit(creator_, id, later);
  ASSERT_TRUE(moved.ok());
  notifications_->run_due_jobs();
  auto note = told(stranger_, notify::kLiveStreamStartingSoon);  // the reminder's kind
  ASSERT_EQ(note.size(), 2u);
  EXPECT_NE(note[0].title.find("moved"), std::string::npos) << note[0].title;
  EXPECT_EQ(told(fan_, notify::kLiveStreamStartingSoon).size(), 2u) << "the follower hears of both moves";
  EXPECT_EQ(told(fan_, notify::kLiveStreamScheduled).size(), 1u);
  pass(minutes(81));
  EXPECT_EQ(told(stranger_, notify::kLiveStreamStartingSoon).size(), 2u) << "the old times' reminders are void";
  pass(minutes(30));
  auto soon = told(stranger_, notify::kLiveStreamStartingSoon);
  ASSERT_EQ(soon.size(), 3u);
  EXPECT_NE(soon[0].title.find("10 minutes"), std::string::npos) << soon[0].title;
}

TEST_F(ScheduleServiceTest, ACancellationTellsThoseRemindedAndEndsTheEntry) {
  auto made = schedule_->create(creator_, at(minutes(60)));
  ASSERT_TRUE(made.ok());
  const auto& id = made->front().row.id;
  ASSERT_TRUE(schedule_->remind(stranger_, id, true).ok());
  EXPECT_FALSE(schedule_->cancel(fan_, id).ok()) << "not theirs";
  ASSERT_TRUE(schedule_->cancel(creator_, id).ok());
  ASSERT_TRUE(schedule_->cancel(creator_, id).ok()) << "twice is once";
  notifications_->run_due_jobs();
  auto note = told(stranger_, notify::kLiveStreamStartingSoon);
  ASSERT_EQ(note.size(), 1u);
  EXPECT_NE(note[0].title.find("cancelled"), std::string::npos) << note[0].title;
  EXPECT_EQ(schedule_->get(fan_, id)->row.status, "cancelled");
  auto late = schedule_->remind(fan_, id, true);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::conflict);
  EXPECT_EQ(schedule_->edit(creator_, id, SchedulePatch{}).error().code, ErrorCode::conflict);
  pass(minutes(55));
  EXPECT_EQ(told(stranger_, notify::kLiveStreamStartingSoon).size(), 1u) << "no reminder of a cancelled live";
  EXPECT_TRUE(schedule_->upcoming(fan_, "creator")->empty());
}

TEST_F(ScheduleServiceTest, NotStartedAnHourAfterItsTimeItIsMissed) {
  auto made = schedule_->create(creator_, at(minutes(30)));
  ASSERT_TRUE(made.ok());
  const auto& id = made->front().row.id;
  pass(minutes(89));
  EXPECT_EQ(schedule_->get(fan_, id)->row.status, "upcoming");
  pass(minutes(1));
  EXPECT_EQ(schedule_->get(fan_, id)->row.status, "missed");
}

TEST_F(ScheduleServiceTest, GoingLiveFromTheEntryTakesItAndItIsDoneWhenTheStreamEnds) {
  media::RelayBackend relay("http://127.0.0.1:8080", std::string(32, 'k'), 300, clock_);
  streams::StreamService streams(*db_, relay, clock_, bus_);
  auto made = schedule_->create(creator_, at(minutes(30)));
  ASSERT_TRUE(made.ok());
  const auto& id = made->front().row.id;
  EXPECT_EQ(schedule_->to_start(fan_, id).error().code, ErrorCode::forbidden);
  auto entry = schedule_->to_start(creator_, id);
  ASSERT_TRUE(entry.ok());
  auto grant = streams.create(creator_, {entry->title, entry->description, entry->sensitivity, entry->gating,
                                         entry->price_credits});
  ASSERT_TRUE(grant.ok());
  EXPECT_EQ(grant->stream.title, "Friday jam");
  EXPECT_TRUE(schedule_->started(id, grant->stream.id));
  EXPECT_FALSE(schedule_->started(id, grant->stream.id)) << "once";
  auto live = schedule_->get(fan_, id);
  EXPECT_EQ(live->row.status, "live");
  EXPECT_EQ(live->row.stream_id, grant->stream.id);
  EXPECT_EQ(schedule_->to_start(creator_, id).error().code, ErrorCode::conflict);
  EXPECT_EQ(schedule_->remind(fan_, id, true).error().code, ErrorCode::conflict);
  ASSERT_TRUE(streams.end(creator_, grant->stream.id, false).ok());
  EXPECT_EQ(schedule_->get(fan_, id)->row.status, "done");
  pass(minutes(120));
  EXPECT_EQ(schedule_->get(fan_, id)->row.status, "done") << "never missed";
}

TEST_F(ScheduleServiceTest, ALiveAnnouncedLessThanTenMinutesAheadRemindsHalfwayToIt) {
  auto made = schedule_->create(creator_, at(minutes(6)));
  ASSERT_TRUE(made.ok());
  const auto& id = made->front().row.id;
  notifications_->run_due_jobs();
  pass(minutes(1));
  ASSERT_TRUE(schedule_->remind(stranger_, id, true).ok());
  pass(minutes(1));
  EXPECT_TRUE(told(stranger_, notify::kLiveStreamStartingSoon).empty());
  pass(minutes(1));
  EXPECT_EQ(told(stranger_, notify::kLiveStreamStartingSoon).size(), 1u) << "three minutes in, three to go";
}

TEST(ICalendar, TextIsEscapedAndLinesFoldAt75OctetsWithoutSplittingCharacters) {
  EXPECT_EQ(ical_line("SUMMARY", "a, b; c\\d\ne"), "SUMMARY:a\\, b\\; c\\\\d\\ne\r\n");
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "é";  // two octets each
  auto folded = ical_line("SUMMARY", long_text);
  std::size_t start = 0;
  std::string unfolded;
  while (start < folded.size()) {
    auto end = folded.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u);
    auto line = folded.substr(start, end - start);
    unfolded += start == 0 ? line : line.substr(1);
    if (start != 0) {
      EXPECT_EQ(line[0], ' ');
    }
    start = end + 2;
  }
  EXPECT_EQ(unfolded, "SUMMARY:" + long_text) << "no character was split";
}

}  // namespace
}  // namespace onair::schedule
