#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/stream_repository.hpp"

namespace onair::store {

struct Notification {
  std::string id;
  std::string recipient_id;
  std::string type;
  User actor;
  std::string subject_id;
  std::string title;
  std::string body;
  std::string link;
  TimeMs created_at = 0;
  std::optional<TimeMs> read_at;
};

namespace notifications {

/// Newest first, up to limit + 1.
std::vector<Notification> list(Conn& conn, const std::string& recipient_id, const std::optional<streams::Cursor>& after,
                               int limit);
std::int64_t unread_count(Conn& conn, const std::string& recipient_id);
/// False when the recipient has no such notification.
bool mark_read(Conn& conn, const std::string& recipient_id, const std::string& id, TimeMs now);
void mark_all_read(Conn& conn, const std::string& recipient_id, TimeMs now);
std::optional<Notification> find(Conn& conn, const std::string& id);

/// What a fan-out writes for each recipient.
struct Template {
  std::string type;
  std::string actor_id;
  std::string subject_id;
  std::string title;
  std::string body;
  std::string link;
  /// Who is told: the actor's followers (those who muted the actor skipped), or those who asked to
  /// be reminded of the scheduled live `audience_key`.
  enum class Audience { followers, reminded } audience = Audience::followers;
  std::string audience_key;
  /// Notification ids are `<id_key>.<recipient>` (deterministic, so a retried batch writes nothing
  /// twice); empty: the subject id.
  std::string id_key;
};
struct FanOutBatch {
  struct Created {
    std::string id;
    std::string recipient_id;
  };
  std::vector<Created> created;              // notifications shown in the app, written by this batch
  std::optional<std::string> last_follower;  // where the next batch starts; nullopt: done
};
/// Writes `t` for the next `limit` recipients (followers of `t.actor_id`, or those reminded) after
/// `after_follower` (by id), skipping followers who muted the author and anyone who switched both
/// channels of the type off; queues the email of those who want it. `created` are the ones shown
/// in the app. Idempotent: a notification already there is not written again.
FanOutBatch fan_out(Conn& conn, const Template& t, const std::string& after_follower, int limit, TimeMs now);

}  // namespace notifications

/// Email deliveries of notifications.
namespace deliveries {

struct Due {
  std::string notification_id;
  std::int64_t attempts = 0;
  std::string recipient_id;
  std::string email;
  std::string type;
  std::string title;
  std::string body;
  std::string link;
};
/// Claims up to `limit` email deliveries due at `now` for this worker: they are not due for
/// anyone else before `claimed_until`. Call in a write transaction; several instances may claim at
/// once without ever taking the same delivery.
std::vector<Due> claim_due(Conn& conn, TimeMs now, int limit, TimeMs claimed_until);
void sent(Conn& conn, const std::string& notification_id, TimeMs now);
void retry(Conn& conn, const std::string& notification_id, const std::string& error, TimeMs next);
void failed(Conn& conn, const std::string& notification_id, const std::string& error);

}  // namespace deliveries

namespace preferences {

struct Channels {
  bool in_app = true;
  bool email = true;
};
Channels get(Conn& conn, const std::string& user_id, const std::string& type);
void set(Conn& conn, const std::string& user_id, const std::string& type, const std::string& channel, bool enabled);
std::vector<std::string> muted_handles(Conn& conn, const std::string& user_id);
void set_muted(Conn& conn, const std::string& user_id, const std::vector<std::string>& creator_ids, TimeMs now);

}  // namespace preferences

namespace jobs {

struct Job {
  long long id = 0;
  std::string kind;
  std::string payload;
  std::string checkpoint;
};
/// Once per unique key, ever; due at `run_at` (now when not given).
void enqueue(Conn& conn, const std::string& kind, const std::string& payload, const std::string& unique_key, TimeMs now,
             std::optional<TimeMs> run_at = std::nullopt);
/// The oldest due pending job, if any.
std::optional<Job> next_due(Conn& conn, TimeMs now);
void checkpoint(Conn& conn, long long id, const std::string& checkpoint, TimeMs now);
void finish(Conn& conn, long long id, TimeMs now);

}  // namespace jobs

}  // namespace onair::store
