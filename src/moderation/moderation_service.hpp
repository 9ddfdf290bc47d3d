#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

namespace onair::store {
class Conn;
class Database;
struct ReportRow;
}
namespace onair::events {
class EventBus;
}

namespace onair::moderation {

/// A ban in a creator's channel, its users resolved (API.md `ban`).
struct Ban {
  User creator;
  User user;
  std::optional<TimeMs> until;  // nothing: permanent
  std::string reason;
  TimeMs created_at = 0;
  User created_by;
};

struct BanInput {
  std::string handle;
  std::optional<std::int64_t> duration_seconds;  // 1..kMaxBanSeconds; nothing: permanent
  std::string reason;                            // validated by the caller (≤ 500 characters)
  bool remove_messages = false;                  // also remove their messages in the open stream's chat
};

inline constexpr std::int64_t kMaxBanSeconds = 1'209'600;  // two weeks

/// A user's report (API.md `report`), its users resolved.
struct Report {
  std::string id;
  User reporter;
  std::string item_type;
  std::string item_id;
  std::string reason;
  std::string status;
  TimeMs created_at = 0;
  std::optional<TimeMs> resolved_at;
  std::optional<User> resolved_by;
  std::optional<std::string> resolution;
};

/// What a report names: the kind of item and its id (a user by id or handle).
struct ReportInput {
  std::string item_type;  // live_stream, reel, chat_message, user
  std::string item_id;
  std::string reason;     // validated by the caller (1..500 characters)
};

struct ReportPage {
  std::vector<Report> items;
  std::optional<std::string> next_cursor;
};

/// One recorded moderation action, its users resolved (docs/API-NOTES.md "Moderation log").
struct LoggedAction {
  std::int64_t id = 0;
  std::optional<User> creator;  // the channel; nothing for an operator's action
  User actor;
  std::string action;
  std::optional<User> user;  // whom it was done to
  std::optional<std::string> item_type;
  std::optional<std::string> item_id;
  std::string reason;
  std::optional<TimeMs> until;
  TimeMs created_at = 0;
};

struct ActionPage {
  std::vector<LoggedAction> items;
  std::optional<std::string> next_cursor;
};

/// A channel's chat rules (API.md `chatSettings`).
struct ChatSettings {
  std::int64_t slow_mode_seconds = 0;  // 0..kMaxSlowModeSeconds
  bool followers_only = false;
  std::vector<std::string> blocked_words;  // ≤ kMaxBlockedWords, each 1..50 characters
  std::int64_t min_follow_minutes = 0;     // followers-only chat: followed for at least this long
};
inline constexpr std::int64_t kMaxSlowModeSeconds = 300;
inline constexpr std::int64_t kMaxMinFollowMinutes = 129600;  // 90 days
inline constexpr std::size_t kMaxBlockedWords = 500;

/// Who moderates a creator's channel and who is banned from it (API.md "Moderation"). A channel is
/// moderated by its creator, the moderators they appoint, and admins; moderators may ban anyone
/// but the creator and other moderators (only the creator may). Every change is recorded
/// (store::moderation::record). Blocking: call from the worker pool.
class ModerationService {
 public:
  /// Bans and their lifting are published on `bus` (UserBanned) for the creator's open stream, so
  /// every instance closes the banned user's sockets for it.
  ModerationService(store::Database& db, const Clock& clock, events::EventBus& bus);

  /// The creator's moderators, earliest appointed first.
  Result<std::vector<User>> moderators(const User& creator);
  /// not_found for an unknown handle; validation_failed for the creator themself.
  Status appoint(const User& creator, const std::string& handle);
  Status dismiss(const User& creator, const std::string& handle);

  /// Bans (or times out) `input.handle` in `creator_handle`'s channel. forbidden unless `actor`
  /// moderates it (and, for a moderator's target, is the creator); validation_failed for the
  /// creator, oneself, or a duration out of range; not_found for unknown handles.
  Result<Ban> ban(const User& actor, const std::string& creator_handle, const BanInput& input);
  Status unban(const User& actor, const std::string& creator_handle, const std::string& handle);
  /// The bans in force, newest first; for those who moderate the channel.
  Result<std::vector<Ban>> bans(const User& actor, const std::string& creator_handle);

  ChatSettings chat_settings(const User& creator);
  /// Replaces the creator's chat rules (validated by the caller); recorded.
  Result<ChatSettings> set_chat_settings(const User& creator, const ChatSettings& settings);

  /// A signed-in user reports an item: validation_failed for an unknown kind, not_found for an item
  /// that does not exist, conflict when they already have an open report of it.
  Result<Report> report(const User& reporter, const ReportInput& input);
  /// The operators' queue: reports of `status` (open, resolved), oldest first.
  Result<ReportPage> reports(const std::string& status, const std::optional<std::string>& cursor, int limit);
  Result<Report> find_report(const std::string& id);
  /// Marks an open report resolved with `action` (the caller has done what it says); conflict when
  /// it is not open.
  Result<Report> resolve(const User& op, const std::string& id, const std::string& action);

  /// The channel's moderation log, newest first, for those who moderate it (forbidden otherwise).
  Result<ActionPage> log(const User& actor, const std::string& creator_handle, const std::optional<std::string>& cursor,
                         int limit);
  /// Every action, operators' too, newest first (the caller checks the admin).
  Result<ActionPage> full_log(const std::optional<std::string>& cursor, int limit);

  /// The account was seen at `address` (signed in): remembered for the evasion check.
  void saw(const std::string& user_id, const std::string& address);

  /// banned (403, details `until`: ISO time or null) while `user_id` is banned from `creator_id`'s
  /// channel. Visitors ("guest:…") are never banned by account.
  Status check(const std::string& creator_id, const std::string& user_id);

 private:
  Result<User> channel(const std::string& creator_handle);
  Report resolve_users(store::Conn& conn, const store::ReportRow& row);
  Result<ActionPage> page_of(const std::optional<std::string>& creator_id, const std::optional<std::string>& cursor,
                             int limit);

  store::Database& db_;
  const Clock& clock_;
  events::EventBus& bus_;
};

/// The ban evasion check (docs/API-NOTES.md "Moderation"): a ban also covers the addresses the
/// account was seen at (signed in, chatted) in the last kEvasionWindow, for that long at most,
/// against visitors' joins and the chat of accounts younger than kEvasionWindow. Loopback addresses
/// are never recorded: everyone on one machine shares them.
inline constexpr TimeMs kEvasionWindowMs = 24LL * 3600 * 1000;
/// Whether `address` is one the evasion check records and checks.
bool evasion_checked(const std::string& address);

/// The error a banned user gets (API.md: 403 `banned`, details `until`).
Error banned_error(std::optional<TimeMs> until);

}  // namespace onair::moderation
