#include "notify/notification_service.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include "core/crypto.hpp"

#include "core/cursor.hpp"
#include "events/event_bus.hpp"
#include "store/conn.hpp"
#include "store/stream_repository.hpp"
#include "store/user_repository.hpp"

namespace onair::notify {

const std::vector<std::string>& notification_types() {
  static const std::vector<std::string> kTypes{kLiveStreamStarted, kLiveStreamScheduled, kLiveStreamStartingSoon};
  return kTypes;
}

std::string call_to_action(const std::string& type) {
  if (type == kLiveStreamScheduled) return "See the scheduled live";
  if (type == kLiveStreamStartingSoon) return "Be there";
  return "Watch now";
}

NotificationService::NotificationService(store::Database& db, const Clock& clock, Mailer* mailer,
                                         std::string public_url, std::string secret)
    : db_(db), clock_(clock), mailer_(mailer), public_url_(std::move(public_url)), secret_(std::move(secret)) {
  // "Is live", to every follower: a job per stream, a batch of followers per step.
  handle_jobs("live_fanout", [this](store::Conn& conn, const store::jobs::Job& job, TimeMs now) {
    JobStep step;
    auto stream = store::streams::find(conn, job.payload);
    if (!stream) return step;
    store::notifications::Template t;
    t.type = kLiveStreamStarted;
    t.actor_id = stream->author.id;
    t.subject_id = stream->id;
    t.title = stream->author.display_name + " is live";
    t.body = stream->title;
    t.link = "/live/" + stream->id;
    auto batch = store::notifications::fan_out(conn, t, job.checkpoint, batch_size, now);
    step.created = std::move(batch.created);
    step.shown = store::Notification{"", "", t.type, stream->author, t.subject_id, t.title, t.body, t.link, now,
                                     std::nullopt};
    step.checkpoint = std::move(batch.last_follower);
    return step;
  });
}

std::string NotificationService::unsubscribe_token(const std::string& user_id, const std::string& type) const {
  std::string payload = user_id + "\x1f" + type + "\x1f" + "email";
  return crypto::base64url_encode(payload) + "." + crypto::base64url_encode(crypto::hmac_sha256(secret_, payload));
}

Status NotificationService::unsubscribe(const std::string& token) {
  auto forged = Error::validation("token", "This unsubscribe link is not valid");
  auto dot = token.find('.');
  if (token.size() > 512 || dot == std::string::npos) return forged;
  auto payload = crypto::base64url_decode(token.substr(0, dot));
  auto mac = crypto::base64url_decode(token.substr(dot + 1));
  if (!payload || !mac || !crypto::equal_constant_time(*mac, crypto::hmac_sha256(secret_, *payload))) return forged;
  auto sep = payload->find('\x1f');
  auto sep2 = payload->find('\x1f', sep + 1);
  if (sep == std::string::npos || sep2 == std::string::npos) return forged;
  auto user_id = payload->substr(0, sep);
  auto type = payload->substr(sep + 1, sep2 - sep - 1);
  return db_.write([&](store::Conn& conn) -> Status {
    if (!store::users::find_by_id(conn, user_id)) return forged;
    store::preferences::set(conn, user_id, type, "email", false);
    return ok_status();
  });
}

int NotificationService::run_due_deliveries() {
  if (mailer_ == nullptr) return 0;
  auto now = clock_.now_ms();
  auto due = db_.write([&](store::Conn& conn) -> Result<std::vector<store::deliveries::Due>> {
                  return store::deliveries::claim_due(conn, now, kDeliveryBatch, now + claim.count());
                }).value();
  for (const auto& d : due) {
    Email email;
    email.to = d.email;
    email.subject = d.title;
    auto link = public_url_ + d.link;
    email.unsubscribe_url = public_url_ + "/api/notifications/unsubscribe?token=" + unsubscribe_token(d.recipient_id, d.type);
    std::string action = call_to_action(d.type);
    email.text = d.title + "\n\n" + d.body + "\n\n" + action + ": " + link + "\n\nNo more emails like this: " +
                 email.unsubscribe_url + "\n";
    auto escape = [](const std::string& in) {
      std::string out;
      for (char c : in) {
        if (c == '<') out += "&lt;"; else if (c == '>') out += "&gt;"; else if (c == '&') out += "&amp;";
        else if (c == '"') out += "&quot;"; else out += c;
      }
      return out;
    };
    email.html = "<p><strong>" + escape(d.title) + "</strong></p><p>" + escape(d.body) + "</p><p><a href=\"" + escape(link) +
                 "\">" + escape(action) + "</a></p><p style=\"font-size:small\"><a href=\"" + escape(email.unsubscribe_url) +
                 "\">No more emails like this</a></p>";
    email.message_id = "<" + d.notification_id + ".email@onair>";
    auto sent = mailer_->send(email, clock_.now_ms());
    db_.write([&](store::Conn& conn) -> Status {
      if (sent) {
        store::deliveries::sent(conn, d.notification_id, clock_.now_ms());
      } else if (sent.error().code == ErrorCode::media_backend_unavailable && d.attempts + 1 < 8) {
        auto base = retry_base.count() << std::min<std::int64_t>(d.attempts, 7);
        auto jitter = static_cast<long long>(randombytes_uniform(static_cast<std::uint32_t>(base / 5 + 1)));
        store::deliveries::retry(conn, d.notification_id, sent.error().message, clock_.now_ms() + base + jitter);
      } else {
        spdlog::warn("notify: email for {} failed for good: {}", d.notification_id, sent.error().message);
        store::deliveries::failed(conn, d.notification_id, sent.error().message);
      }
      return ok_status();
    }).value();
  }
  return static_cast<int>(due.size());
}

NotificationService::~NotificationService() { stop(); }

bool NotificationService::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

bool NotificationService::run_one_batch() {
  std::vector<store::notifications::FanOutBatch::Created> created;
  store::Notification shown;  // what every notification of this batch says, but id and recipient
  bool ran = db_.write([&](store::Conn& conn) -> Result<bool> {
                  created.clear();  // a body run again (a conflict on PostgreSQL) starts afresh
                  auto job = store::jobs::next_due(conn, clock_.now_ms());
                  if (!job) return false;
                  auto now = clock_.now_ms();
                  auto handler = handlers_.find(job->kind);
                  if (handler == handlers_.end()) {
                    store::jobs::finish(conn, job->id, now);
                    return true;
                  }
                  auto step = handler->second(conn, *job, now);
                  created = std::move(step.created);
                  shown = std::move(step.shown);
                  if (step.checkpoint) {
                    store::jobs::checkpoint(conn, job->id, *step.checkpoint, now);
                  } else {
                    store::jobs::finish(conn, job->id, now);
                  }
                  return true;
                }).value();
  if (bus_ != nullptr && !created.empty()) {
    events::NotificationsCreated batch{std::move(shown), {}};
    batch.recipients.reserve(created.size());
    for (auto& c : created) batch.recipients.emplace_back(std::move(c.recipient_id), std::move(c.id));
    bus_->publish(batch);
  }
  return ran;
}

int NotificationService::run_due_jobs() {
  int batches = 0;
  while (run_one_batch()) ++batches;
  return batches;
}

void NotificationService::start(std::chrono::milliseconds interval) {
  worker_ = std::thread([this, interval] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        run_due_jobs();
        // A full batch means more are due: keep sending (new fan-outs first) rather than wait.
        while (run_due_deliveries() == kDeliveryBatch && !stopping()) run_due_jobs();
      } catch (const std::exception& e) {
        spdlog::error("notify: fan-out failed (retried): {}", e.what());
      }
      lock.lock();
      wake_.wait_for(lock, interval, [&] { return stopping_; });
    }
  });
}

