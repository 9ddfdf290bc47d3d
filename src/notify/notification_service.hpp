#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "notify/email.hpp"
#include "store/notification_repository.hpp"

namespace onair::store {
class Database;
}

namespace onair::events {
class EventBus;
}

namespace onair::notify {

inline constexpr const char* kLiveStreamStarted = "LIVE_STREAM_STARTED";
inline constexpr const char* kLiveStreamScheduled = "LIVE_STREAM_SCHEDULED";
inline constexpr const char* kLiveStreamStartingSoon = "LIVE_STREAM_STARTING_SOON";
/// What an email of a notification of `type` invites to do, as its link's words.
std::string call_to_action(const std::string& type);
/// The notification types users can set preferences for.
const std::vector<std::string>& notification_types();

struct NotificationPage {
  std::vector<store::Notification> items;
  std::int64_t unread_count = 0;
  std::optional<std::string> next_cursor;
};

struct Preferences {
  std::map<std::string, store::preferences::Channels> by_type;
  std::vector<std::string> muted_handles;
};

/// A change to preferences: only what is set changes.
struct PreferencesPatch {
  std::map<std::string, std::pair<std::optional<bool>, std::optional<bool>>> channels;  // type → (inApp, email)
  std::optional<std::vector<std::string>> muted_handles;
};

/// One step of a durable job (store::jobs): the notifications it wrote, to push, and where the job
/// goes on (nothing: it is finished).
struct JobStep {
  store::Notification shown;  // what each notification written says, but its id and recipient
  std::vector<store::notifications::FanOutBatch::Created> created;
  std::optional<std::string> checkpoint;
};
/// Runs one step of a job of its kind, in the job's transaction.
using JobHandler = std::function<JobStep(store::Conn& conn, const store::jobs::Job& job, TimeMs now)>;

/// In-app notifications: the durable "is live" fan-out to followers (a job per stream, run in
/// batches with a checkpoint, so a restart resumes and nobody is told twice), listing, reading,
/// preferences. Each batch of notifications written is published on the event bus
/// (NotificationsCreated), where the event sockets of every instance pick up their recipients.
class NotificationService {
 public:
  /// `mailer` may be null (no email). `public_url` makes links absolute; `secret` signs the
  /// one-click unsubscribe tokens.
  NotificationService(store::Database& db, const Clock& clock, Mailer* mailer = nullptr, std::string public_url = "",
                      std::string secret = "");
  ~NotificationService();

  /// Where new notifications are published; without one nothing is pushed.
  void set_bus(events::EventBus* bus) { bus_ = bus; }
  /// Jobs of `kind` are run by `handler` (set before start()); a job of a kind nobody handles is
  /// dropped.
  void handle_jobs(const std::string& kind, JobHandler handler) { handlers_[kind] = std::move(handler); }
  /// Runs due fan-out jobs until none is left (blocking); returns the batches run.
  int run_due_jobs();
  /// Sends due emails (blocking); returns how many were attempted. Transient failures are retried
  /// with exponential backoff and jitter (up to 8 attempts); permanent ones are recorded.
  int run_due_deliveries();
  /// The token of a one-click "no more emails of this type" link.
  std::string unsubscribe_token(const std::string& user_id, const std::string& type) const;
  /// Switches the email channel of the token's type off; validation_failed for a forged token.
  Status unsubscribe(const std::string& token);
  /// A background thread that runs due jobs and deliveries every `interval`.
  void start(std::chrono::milliseconds interval = std::chrono::milliseconds(200));
  void stop();

  Result<NotificationPage> list(const User& user, const std::optional<std::string>& cursor, int limit);
  Status mark_read(const User& user, const std::string& id);
  void mark_all_read(const User& user);
  Preferences preferences(const User& user);
  /// validation_failed (field mutedCreators) for an unknown handle; nothing changes then.
  Result<Preferences> update_preferences(const User& user, const PreferencesPatch& patch);

  int batch_size = 500;
  /// Emails taken per round; the worker goes on while rounds come back full.
  static constexpr int kDeliveryBatch = 50;
  std::chrono::milliseconds retry_base{30'000};
  /// How long a claimed batch of emails is this worker's alone (a worker that dies leaves its
  /// unsent claims to whoever finds them due after this).
  std::chrono::milliseconds claim{60'000};

 private:
  bool run_one_batch();
  bool stopping();

  store::Database& db_;
  const Clock& clock_;
  Mailer* mailer_;
  std::string public_url_;
  std::string secret_;
  events::EventBus* bus_ = nullptr;
  std::map<std::string, JobHandler> handlers_;  // set before the worker starts, then only read
  std::mutex mutex_;  // guards stopping_
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace onair::notify
