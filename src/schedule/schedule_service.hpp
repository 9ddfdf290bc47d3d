#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "store/schedule_repository.hpp"

namespace onair::store {
class Database;
}
namespace onair::events {
class EventBus;
}
namespace onair::notify {
class NotificationService;
}

namespace onair::schedule {

/// A new scheduled live (validated by the caller but for its time, checked here).
struct ScheduleInput {
  std::string title;
  std::string description;
  TimeMs starts_at = 0;
  Sensitivity sensitivity = Sensitivity::none;
  Gating gating = Gating::everyone;
  std::int64_t price_credits = 0;
  int repeat_weeks = 0;  // 0..kMaxRepeatWeeks more occurrences, a week apart
};

/// A change to an upcoming entry: only what is set changes.
struct SchedulePatch {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<TimeMs> starts_at;
  std::optional<Sensitivity> sensitivity;
  std::optional<Gating> gating;
  std::optional<std::int64_t> price_credits;
};

/// An entry as a viewer sees it (API.md `scheduled`).
struct Scheduled {
  store::ScheduledRow row;
  bool is_reminded = false;
};

inline constexpr std::chrono::minutes kMinLead{5};
inline constexpr std::chrono::hours kMaxLead{24 * 90};
inline constexpr std::chrono::minutes kReminderLead{10};
inline constexpr std::chrono::minutes kMissedAfter{60};
inline constexpr int kMaxRepeatWeeks = 11;  // twelve weeks in all

/// Scheduled lives (API.md "Scheduled lives"): announced ahead, with reminders. Everything that
/// must happen later is a durable job (store::jobs), run by the notification worker of whichever
/// instance gets to it first, once: followers told of a new entry (LIVE_STREAM_SCHEDULED), those
/// reminded told kReminderLead before (LIVE_STREAM_STARTING_SOON) and of a move or a
/// cancellation, an entry not started kMissedAfter its time marked missed. A restart loses none
/// of them. Blocking: call from the worker pool.
class ScheduleService {
 public:
  ScheduleService(store::Database& db, const Clock& clock, events::EventBus& bus);

  /// Registers the handlers of its jobs (before the notification worker starts).
  void attach(notify::NotificationService& notifications);

  /// The entries made (one, or one per week); validation_failed for a time out of range.
  Result<std::vector<Scheduled>> create(const User& author, const ScheduleInput& input);
  Result<Scheduled> get(const User& viewer, const std::string& id);
  /// The user's upcoming (and live now) entries, soonest first; not_found for an unknown handle.
  Result<std::vector<Scheduled>> upcoming(const User& viewer, const std::string& handle);
  /// forbidden unless the author; conflict unless upcoming; those reminded are told of a move.
  Result<Scheduled> edit(const User& actor, const std::string& id, const SchedulePatch& patch);
  /// forbidden unless the author; conflict when it went live; those reminded are told.
  Status cancel(const User& actor, const std::string& id);
  /// Asks (or stops asking) to be reminded; conflict unless upcoming.
  Status remind(const User& user, const std::string& id, bool on);

  /// The entry a stream is about to start from: forbidden unless its author's, conflict unless
  /// upcoming.
  Result<store::ScheduledRow> to_start(const User& author, const std::string& id);
  /// The stream started from the entry; false when the entry was not upcoming any more.
  bool started(const std::string& id, const std::string& stream_id);

  /// The user's public entries as an RFC 5545 calendar; not_found for an unknown handle.
  Result<std::string> calendar(const std::string& handle, const std::string& public_url);

 private:
  Status check_time(TimeMs starts_at, TimeMs now) const;
  void changed(const store::ScheduledRow& row, const std::string& status);

  store::Database& db_;
  const Clock& clock_;
  events::EventBus& bus_;
};

/// `text` escaped for an iCalendar TEXT value and its content lines folded at 75 octets.
std::string ical_line(const std::string& name, const std::string& value, bool text = true);

}  // namespace onair::schedule