void NotificationService::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

Result<NotificationPage> NotificationService::list(const User& user, const std::optional<std::string>& cursor,
                                                   int limit) {
  std::optional<store::streams::Cursor> after;
  if (cursor) {
    auto decoded = decode_cursor(*cursor);
    if (!decoded) return std::move(decoded).error();
    after = std::move(*decoded);
  }
  return db_.read([&](store::Conn& conn) -> Result<NotificationPage> {
    NotificationPage page;
    page.items = store::notifications::list(conn, user.id, after, limit);
    page.unread_count = store::notifications::unread_count(conn, user.id);
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.resize(limit);
      page.next_cursor = encode_cursor({page.items.back().created_at, page.items.back().id});
    }
    return page;
  });
}

Status NotificationService::mark_read(const User& user, const std::string& id) {
  return db_.write([&](store::Conn& conn) -> Status {
    if (!store::notifications::mark_read(conn, user.id, id, clock_.now_ms())) return Error::not_found("Notification");
    return ok_status();
  });
}

void NotificationService::mark_all_read(const User& user) {
  db_.write([&](store::Conn& conn) -> Status {
    store::notifications::mark_all_read(conn, user.id, clock_.now_ms());
    return ok_status();
  }).value();
}

Preferences NotificationService::preferences(const User& user) {
  return db_.read([&](store::Conn& conn) -> Result<Preferences> {
           Preferences p;
           for (const auto& type : notification_types()) p.by_type[type] = store::preferences::get(conn, user.id, type);
           p.muted_handles = store::preferences::muted_handles(conn, user.id);
           return p;
         }).value();
}

Result<Preferences> NotificationService::update_preferences(const User& user, const PreferencesPatch& patch) {
  auto updated = db_.write([&](store::Conn& conn) -> Status {
    for (const auto& [type, channels] : patch.channels) {
      if (channels.first) store::preferences::set(conn, user.id, type, "in_app", *channels.first);
      if (channels.second) store::preferences::set(conn, user.id, type, "email", *channels.second);
    }
    if (patch.muted_handles) {
      std::vector<std::string> ids;
      for (const auto& handle : *patch.muted_handles) {
        auto creator = store::users::find_by_handle(conn, handle);
        if (!creator) return Error::validation("mutedCreators", "No user has the handle " + handle);
        ids.push_back(creator->id);
      }
      store::preferences::set_muted(conn, user.id, ids, clock_.now_ms());
    }
    return ok_status();
  });
  if (!updated) return std::move(updated).error();
  return preferences(user);
}

}  // namespace onair::notify
