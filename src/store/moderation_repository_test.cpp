#include "store/moderation_repository.hpp"

#include <algorithm>

#include "store/user_repository.hpp"

#include "support/store_fixture.hpp"

namespace onair::store {
namespace {

// Runs on SQLite and, in the store suite, on PostgreSQL.
class ModerationStoreTest : public testing::StoreFixture {};

TEST_F(ModerationStoreTest, ModeratorsAreAppointedOncePerChannelAndRemoved) {
  auto creator = add_user("creator");
  auto mod = add_user("mod");
  auto other = add_user("other");
  TimeMs now = 1;
  auto add = [&](const User& c, const User& m) {
    ++now;
    return db_->write([&](Conn& conn) -> Result<bool> { return moderation::add_moderator(conn, c.id, m.id, now); })
        .value();
  };
  EXPECT_TRUE(add(creator, mod));
  EXPECT_FALSE(add(creator, mod)) << "already a moderator";
  EXPECT_TRUE(add(creator, other));
  EXPECT_TRUE(add(other, mod)) << "another channel";
  auto list = db_->read([&](Conn& c) -> Result<std::vector<std::string>> {
                   return moderation::moderators(c, creator.id);
                 }).value();
  EXPECT_EQ(list, (std::vector<std::string>{mod.id, other.id})) << "earliest appointed first";
  EXPECT_TRUE(db_->read([&](Conn& c) -> Result<bool> { return moderation::is_moderator(c, creator.id, mod.id); }).value());
  EXPECT_TRUE(db_->write([&](Conn& c) -> Result<bool> { return moderation::remove_moderator(c, creator.id, mod.id); })
                  .value());
  EXPECT_FALSE(db_->write([&](Conn& c) -> Result<bool> { return moderation::remove_moderator(c, creator.id, mod.id); })
                   .value());
  EXPECT_FALSE(
      db_->read([&](Conn& c) -> Result<bool> { return moderation::is_moderator(c, creator.id, mod.id); }).value());
  EXPECT_TRUE(db_->read([&](Conn& c) -> Result<bool> { return moderation::is_moderator(c, other.id, mod.id); }).value());
}

TEST_F(ModerationStoreTest, BansAreInForceUntilTheyEndOrAreLifted) {
  auto creator = add_user("creator");
  auto troll = add_user("troll");
  auto spammer = add_user("spammer");
  auto put = [&](const BanRow& ban) {
    ASSERT_TRUE(db_->write([&](Conn& c) -> Result<bool> {
                     moderation::put_ban(c, ban);
                     return true;
                   }).ok());
  };
  put({creator.id, troll.id, std::nullopt, "abuse", 100, creator.id});
  put({creator.id, spammer.id, 1000, "spam", 200, creator.id});  // a timeout until t=1000
  auto active = [&](const User& u, TimeMs now) {
    return db_->read([&](Conn& c) -> Result<std::optional<BanRow>> {
                  return moderation::active_ban(c, creator.id, u.id, now);
                }).value();
  };
  ASSERT_TRUE(active(troll, 5000).has_value());
  EXPECT_FALSE(active(troll, 5000)->until.has_value()) << "permanent";
  EXPECT_EQ(active(troll, 5000)->reason, "abuse");
  ASSERT_TRUE(active(spammer, 999).has_value());
  EXPECT_EQ(*active(spammer, 999)->until, 1000);
  EXPECT_FALSE(active(spammer, 1000).has_value()) << "a timeout ends by itself";
  auto list = db_->read([&](Conn& c) -> Result<std::vector<BanRow>> {
                   return moderation::active_bans(c, creator.id, 500);
                 }).value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].user_id, spammer.id) << "newest first";
  // A second ban replaces the first.
  put({creator.id, spammer.id, std::nullopt, "again", 300, creator.id});
  EXPECT_FALSE(active(spammer, 5000)->until.has_value());
  EXPECT_TRUE(db_->write([&](Conn& c) -> Result<bool> { return moderation::remove_ban(c, creator.id, troll.id); }).value());
  EXPECT_FALSE(active(troll, 5000).has_value());
  EXPECT_FALSE(active(User{}, 5000).has_value()) << "nobody is not banned";
}

