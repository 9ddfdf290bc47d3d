#include "chat/chat_service.hpp"

#include <charconv>

#include <spdlog/spdlog.h>

#include "chat/blocked_words.hpp"
#include "store/conn.hpp"
#include "store/user_repository.hpp"

#include "moderation/moderation_service.hpp"
#include "store/database.hpp"
#include "store/moderation_repository.hpp"
#include "streams/stream_service.hpp"

namespace onair::chat {

ChatService::ChatService(store::Database& db, streams::StreamService& streams, Scheduler& scheduler,
                         const Clock& clock, events::EventBus& bus, int stream_per_second)
    : db_(db),
      streams_(streams),
      per_stream_(stream_per_second * 60.0, stream_per_second * 3.0),
      scheduler_(scheduler),
      clock_(clock),
      bus_(bus) {
  bus_.subscribe([this](const events::LiveEvent& event) { on_event(event); });
}

ChatService::~ChatService() {
  std::lock_guard lock(mutex_);
  if (flush_) flush_->cancel();
}

Result<LiveStream> ChatService::take_part(const User& user, const std::string& stream_id) {
  auto stream = streams_.may_take_part(user, stream_id);
  if (stream && stream->gating != Gating::everyone) admit(stream_id, user.id);
  return stream;
}

Status ChatService::chat_rules(store::Conn& conn, const LiveStream& stream, const User& user,
                               const std::string& text, const std::string& address) {
  const auto& creator = stream.author.id;
  if (user.id == creator) return ok_status();
  auto now = clock_.now_ms();
  // Checked with the insert, in its transaction, ordered with bans of this user in this channel:
  // once a ban's answer is out, no message of theirs gets in after it.
  store::moderation::lock_channel_user(conn, creator, user.id, false);
  bool new_account = user.created_at > now - moderation::kEvasionWindowMs;
  auto standing = store::moderation::standing(
      conn, creator, user.id, new_account && moderation::evasion_checked(address) ? address : std::string(), now);
  if (standing.banned) return moderation::banned_error(standing.banned_until);
  bool exempt = user.is_admin || standing.moderator;
  // The evasion check: a new account chatting from an address a ban covers.
  if (!exempt && standing.address_banned_until) return moderation::banned_error(standing.address_banned_until);
  auto settings = store::moderation::chat_settings(conn, creator);
  if (!exempt && settings.followers_only) {
    auto since = store::follows::followed_since(conn, user.id, creator);
    if (!since) {
      return Error{ErrorCode::followers_only, "Only followers of @" + stream.author.handle + " can chat here", {}};
    }
    auto followed_ms = now - *since, needed_ms = settings.min_follow_minutes * 60'000;
    if (followed_ms < needed_ms) {
      auto minutes = (needed_ms - followed_ms + 59'999) / 60'000;
      return Error{ErrorCode::followers_only,
                   "Only those who have followed @" + stream.author.handle + " for " +
                       std::to_string(settings.min_follow_minutes) + " minutes can chat here",
                   {{"retryAfterSeconds", static_cast<std::int64_t>(minutes * 60)}}};
    }
  }
  if (!exempt && settings.slow_mode_seconds > 0) {
    if (auto last = store::chat::last_message_at(conn, stream.id, user.id)) {
      auto wait_ms = settings.slow_mode_seconds * 1000 - (now - *last);
      if (wait_ms > 0) {
        return Error{ErrorCode::slow_mode,
                     "Slow mode: one message every " + std::to_string(settings.slow_mode_seconds) + " seconds",
                     {{"retryAfterSeconds", static_cast<std::int64_t>((wait_ms + 999) / 1000)}}};
      }
    }
  }
  if (!settings.blocked_words.empty() && compiled(creator, settings.blocked_words)->matches(text)) {
    return Error{ErrorCode::message_blocked, "This message contains a word the creator does not allow here", {}};
  }
  return ok_status();
}

std::shared_ptr<const BlockedWords> ChatService::compiled(const std::string& creator_id,
                                                         const std::vector<std::string>& words) {
  {
    std::lock_guard lock(words_mutex_);
    if (auto it = words_.find(creator_id); it != words_.end() && it->second.words == words) return it->second.matcher;
  }
  auto matcher = std::make_shared<const BlockedWords>(words);  // outside the lock: ICU work
  std::lock_guard lock(words_mutex_);
  if (words_.size() >= kCompiledChannels && !words_.contains(creator_id)) words_.clear();
  words_[creator_id] = CompiledWords{words, matcher};
  return matcher;
}

Result<store::ChatMessage> ChatService::post(const User& user, const std::string& stream_id, const std::string& text,
                                             const std::string& address) {
  auto stream = take_part(user, stream_id);
  if (!stream) return std::move(stream).error();
  if (stream->status == StreamStatus::ended) {
    return Error{ErrorCode::stream_ended, "This live stream has ended; its chat is closed", {}};
  }
  if (stream->author.id != user.id && !per_stream_.allow(stream_id, clock_.now_ms())) {
    return Error{ErrorCode::rate_limited, "This chat is moving too fast; try again in a moment", {}};
  }
  auto message = db_.write([&](store::Conn& conn) -> Result<store::ChatMessage> {
    if (auto refused = chat_rules(conn, *stream, user, text, address); !refused) return std::move(refused).error();
    if (moderation::evasion_checked(address)) store::moderation::saw_address(conn, user.id, address, clock_.now_ms());
    return store::chat::insert(conn, stream_id, user, text, clock_.now_ms());
  });
  if (message) bus_.publish(events::ChatPosted{stream->author.id, *message, stream->gating == Gating::everyone});
  return message;
}

Result<std::vector<store::ChatMessage>> ChatService::list(const User& user, const std::string& stream_id,
                                                          std::optional<std::int64_t> after_id, int limit) {
  auto stream = take_part(user, stream_id);
  if (!stream) return std::move(stream).error();
  return db_.read([&](store::Conn& conn) -> Result<std::vector<store::ChatMessage>> {
    if (after_id) return store::chat::list_after(conn, stream_id, *after_id, limit);
    return store::chat::latest(conn, stream_id, limit);
  });
}

std::optional<store::ChatMessage> ChatService::find(const std::string& id) {
  std::int64_t number = 0;
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), number);
  if (ec != std::errc() || end != id.data() + id.size()) return std::nullopt;
  auto found = db_.read([&](store::Conn& conn) -> Result<std::optional<store::ChatMessage>> {
    return store::chat::find(conn, number);
  });
  return found ? *found : std::nullopt;
}

