#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace onair::store {

/// A ban in a creator's channel (a timeout when it has an end). Users by id.
struct BanRow {
  std::string creator_id;
  std::string user_id;
  std::optional<TimeMs> until;  // nothing: permanent
  std::string reason;
  TimeMs created_at = 0;
  std::string created_by;
};

/// A channel's chat rules (API.md "Moderation"). Blocked words are stored normalised.
struct ChatSettingsRow {
  std::int64_t slow_mode_seconds = 0;
  bool followers_only = false;
  std::int64_t min_follow_minutes = 0;
  std::vector<std::string> blocked_words;
  TimeMs updated_at = 0;
};

/// One recorded moderation action: who did what (ban, unban, timeout, remove_message, …) to whom.
struct ModerationAction {
  std::int64_t id = 0;
  std::optional<std::string> creator_id;  // the channel, or nothing for operators' actions
  std::string actor_id;
  std::string action;
  std::optional<std::string> target_user_id;
  std::optional<std::string> item_type;
  std::optional<std::string> item_id;
  std::string reason;
  std::optional<TimeMs> until;
  TimeMs created_at = 0;
};

/// A user's report of a stream, reel, chat message or user, for operators.
struct ReportRow {
  std::string id;
  std::string reporter_id;
  std::string item_type;  // live_stream, reel, chat_message, user
  std::string item_id;
  std::string reason;
  std::string status = "open";  // open, resolved
  TimeMs created_at = 0;
  std::optional<TimeMs> resolved_at;
  std::optional<std::string> resolved_by;
  std::optional<std::string> resolution;  // dismiss, remove_item, end_stream, suspend_user
};

/// An operator's suspension of an account.
struct SuspensionRow {
  std::string user_id;
  std::optional<TimeMs> until;  // nothing: until lifted
  std::string reason;
  TimeMs created_at = 0;
  std::string created_by;
};

/// A user's standing in a channel: banned (until when) and whether they moderate it.
struct ChannelStanding {
  bool banned = false;
  std::optional<TimeMs> banned_until;  // with `banned`: nothing is permanent
  bool moderator = false;
  /// When asked with an address: the latest end of the channel's bans covering it (the evasion
  /// check), if one is in force.
  std::optional<TimeMs> address_banned_until;
};

/// Channels' moderators, bans, chat rules and the record of moderation actions; reports and
/// suspensions.
namespace moderation {

/// False when `moderator_id` already moderates the channel.
bool add_moderator(Conn& conn, const std::string& creator_id, const std::string& moderator_id, TimeMs now);
/// False when they did not.
bool remove_moderator(Conn& conn, const std::string& creator_id, const std::string& moderator_id);
/// The channel's moderators' ids, earliest appointed first.
std::vector<std::string> moderators(Conn& conn, const std::string& creator_id);
bool is_moderator(Conn& conn, const std::string& creator_id, const std::string& user_id);
/// The user's ban in force at `now` and moderator role in the channel and, with an `address`,
/// whether a ban covers that address: one query (the join's and the chat's).
ChannelStanding standing(Conn& conn, const std::string& creator_id, const std::string& user_id,
                         const std::string& address, TimeMs now);

/// Orders a ban and the user's posts in the channel within their transactions (PostgreSQL: an
/// advisory transaction lock on the pair, shared by posts, exclusive for the ban; SQLite's writes are
/// serial already). A post holding it reads bans after every ban that took it before; a ban taking
/// it waits for the posts in flight, so it sees (and may remove) every message that got in.
void lock_channel_user(Conn& conn, const std::string& creator_id, const std::string& user_id, bool exclusive);

/// The account was seen at `address` (signed in, chatted).
void saw_address(Conn& conn, const std::string& user_id, const std::string& address, TimeMs now);
/// Forgets addresses last seen before `before`; how many.
std::int64_t forget_addresses(Conn& conn, TimeMs before);
/// The channel's ban of `user_id` covers the addresses the account was seen at since `since`, until
/// `until` (replacing what an earlier ban of theirs covered); how many addresses.
std::int64_t ban_addresses(Conn& conn, const std::string& creator_id, const std::string& user_id, TimeMs since,
                           TimeMs until);
/// The channel's ban of `user_id` covers no address any more.
void lift_address_bans(Conn& conn, const std::string& creator_id, const std::string& user_id);

/// Sets the ban (replacing one the user had in the channel).
void put_ban(Conn& conn, const BanRow& ban);
/// False when there was none.
bool remove_ban(Conn& conn, const std::string& creator_id, const std::string& user_id);
/// The user's ban in the channel still in force at `now`.
std::optional<BanRow> active_ban(Conn& conn, const std::string& creator_id, const std::string& user_id, TimeMs now);
/// The channel's bans in force at `now`, newest first.
std::vector<BanRow> active_bans(Conn& conn, const std::string& creator_id, TimeMs now);

/// The channel's chat rules (defaults when it never set any).
ChatSettingsRow chat_settings(Conn& conn, const std::string& creator_id);
void put_chat_settings(Conn& conn, const std::string& creator_id, const ChatSettingsRow& settings);

/// Records an action; its id.
std::int64_t record(Conn& conn, const ModerationAction& action);
/// Records `action` taken by `actor_id` on a user: in a channel (`creator_id`), or by an operator
/// (nothing). Its id.
std::int64_t record_on_user(Conn& conn, const std::optional<std::string>& creator_id, const std::string& actor_id,
                            std::string action, const std::string& target_user_id, TimeMs at,
                            std::string reason = {}, std::optional<TimeMs> until = std::nullopt);
/// The channel's actions (every action, operators' too, without `creator_id`) with ids below
/// `before` (0: from the newest), newest first, at most `limit`.
std::vector<ModerationAction> actions(Conn& conn, const std::optional<std::string>& creator_id, std::int64_t before,
                                      int limit);

/// Stores a new open report; false when the reporter already has one open for the item.
bool insert_report(Conn& conn, const ReportRow& report);
std::optional<ReportRow> find_report(Conn& conn, const std::string& id);
/// Reports of `status`, oldest first, after the position (`after_at`, `after_id`), at most `limit`.
std::vector<ReportRow> reports(Conn& conn, const std::string& status, TimeMs after_at, const std::string& after_id,
                               int limit);
/// Marks an open report resolved; false when it was not open.
bool resolve_report(Conn& conn, const std::string& id, const std::string& resolution, const std::string& by, TimeMs at);

void put_suspension(Conn& conn, const SuspensionRow& suspension);
bool remove_suspension(Conn& conn, const std::string& user_id);
/// The user's suspension in force at `now`.
std::optional<SuspensionRow> active_suspension(Conn& conn, const std::string& user_id, TimeMs now);
/// The token hashes of the user's sessions, removed.
std::vector<std::string> remove_sessions(Conn& conn, const std::string& user_id);

}  // namespace moderation
}  // namespace onair::store