TEST_F(ModerationStoreTest, StandingReadsBanAndModeratorRoleTogether) {
  auto creator = add_user("creator");
  auto mod = add_user("mod");
  auto spammer = add_user("spammer");
  auto troll = add_user("troll");
  db_->write([&](Conn& c) -> Status {
    moderation::add_moderator(c, creator.id, mod.id, 1);
    moderation::put_ban(c, {creator.id, spammer.id, 1000, "spam", 200, creator.id});
    moderation::put_ban(c, {creator.id, troll.id, std::nullopt, "abuse", 200, creator.id});
    return ok_status();
  }).value();
  auto standing = [&](const User& u, TimeMs now) {
    return db_->read([&](Conn& c) -> Result<ChannelStanding> { return moderation::standing(c, creator.id, u.id, "", now); })
        .value();
  };
  auto of_mod = standing(mod, 500);
  EXPECT_TRUE(of_mod.moderator);
  EXPECT_FALSE(of_mod.banned);
  auto timed_out = standing(spammer, 999);
  EXPECT_TRUE(timed_out.banned);
  EXPECT_EQ(timed_out.banned_until, std::optional<TimeMs>(1000));
  EXPECT_FALSE(timed_out.moderator);
  EXPECT_FALSE(standing(spammer, 1000).banned) << "the timeout ended";
  auto banned = standing(troll, 5000);
  EXPECT_TRUE(banned.banned);
  EXPECT_FALSE(banned.banned_until.has_value()) << "permanent";
  auto elsewhere = db_->read([&](Conn& c) -> Result<ChannelStanding> {
                        return moderation::standing(c, mod.id, troll.id, "", 5000);
                      }).value();
  EXPECT_FALSE(elsewhere.banned) << "another channel";
  EXPECT_FALSE(elsewhere.moderator);
}

TEST_F(ModerationStoreTest, ABanCoversTheAddressesTheAccountWasSeenAtLately) {
  auto creator = add_user("creator");
  auto spammer = add_user("spammer");
  auto write = [&](auto body) { db_->write([&](Conn& c) -> Status { body(c); return ok_status(); }).value(); };
  write([&](Conn& c) {
    moderation::saw_address(c, spammer.id, "203.0.113.1", 100);   // too long ago
    moderation::saw_address(c, spammer.id, "203.0.113.2", 900);
    moderation::saw_address(c, spammer.id, "203.0.113.3", 1000);
    moderation::saw_address(c, spammer.id, "203.0.113.3", 1100);  // seen again: one row
  });
  auto covered = db_->write([&](Conn& c) -> Result<std::int64_t> {
                        return moderation::ban_addresses(c, creator.id, spammer.id, 500, 5000);
                      }).value();
  EXPECT_EQ(covered, 2);
  auto until_at = [&](const std::string& address, TimeMs now) {
    return db_->read([&](Conn& c) -> Result<ChannelStanding> {
                  return moderation::standing(c, creator.id, "guest:x", address, now);
                }).value().address_banned_until;
  };
  EXPECT_EQ(until_at("203.0.113.2", 2000), std::optional<TimeMs>(5000));
  EXPECT_EQ(until_at("203.0.113.3", 2000), std::optional<TimeMs>(5000));
  EXPECT_FALSE(until_at("203.0.113.1", 2000).has_value()) << "seen before the window";
  EXPECT_FALSE(until_at("203.0.113.2", 5000).has_value()) << "covered until 5000";
  EXPECT_FALSE(until_at("", 2000).has_value()) << "no address is never covered";
  auto elsewhere = db_->read([&](Conn& c) -> Result<ChannelStanding> {
                        return moderation::standing(c, spammer.id, "guest:x", "203.0.113.2", 2000);
                      }).value();
  EXPECT_FALSE(elsewhere.address_banned_until.has_value()) << "another channel";
  // A second ban replaces what the first covered; lifting lifts it all.
  EXPECT_EQ(db_->write([&](Conn& c) -> Result<std::int64_t> {
                  return moderation::ban_addresses(c, creator.id, spammer.id, 1050, 9000);
                }).value(),
            1);
  EXPECT_FALSE(until_at("203.0.113.2", 2000).has_value());
  EXPECT_EQ(until_at("203.0.113.3", 6000), std::optional<TimeMs>(9000));
  write([&](Conn& c) { moderation::lift_address_bans(c, creator.id, spammer.id); });
  EXPECT_FALSE(until_at("203.0.113.3", 6000).has_value());
  // Old addresses are forgotten.
  EXPECT_EQ(db_->write([&](Conn& c) -> Result<std::int64_t> { return moderation::forget_addresses(c, 1000); }).value(),
            2);
}