Status ChatService::remove(const User& actor, const std::string& stream_id, std::int64_t message_id) {
  auto stream = streams_.get(stream_id);
  if (!stream) return std::move(stream).error();
  auto removed = db_.write([&](store::Conn& conn) -> Result<bool> {
    if (stream->author.id != actor.id && !actor.is_admin &&
        !store::moderation::is_moderator(conn, stream->author.id, actor.id)) {
      return Error{ErrorCode::not_stream_owner, "Only the stream's creator and their moderators remove chat messages",
                   {}};
    }
    auto message = store::chat::find(conn, message_id);
    if (!message || message->stream_id != stream_id || !store::chat::remove(conn, stream_id, message_id)) return false;
    store::ModerationAction a;
    a.creator_id = stream->author.id;
    a.actor_id = actor.id;
    a.action = "remove_message";
    a.target_user_id = message->author.id;
    a.item_type = "chat_message";
    a.item_id = std::to_string(message_id);
    a.reason = message->text;  // what was removed, for the record
    a.created_at = clock_.now_ms();
    store::moderation::record(conn, a);
    return true;
  });
  if (!removed) return std::move(removed).error();
  if (!*removed) return Error::not_found("Chat message");
  bus_.publish(events::ChatRemoved{stream_id, stream->author.id, message_id, stream->gating == Gating::everyone});
  return ok_status();
}

Status ChatService::react(const User& user, const std::string& stream_id, const std::string& kind) {
  auto stream = take_part(user, stream_id);
  if (!stream) return std::move(stream).error();
  if (stream->status == StreamStatus::ended) return Error{ErrorCode::stream_ended, "This live stream has ended", {}};
  std::lock_guard lock(mutex_);
  auto& pending = pending_[stream_id];
  pending.author_id = stream->author.id;
  pending.open = stream->gating == Gating::everyone;
  ++pending.counts[kind];
  if (!flush_) {
    flush_ = scheduler_.after(kReactionInterval, [this] { scheduler_.run_blocking([this] { flush_reactions(); }); });
  }
  return ok_status();
}

void ChatService::flush_reactions() {
  std::map<std::string, PendingReactions> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
    flush_.reset();
  }
  if (batch.empty()) return;
  TimeMs bucket = clock_.now_ms() / kReactionBucket.count() * kReactionBucket.count();
  auto kept = db_.write([&](store::Conn& conn) -> Status {
    for (const auto& [stream_id, pending] : batch) {
      std::int64_t n = 0;
      for (const auto& [kind, count] : pending.counts) n += count;
      store::chat::count_reactions(conn, stream_id, bucket, n);
    }
    return ok_status();
  });
  if (!kept) spdlog::warn("chat: reaction counts not kept: {}", kept.error().message);
  for (auto& [stream_id, pending] : batch) {
    bus_.publish(events::ReactionsCounted{stream_id, std::move(pending.author_id), std::move(pending.counts),
                                          pending.open});
  }
}

void ChatService::admit(const std::string& stream_id, const std::string& user_id) {
  // Told once per instance: this instance's later admissions of the same viewer publish nothing.
  if (admitted(stream_id, user_id)) return;
  bus_.publish(events::AudienceAdmitted{stream_id, user_id});
}

bool ChatService::admitted(const std::string& stream_id, const std::string& user_id) const {
  std::lock_guard lock(mutex_);
  auto it = audience_.find(stream_id);
  return it != audience_.end() && it->second.contains(user_id);
}

void ChatService::on_event(const events::LiveEvent& event) {
  if (const auto* admitted = std::get_if<events::AudienceAdmitted>(&event)) {
    std::lock_guard lock(mutex_);
    audience_[admitted->stream_id].insert(admitted->user_id);
  } else if (const auto* changed = std::get_if<events::StreamChanged>(&event)) {
    if (changed->stream.status != StreamStatus::ended) return;
    std::lock_guard lock(mutex_);
    audience_.erase(changed->stream.id);
  }
}

}  // namespace onair::chat
