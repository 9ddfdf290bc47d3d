#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

namespace onair::store {
class Database;
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

/// A channel's chat rules (API.md `chatSettings`).
struct ChatSettings {
  std::int64_t slow_mode_seconds = 0;  // 0..kMaxSlowModeSeconds
  bool followers_only = false;
  std::vector<std::string> blocked_words;  // ≤ kMaxBlockedWords, each 1..50 characters
};
inline constexpr std::int64_t kMaxSlowModeSeconds = 300;
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

  /// Whether `actor` may moderate the channel of `creator_id`.
  bool may_moderate(const User& actor, const std::string& creator_id);

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

  /// banned (403, details `until`: ISO time or null) while `user_id` is banned from `creator_id`'s
  /// channel. Visitors ("guest:…") are never banned by account.
  Status check(const std::string& creator_id, const std::string& user_id);

 private:
  Result<User> channel(const std::string& creator_handle);

  store::Database& db_;
  const Clock& clock_;
  events::EventBus& bus_;
};

/// The error a banned user gets (API.md: 403 `banned`, details `until`).
Error banned_error(std::optional<TimeMs> until);

}  // namespace onair::moderation