TEST_F(ModerationStoreTest, ChatSettingsDefaultToNoneAndRoundTrip) {
  auto creator = add_user("creator");
  auto none = db_->read([&](Conn& c) -> Result<ChatSettingsRow> { return moderation::chat_settings(c, creator.id); })
                  .value();
  EXPECT_EQ(none.slow_mode_seconds, 0);
  EXPECT_FALSE(none.followers_only);
  EXPECT_TRUE(none.blocked_words.empty());
  ChatSettingsRow set{30, true, 10, {"spam", "scam"}, 42};
  ASSERT_TRUE(db_->write([&](Conn& c) -> Result<bool> {
                   moderation::put_chat_settings(c, creator.id, set);
                   return true;
                 }).ok());
  auto read = db_->read([&](Conn& c) -> Result<ChatSettingsRow> { return moderation::chat_settings(c, creator.id); })
                  .value();
  EXPECT_EQ(read.slow_mode_seconds, 30);
  EXPECT_TRUE(read.followers_only);
  EXPECT_EQ(read.min_follow_minutes, 10);
  EXPECT_EQ(read.blocked_words, (std::vector<std::string>{"spam", "scam"}));
  EXPECT_EQ(read.updated_at, 42);
}

TEST_F(ModerationStoreTest, ActionsAreRecordedAndPagedNewestFirst) {
  auto creator = add_user("creator");
  auto troll = add_user("troll");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    ModerationAction a;
    a.creator_id = creator.id;
    a.actor_id = creator.id;
    a.action = i == 0 ? "ban" : "remove_message";
    a.target_user_id = troll.id;
    a.item_type = i == 0 ? std::nullopt : std::optional<std::string>("chat_message");
    a.item_id = i == 0 ? std::nullopt : std::optional<std::string>(std::to_string(i));
    a.until = i == 0 ? std::optional<TimeMs>(99) : std::nullopt;
    a.reason = "r" + std::to_string(i);
    a.created_at = 10 + i;
    ids.push_back(db_->write([&](Conn& c) -> Result<std::int64_t> { return moderation::record(c, a); }).value());
  }
  auto page = db_->read([&](Conn& c) -> Result<std::vector<ModerationAction>> {
                   return moderation::actions(c, creator.id, 0, 2);
                 }).value();
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, ids[2]);
  EXPECT_EQ(page[0].item_id, "2");
  auto rest = db_->read([&](Conn& c) -> Result<std::vector<ModerationAction>> {
                   return moderation::actions(c, creator.id, page[1].id, 2);
                 }).value();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].action, "ban");
  EXPECT_EQ(rest[0].until, 99);
  EXPECT_FALSE(rest[0].item_type.has_value());
  EXPECT_EQ(rest[0].target_user_id, troll.id);

  // An operator's action belongs to no channel: only the whole log shows it.
  auto op = add_user("op", true);
  auto suspended = db_->write([&](Conn& c) -> Result<std::int64_t> {
                        return moderation::record_on_user(c, std::nullopt, op.id, "suspend", troll.id, 50, "abuse");
                      }).value();
  auto channel = db_->read([&](Conn& c) -> Result<std::vector<ModerationAction>> {
                      return moderation::actions(c, creator.id, 0, 10);
                    }).value();
  EXPECT_EQ(channel.size(), 3u);
  auto all = db_->read([&](Conn& c) -> Result<std::vector<ModerationAction>> {
                  return moderation::actions(c, std::nullopt, 0, 10);
                }).value();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].id, suspended);
  EXPECT_FALSE(all[0].creator_id.has_value());
  EXPECT_EQ(all[0].reason, "abuse");
  EXPECT_EQ(all[1].creator_id, creator.id);
}

