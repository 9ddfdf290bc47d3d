#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model.hpp"
#include "store/database.hpp"

namespace onair::store {

/// A scheduled live as stored, its author resolved. `status` is upcoming, live, cancelled, missed,
/// or done (live, and its stream has ended: read, never stored).
struct ScheduledRow {
  std::string id;
  User author;
  std::string series_id;
  std::string title;
  std::string description;
  TimeMs starts_at = 0;
  Sensitivity sensitivity = Sensitivity::none;
  Gating gating = Gating::everyone;
  std::int64_t price_credits = 0;
  std::string status = "upcoming";
  std::optional<std::string> stream_id;
  std::int64_t reminders = 0;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

/// Scheduled lives and who asked to be reminded of them.
namespace schedule {

void insert(Conn& conn, const ScheduledRow& row);
std::optional<ScheduledRow> find(Conn& conn, const std::string& id);
/// The author's entries that are upcoming or live now, soonest first, at most `limit`.
std::vector<ScheduledRow> upcoming_of(Conn& conn, const std::string& author_id, int limit);
/// The author's entries for a calendar: public ones, from `since` on, soonest first.
std::vector<ScheduledRow> public_since(Conn& conn, const std::string& author_id, TimeMs since, int limit);
/// Saves title, description, time, sensitivity, gating and price of an upcoming entry; false when
/// it is not upcoming any more.
bool update(Conn& conn, const ScheduledRow& row, TimeMs now);
/// Moves an entry from `from` to `to` (with the stream it started, for live); false when it was
/// not in `from`.
bool set_status(Conn& conn, const std::string& id, const std::string& from, const std::string& to,
                const std::optional<std::string>& stream_id, TimeMs now);

/// False when they had asked already.
bool add_reminder(Conn& conn, const std::string& scheduled_id, const std::string& user_id, TimeMs now);
/// False when they had not asked.
bool remove_reminder(Conn& conn, const std::string& scheduled_id, const std::string& user_id);
bool reminded(Conn& conn, const std::string& scheduled_id, const std::string& user_id);

}  // namespace schedule
}  // namespace onair::store
