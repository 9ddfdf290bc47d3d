#include "moderation/moderation_service.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "core/crypto.hpp"
#include "core/cursor.hpp"
#include "events/event_bus.hpp"
#include "store/chat_repository.hpp"
#include "store/conn.hpp"
#include "store/database.hpp"
#include "store/moderation_repository.hpp"
#include "store/reel_repository.hpp"
#include "store/stream_repository.hpp"
#include "store/user_repository.hpp"

namespace onair::moderation {
namespace {

Error no_such_user(const std::string& handle) { return Error::not_found("User @" + handle); }

Error not_a_moderator() {
  return Error{ErrorCode::forbidden, "Only the creator, their moderators and admins moderate this channel", {}};
}

bool is_visitor(const std::string& user_id) { return user_id.starts_with("guest:"); }

}  // namespace

Error banned_error(std::optional<TimeMs> until) {
  Details details;
  if (until) details.emplace_back("until", format_iso8601(*until));
  else details.emplace_back("until", std::monostate{});
  return Error{ErrorCode::banned,
               until ? "You are timed out of this creator's streams until " + format_iso8601(*until)
                     : std::string("You are banned from this creator's streams"),
               std::move(details)};
}

bool evasion_checked(const std::string& address) {
  return !address.empty() && !address.starts_with("127.") && address != "::1" && !address.starts_with("::ffff:127.");
}

ModerationService::ModerationService(store::Database& db, const Clock& clock, events::EventBus& bus)
    : db_(db), clock_(clock), bus_(bus) {}

Result<User> ModerationService::channel(const std::string& creator_handle) {
  return db_.read([&](store::Conn& conn) -> Result<User> {
    auto creator = store::users::find_by_handle(conn, creator_handle);
    if (!creator) return no_such_user(creator_handle);
    return *creator;
  });
}

Result<std::vector<User>> ModerationService::moderators(const User& creator) {
  return db_.read([&](store::Conn& conn) -> Result<std::vector<User>> {
    std::vector<User> out;
    for (const auto& id : store::moderation::moderators(conn, creator.id)) {
      if (auto user = store::users::find_by_id(conn, id)) out.push_back(std::move(*user));
    }
    return out;
  });
}

Status ModerationService::appoint(const User& creator, const std::string& handle) {
  return db_.write([&](store::Conn& conn) -> Status {
    auto user = store::users::find_by_handle(conn, handle);
    if (!user) return no_such_user(handle);
    if (user->id == creator.id) return Error::validation("handle", "You moderate your own channel already");
    if (store::moderation::add_moderator(conn, creator.id, user->id, clock_.now_ms())) {
      store::moderation::record_on_user(conn, creator.id, creator.id, "appoint_moderator", user->id, clock_.now_ms());
    }
    return ok_status();
  });
}

Status ModerationService::dismiss(const User& creator, const std::string& handle) {
  return db_.write([&](store::Conn& conn) -> Status {
    auto user = store::users::find_by_handle(conn, handle);
    if (!user) return no_such_user(handle);
    if (store::moderation::remove_moderator(conn, creator.id, user->id)) {
      store::moderation::record_on_user(conn, creator.id, creator.id, "dismiss_moderator", user->id, clock_.now_ms());
    }
    return ok_status();
  });
}

Result<Ban> ModerationService::ban(const User& actor, const std::string& creator_handle, const BanInput& input) {
  if (input.duration_seconds && (*input.duration_seconds < 1 || *input.duration_seconds > kMaxBanSeconds)) {
    return Error::validation("durationSeconds", "durationSeconds must be 1–1209600 (two weeks), or null for a ban");
  }
  std::optional<LiveStream> open_stream;
  std::vector<std::int64_t> removed;
  auto done = db_.write([&](store::Conn& conn) -> Result<Ban> {
    auto creator = store::users::find_by_handle(conn, creator_handle);
    if (!creator) return no_such_user(creator_handle);
    bool creator_acts = actor.id == creator->id;
    bool moderator = !creator_acts && store::moderation::is_moderator(conn, creator->id, actor.id);
    if (!creator_acts && !moderator && !actor.is_admin) return not_a_moderator();
    auto target = store::users::find_by_handle(conn, input.handle);
    if (!target) return no_such_user(input.handle);
    if (target->id == creator->id) return Error::validation("handle", "A creator cannot be banned from their own channel");
    if (target->id == actor.id) return Error::validation("handle", "You cannot ban yourself");
    if (moderator && !actor.is_admin && store::moderation::is_moderator(conn, creator->id, target->id)) {
      return Error{ErrorCode::forbidden, "Only the creator can ban one of their moderators", {}};
    }
    // Waits for the user's posts in flight in the channel: the messages removed below are all there.
    store::moderation::lock_channel_user(conn, creator->id, target->id, true);
    auto now = clock_.now_ms();
    store::BanRow row{creator->id, target->id, std::nullopt, input.reason, now, actor.id};
    if (input.duration_seconds) row.until = now + *input.duration_seconds * 1000;
    store::moderation::put_ban(conn, row);
    // The evasion check: the addresses the account used lately are covered too, a day at most.
    store::moderation::ban_addresses(conn, creator->id, target->id, now - kEvasionWindowMs,
                                     std::min(row.until.value_or(now + kEvasionWindowMs), now + kEvasionWindowMs));
    store::moderation::record_on_user(conn, creator->id, actor.id, row.until ? "timeout" : "ban", target->id, now,
                                      input.reason, row.until);
    if (auto stream = store::streams::find_open_by_author(conn, creator->id)) {
      open_stream = *stream;
      if (input.remove_messages) removed = store::chat::remove_by_author(conn, stream->id, target->id);
    }
    return Ban{*creator, *target, row.until, row.reason, now, actor};
  });
  if (done && open_stream) {
    bus_.publish(events::UserBanned{open_stream->id, done->user.id, done->until.value_or(0), false});
    for (auto id : removed) {
      bus_.publish(events::ChatRemoved{open_stream->id, open_stream->author.id, id,
                                       open_stream->gating == Gating::everyone});
    }
  }
  return done;
}

Status ModerationService::unban(const User& actor, const std::string& creator_handle, const std::string& handle) {
  std::optional<events::UserBanned> lifted;
  auto done = db_.write([&](store::Conn& conn) -> Status {
    auto creator = store::users::find_by_handle(conn, creator_handle);
    if (!creator) return no_such_user(creator_handle);
    if (actor.id != creator->id && !actor.is_admin && !store::moderation::is_moderator(conn, creator->id, actor.id)) {
      return not_a_moderator();
    }
    auto target = store::users::find_by_handle(conn, handle);
    if (!target) return no_such_user(handle);
    store::moderation::lift_address_bans(conn, creator->id, target->id);
    if (store::moderation::remove_ban(conn, creator->id, target->id)) {
      store::moderation::record_on_user(conn, creator->id, actor.id, "unban", target->id, clock_.now_ms());
      if (auto stream = store::streams::find_open_by_author(conn, creator->id)) {
        lifted = events::UserBanned{stream->id, target->id, 0, true};
      }
    }
    return ok_status();
  });
  if (done && lifted) bus_.publish(*lifted);
  return done;
}

Result<std::vector<Ban>> ModerationService::bans(const User& actor, const std::string& creator_handle) {
  return db_.read([&](store::Conn& conn) -> Result<std::vector<Ban>> {
    auto creator = store::users::find_by_handle(conn, creator_handle);
    if (!creator) return no_such_user(creator_handle);
    if (actor.id != creator->id && !actor.is_admin && !store::moderation::is_moderator(conn, creator->id, actor.id)) {
      return not_a_moderator();
    }
    std::vector<Ban> out;
    for (const auto& row : store::moderation::active_bans(conn, creator->id, clock_.now_ms())) {
      auto user = store::users::find_by_id(conn, row.user_id);
      auto by = store::users::find_by_id(conn, row.created_by);
      if (!user || !by) continue;
      out.push_back(Ban{*creator, std::move(*user), row.until, row.reason, row.created_at, std::move(*by)});
    }
    return out;
  });
}

ChatSettings ModerationService::chat_settings(const User& creator) {
  auto row = db_.read([&](store::Conn& conn) -> Result<store::ChatSettingsRow> {
    return store::moderation::chat_settings(conn, creator.id);
  });
  if (!row) return {};
  return ChatSettings{row->slow_mode_seconds, row->followers_only, row->blocked_words, row->min_follow_minutes};
}

Result<ChatSettings> ModerationService::set_chat_settings(const User& creator, const ChatSettings& settings) {
  return db_.write([&](store::Conn& conn) -> Result<ChatSettings> {
    auto now = clock_.now_ms();
    store::moderation::put_chat_settings(
        conn, creator.id, store::ChatSettingsRow{settings.slow_mode_seconds, settings.followers_only,
                                                 settings.min_follow_minutes, settings.blocked_words, now});
    store::ModerationAction a;
    a.creator_id = creator.id;
    a.actor_id = creator.id;
    a.action = "chat_settings";
    a.created_at = now;
    store::moderation::record(conn, a);
    return settings;
  });
}

Report ModerationService::resolve_users(store::Conn& conn, const store::ReportRow& row) {
  Report r{row.id, {}, row.item_type, row.item_id, row.reason, row.status, row.created_at, row.resolved_at,
           std::nullopt, row.resolution};
  if (auto reporter = store::users::find_by_id(conn, row.reporter_id)) r.reporter = std::move(*reporter);
  if (row.resolved_by) r.resolved_by = store::users::find_by_id(conn, *row.resolved_by);
  return r;
}

Result<Report> ModerationService::report(const User& reporter, const ReportInput& input) {
  static constexpr std::string_view kKinds[] = {"live_stream", "reel", "chat_message", "user"};
  if (std::find(std::begin(kKinds), std::end(kKinds), input.item_type) == std::end(kKinds)) {
    return Error::validation("itemType", "itemType must be live_stream, reel, chat_message or user");
  }
  auto row = db_.read([&](store::Conn& conn) -> Result<store::ReportRow> {
    std::string item_id = input.item_id;
    bool exists = false;
    if (input.item_type == "live_stream") {
      exists = store::streams::find(conn, item_id).has_value();
    } else if (input.item_type == "reel") {
      exists = store::reels::find(conn, item_id).has_value();
    } else if (input.item_type == "chat_message") {
      std::int64_t id = 0;
      auto [end, ec] = std::from_chars(item_id.data(), item_id.data() + item_id.size(), id);
      exists = ec == std::errc() && end == item_id.data() + item_id.size() && store::chat::find(conn, id).has_value();
    } else {
      auto user = store::users::find_by_id(conn, item_id);
      if (!user) user = store::users::find_by_handle(conn, item_id);
      if (user) item_id = user->id;  // a user is reported by id, whichever was given
      exists = user.has_value();
    }
    if (!exists) return Error::not_found("The reported item");
    return store::ReportRow{crypto::random_id(), reporter.id, input.item_type, item_id, input.reason, "open",
                            clock_.now_ms(), {}, {}, {}};
  });
  if (!row) return std::move(row).error();
  return db_.write([&](store::Conn& conn) -> Result<Report> {
    if (!store::moderation::insert_report(conn, *row)) {
      return Error{ErrorCode::conflict, "You have reported this already; operators will look at it", {}};
    }
    return resolve_users(conn, *row);
  });
}

Result<ReportPage> ModerationService::reports(const std::string& status, const std::optional<std::string>& cursor,
                                              int limit) {
  PageCursor after{0, ""};
  if (cursor) {
    auto decoded = decode_cursor(*cursor);
    if (!decoded) return std::move(decoded).error();
    after = *decoded;
  }
  return db_.read([&](store::Conn& conn) -> Result<ReportPage> {
    auto rows = store::moderation::reports(conn, status, after.created_at, after.id, limit + 1);
    ReportPage page;
    bool more = static_cast<int>(rows.size()) > limit;
    if (more) rows.pop_back();
    for (const auto& row : rows) page.items.push_back(resolve_users(conn, row));
    if (more && !rows.empty()) page.next_cursor = encode_cursor(PageCursor{rows.back().created_at, rows.back().id});
    return page;
  });
}

Result<Report> ModerationService::find_report(const std::string& id) {
  return db_.read([&](store::Conn& conn) -> Result<Report> {
    auto row = store::moderation::find_report(conn, id);
    if (!row) return Error::not_found("Report");
    return resolve_users(conn, *row);
  });
}

Result<Report> ModerationService::resolve(const User& op, const std::string& id, const std::string& action) {
  return db_.write([&](store::Conn& conn) -> Result<Report> {
    auto now = clock_.now_ms();
    if (!store::moderation::resolve_report(conn, id, action, op.id, now)) {
      if (!store::moderation::find_report(conn, id)) return Error::not_found("Report");
      return Error{ErrorCode::conflict, "This report is resolved already", {}};
    }
    auto row = store::moderation::find_report(conn, id);
    store::ModerationAction a;
    a.actor_id = op.id;
    a.action = "resolve_report:" + action;
    a.item_type = row->item_type;
    a.item_id = row->item_id;
    a.created_at = now;
    store::moderation::record(conn, a);
    return resolve_users(conn, *row);
  });
}

Result<ActionPage> ModerationService::log(const User& actor, const std::string& creator_handle,
                                          const std::optional<std::string>& cursor, int limit) {
  auto creator = db_.read([&](store::Conn& conn) -> Result<User> {
    auto creator = store::users::find_by_handle(conn, creator_handle);
    if (!creator) return no_such_user(creator_handle);
    if (actor.id != creator->id && !actor.is_admin && !store::moderation::is_moderator(conn, creator->id, actor.id)) {
      return not_a_moderator();
    }
    return *creator;
  });
  if (!creator) return std::move(creator).error();
  return page_of(creator->id, cursor, limit);
}

Result<ActionPage> ModerationService::full_log(const std::optional<std::string>& cursor, int limit) {
  return page_of(std::nullopt, cursor, limit);
}

Result<ActionPage> ModerationService::page_of(const std::optional<std::string>& creator_id,
                                              const std::optional<std::string>& cursor, int limit) {
  std::int64_t before = 0;
  if (cursor) {
    auto decoded = decode_cursor(*cursor);
    if (!decoded) return std::move(decoded).error();
    auto [end, ec] = std::from_chars(decoded->id.data(), decoded->id.data() + decoded->id.size(), before);
    if (ec != std::errc() || end != decoded->id.data() + decoded->id.size() || before <= 0) {
      return Error::validation("cursor", "cursor is not one this listing issued");
    }
  }
  return db_.read([&](store::Conn& conn) -> Result<ActionPage> {
    auto rows = store::moderation::actions(conn, creator_id, before, limit + 1);
    ActionPage page;
    bool more = static_cast<int>(rows.size()) > limit;
    if (more) rows.pop_back();
    std::unordered_map<std::string, std::optional<User>> users;  // each user read once per page
    auto user = [&](const std::string& id) -> const std::optional<User>& {
      auto it = users.find(id);
      if (it == users.end()) it = users.emplace(id, store::users::find_by_id(conn, id)).first;
      return it->second;
    };
    for (const auto& row : rows) {
      const auto& actor = user(row.actor_id);
      if (!actor) continue;  // the account is gone
      LoggedAction a{row.id, std::nullopt, *actor, row.action, std::nullopt, row.item_type, row.item_id,
                     row.reason, row.until, row.created_at};
      if (row.creator_id) a.creator = user(*row.creator_id);
      if (row.target_user_id) a.user = user(*row.target_user_id);
      page.items.push_back(std::move(a));
    }
    if (more && !rows.empty()) {
      page.next_cursor = encode_cursor(PageCursor{rows.back().created_at, std::to_string(rows.back().id)});
    }
    return page;
  });
}

void ModerationService::saw(const std::string& user_id, const std::string& address) {
  if (!evasion_checked(address) || is_visitor(user_id)) return;
  auto now = clock_.now_ms();
  db_.write([&](store::Conn& conn) -> Status {
    store::moderation::saw_address(conn, user_id, address, now);
    store::moderation::forget_addresses(conn, now - kEvasionWindowMs);
    return ok_status();
  }).value();
}

Status ModerationService::check(const std::string& creator_id, const std::string& user_id) {
  if (user_id.empty() || is_visitor(user_id) || user_id == creator_id) return ok_status();
  auto ban = db_.read([&](store::Conn& conn) -> Result<std::optional<store::BanRow>> {
    return store::moderation::active_ban(conn, creator_id, user_id, clock_.now_ms());
  });
  if (!ban) return std::move(ban).error();
  if (*ban) return banned_error((*ban)->until);
  return ok_status();
}

}  // namespace onair::moderation