TEST_F(ModerationStoreTest, OneOpenReportPerReporterAndItemResolvedOnce) {
  auto reporter = add_user("reporter");
  auto op = add_user("op", true);
  ReportRow r{"r1", reporter.id, "reel", "reel1", "spam", "open", 100, {}, {}, {}};
  auto insert = [&](const ReportRow& row) {
    return db_->write([&](Conn& c) -> Result<bool> { return moderation::insert_report(c, row); }).value();
  };
  EXPECT_TRUE(insert(r));
  auto twice = r;
  twice.id = "r2";
  EXPECT_FALSE(insert(twice)) << "already open";
  auto other = r;
  other.id = "r3";
  other.item_id = "reel2";
  other.created_at = 200;
  EXPECT_TRUE(insert(other));
  auto open = db_->read([&](Conn& c) -> Result<std::vector<ReportRow>> {
                   return moderation::reports(c, "open", 0, "", 10);
                 }).value();
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].id, "r1") << "oldest first";
  auto page = db_->read([&](Conn& c) -> Result<std::vector<ReportRow>> {
                   return moderation::reports(c, "open", open[0].created_at, open[0].id, 10);
                 }).value();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, "r3");
  auto resolve = [&] {
    return db_->write([&](Conn& c) -> Result<bool> { return moderation::resolve_report(c, "r1", "dismiss", op.id, 300); })
        .value();
  };
  EXPECT_TRUE(resolve());
  EXPECT_FALSE(resolve()) << "resolved once";
  auto found = db_->read([&](Conn& c) -> Result<std::optional<ReportRow>> { return moderation::find_report(c, "r1"); })
                   .value();
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, "resolved");
  EXPECT_EQ(found->resolution, "dismiss");
  EXPECT_EQ(found->resolved_by, op.id);
  EXPECT_EQ(found->resolved_at, 300);
  // Resolved, the same reporter may report the item again.
  twice.id = "r4";
  EXPECT_TRUE(insert(twice));
}

TEST_F(ModerationStoreTest, SuspensionsEndAndTakeEverySession) {
  auto user = add_user("user");
  auto op = add_user("op", true);
  ASSERT_TRUE(db_->write([&](Conn& c) -> Result<bool> {
                   sessions::insert(c, "h1", user.id, 1, 1'000'000);
                   sessions::insert(c, "h2", user.id, 1, 1'000'000);
                   sessions::insert(c, "h3", op.id, 1, 1'000'000);
                   moderation::put_suspension(c, SuspensionRow{user.id, 500, "abuse", 100, op.id});
                   return true;
                 }).ok());
  auto active = [&](TimeMs now) {
    return db_->read([&](Conn& c) -> Result<std::optional<SuspensionRow>> {
                  return moderation::active_suspension(c, user.id, now);
                }).value();
  };
  ASSERT_TRUE(active(499).has_value());
  EXPECT_EQ(active(499)->reason, "abuse");
  EXPECT_FALSE(active(500).has_value()) << "ends by itself";
  auto hashes = db_->write([&](Conn& c) -> Result<std::vector<std::string>> {
                     return moderation::remove_sessions(c, user.id);
                   }).value();
  std::sort(hashes.begin(), hashes.end());
  EXPECT_EQ(hashes, (std::vector<std::string>{"h1", "h2"}));
  EXPECT_TRUE(db_->read([&](Conn& c) -> Result<bool> { return sessions::find_user(c, "h3", 2).has_value(); }).value())
      << "other users keep theirs";
  EXPECT_TRUE(db_->write([&](Conn& c) -> Result<bool> { return moderation::remove_suspension(c, user.id); }).value());
  EXPECT_FALSE(active(0).has_value());
}

}  // namespace
}  // namespace onair::store
