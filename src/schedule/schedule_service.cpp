#include "schedule/schedule_service.hpp"

#include <charconv>

#include "core/crypto.hpp"
#include "events/event_bus.hpp"
#include "notify/notification_service.hpp"
#include "store/conn.hpp"
#include "store/database.hpp"
#include "store/notification_repository.hpp"
#include "store/user_repository.hpp"

namespace onair::schedule {
namespace {

constexpr TimeMs ms(std::chrono::milliseconds d) { return d.count(); }
constexpr TimeMs kWeekMs = 7LL * 24 * 3600 * 1000;
constexpr int kListed = 50;
constexpr int kCalendarEntries = 200;

Error not_found() { return Error::not_found("Scheduled live"); }
Error not_yours() { return Error{ErrorCode::forbidden, "Only its creator changes a scheduled live", {}}; }
Error not_upcoming(const std::string& status) {
  return Error{ErrorCode::conflict, "This scheduled live is " + status + " already", {{"status", status}}};
}

/// "2026-12-10 18:00 UTC"
std::string when_text(TimeMs at) {
  auto iso = format_iso8601(at);
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

/// "20261210T180000Z" (iCalendar's UTC date-time).
std::string ical_time(TimeMs at) {
  auto iso = format_iso8601(at);  // 2026-12-10T18:00:00.000Z
  std::string out;
  for (char c : iso.substr(0, 19)) {
    if (c != '-' && c != ':') out += c;
  }
  return out + "Z";
}

/// A job's "<id>|<startsAt>" (or "<id>|<what>|<stamp>").
std::vector<std::string> fields_of(const std::string& payload) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (true) {
    auto bar = payload.find('|', at);
    out.push_back(payload.substr(at, bar == std::string::npos ? std::string::npos : bar - at));
    if (bar == std::string::npos) break;
    at = bar + 1;
  }
  return out;
}

TimeMs number_of(const std::string& text) {
  TimeMs n = 0;
  std::from_chars(text.data(), text.data() + text.size(), n);
  return n;
}

/// The jobs of an entry's time: the reminder kReminderLead before (for a live announced less than
/// that ahead, halfway to it, so those who ask meanwhile are told), the missed check after.
void enqueue_timers(store::Conn& conn, const store::ScheduledRow& row, TimeMs now) {
  auto stamp = std::to_string(row.starts_at);
  auto payload = row.id + "|" + stamp;
  auto remind_at = row.starts_at - ms(kReminderLead);
  if (remind_at < now) remind_at = now + (row.starts_at - now) / 2;
  store::jobs::enqueue(conn, "scheduled_soon", payload, "soon:" + row.id + ":" + stamp, now, remind_at);
  store::jobs::enqueue(conn, "scheduled_missed", payload, "missed:" + row.id + ":" + stamp, now,
                       row.starts_at + ms(kMissedAfter));
}

/// Tells those reminded of `row` that it moved or was cancelled (a job, so it survives a restart).
void enqueue_change(store::Conn& conn, const store::ScheduledRow& row, const std::string& what, TimeMs now) {
  auto stamp = std::to_string(now);
  store::jobs::enqueue(conn, "scheduled_changed", row.id + "|" + what + "|" + stamp,
                       "changed:" + row.id + ":" + what + ":" + stamp, now);
}

Status valid_price(Gating gating, std::int64_t price) {
  if (gating == Gating::paid && price < 1) {
    return Error::validation("priceCredits", "priceCredits must be 1–100000 for a paid live");
  }
  if (gating != Gating::paid && price != 0) return Error::validation("priceCredits", "priceCredits is only for paid lives");
  return ok_status();
}

/// A fan-out step of `t` from the job's checkpoint.
notify::JobStep fan_out_step(store::Conn& conn, const store::notifications::Template& t, const User& actor,
                             const std::string& checkpoint, int batch_size, TimeMs now) {
  notify::JobStep step;
  auto batch = store::notifications::fan_out(conn, t, checkpoint, batch_size, now);
  step.created = std::move(batch.created);
  step.shown = store::Notification{"", "", t.type, actor, t.subject_id, t.title, t.body, t.link, now, std::nullopt};
  step.checkpoint = std::move(batch.last_follower);
  return step;
}

store::notifications::Template about(const store::ScheduledRow& row, std::string type, std::string title,
                                     std::string body) {
  store::notifications::Template t;
  t.type = std::move(type);
  t.actor_id = row.author.id;
  t.subject_id = row.id;
  t.title = std::move(title);
  t.body = std::move(body);
  t.link = "/scheduled/" + row.id;
  return t;
}

}  // namespace

std::string ical_line(const std::string& name, const std::string& value, bool text) {
  std::string escaped;
  if (text) {
    for (char c : value) {
      if (c == '\\' || c == ';' || c == ',') {
        escaped += '\\';
        escaped += c;
      } else if (c == '\n') {
        escaped += "\\n";
      } else if (c != '\r') {
        escaped += c;
      }
    }
  } else {
    escaped = value;
  }
  std::string line = name + ":" + escaped;
  // Folded at 75 octets, never inside a UTF-8 sequence; continuation lines start with a space.
  std::string out;
  std::size_t width = 0, limit = 75;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t len = 1;
    auto lead = static_cast<unsigned char>(line[i]);
    if (lead >= 0xF0) len = 4;
    else if (lead >= 0xE0) len = 3;
    else if (lead >= 0xC0) len = 2;
    len = std::min(len, line.size() - i);
    if (width + len > limit) {
      out += "\r\n ";
      width = 1;
    }
    out.append(line, i, len);
    width += len;
    i += len;
  }
  return out + "\r\n";
}

ScheduleService::ScheduleService(store::Database& db, const Clock& clock, events::EventBus& bus)
    : db_(db), clock_(clock), bus_(bus) {}

void ScheduleService::attach(notify::NotificationService& notifications) {
  // Followers hear of a new entry (of a weekly series: once, of its first).
  notifications.handle_jobs("scheduled_fanout", [&notifications](store::Conn& conn, const store::jobs::Job& job, TimeMs now) {
    auto row = store::schedule::find(conn, job.payload);
    if (!row || row->status != "upcoming") return notify::JobStep{};
    auto t = about(*row, notify::kLiveStreamScheduled, row->author.display_name + " scheduled a live",
                   row->title + " · " + when_text(row->starts_at));
    t.id_key = "scheduled:" + row->id;
    return fan_out_step(conn, t, row->author, job.checkpoint, notifications.batch_size, now);
  });
  // Those reminded, kReminderLead before: unless it moved (a job of its new time does it) or ended.
  notifications.handle_jobs("scheduled_soon", [&notifications](store::Conn& conn, const store::jobs::Job& job, TimeMs now) {
    auto f = fields_of(job.payload);
    auto row = store::schedule::find(conn, f[0]);
    if (!row || row->status != "upcoming" || f.size() < 2 || number_of(f[1]) != row->starts_at) {
      return notify::JobStep{};
    }
    auto t = about(*row, notify::kLiveStreamStartingSoon, row->author.display_name + " goes live in 10 minutes",
                   row->title);
    t.audience = store::notifications::Template::Audience::reminded;
    t.audience_key = row->id;
    t.id_key = "soon:" + row->id + ":" + f[1];
    t.subject_id = t.id_key;  // one per time: a moved live is reminded of again
    return fan_out_step(conn, t, row->author, job.checkpoint, notifications.batch_size, now);
  });
  notifications.handle_jobs("scheduled_changed", [&notifications](store::Conn& conn, const store::jobs::Job& job, TimeMs now) {
    auto f = fields_of(job.payload);
    auto row = store::schedule::find(conn, f[0]);
    if (!row || f.size() < 3) return notify::JobStep{};
    bool cancelled = f[1] == "cancelled";
    // Of the reminder's type: who switched announcements off still hears of a live they asked for.
    auto t = about(*row, notify::kLiveStreamStartingSoon,
                   row->author.display_name + (cancelled ? " cancelled a live" : " moved a live"),
                   cancelled ? row->title : row->title + " · now " + when_text(row->starts_at));
    t.audience = store::notifications::Template::Audience::reminded;
    t.audience_key = row->id;
    t.id_key = "changed:" + row->id + ":" + f[2];
    t.subject_id = t.id_key;  // one per change (a recipient has one notification per type and subject)
    return fan_out_step(conn, t, row->author, job.checkpoint, notifications.batch_size, now);
  });
  notifications.handle_jobs("scheduled_missed", [](store::Conn& conn, const store::jobs::Job& job, TimeMs now) {
    auto f = fields_of(job.payload);
    auto row = store::schedule::find(conn, f[0]);
    if (row && f.size() >= 2 && number_of(f[1]) == row->starts_at) {
      store::schedule::set_status(conn, row->id, "upcoming", "missed", std::nullopt, now);
    }
    return notify::JobStep{};
  });
}

Status ScheduleService::check_time(TimeMs starts_at, TimeMs now) const {
  if (starts_at < now + ms(kMinLead) || starts_at > now + ms(kMaxLead)) {
    return Error::validation("startsAt", "startsAt must be between 5 minutes and 90 days from now");
  }
  return ok_status();
}

Result<std::vector<Scheduled>> ScheduleService::create(const User& author, const ScheduleInput& input) {
  auto now = clock_.now_ms();
  if (auto valid = check_time(input.starts_at, now); !valid) return std::move(valid).error();
  if (input.repeat_weeks < 0 || input.repeat_weeks > kMaxRepeatWeeks) {
    return Error::validation("repeatWeeks", "repeatWeeks must be 0–11 (twelve weeks in all)");
  }
  if (auto valid = valid_price(input.gating, input.price_credits); !valid) return std::move(valid).error();
  std::vector<Scheduled> made;
  std::string series = crypto::random_id();
  for (int week = 0; week <= input.repeat_weeks; ++week) {
    store::ScheduledRow row;
    row.id = week == 0 ? series : crypto::random_id();
    row.author = author;
    row.series_id = series;
    row.title = input.title;
    row.description = input.description;
    row.starts_at = input.starts_at + week * kWeekMs;
    row.sensitivity = input.sensitivity;
    row.gating = input.gating;
    row.price_credits = input.price_credits;
    row.created_at = row.updated_at = now;
    made.push_back(Scheduled{std::move(row), false});
  }
  auto written = db_.write([&](store::Conn& conn) -> Status {
    for (const auto& s : made) {
      store::schedule::insert(conn, s.row);
      enqueue_timers(conn, s.row, now);
    }
    store::jobs::enqueue(conn, "scheduled_fanout", made.front().row.id, "scheduled:" + series, now);
    return ok_status();
  });
  if (!written) return std::move(written).error();
  return made;
}

Result<Scheduled> ScheduleService::get(const User& viewer, const std::string& id) {
  return db_.read([&](store::Conn& conn) -> Result<Scheduled> {
    auto row = store::schedule::find(conn, id);
    if (!row) return not_found();
    bool reminded = !viewer.id.empty() && store::schedule::reminded(conn, id, viewer.id);
    return Scheduled{std::move(*row), reminded};
  });
}

Result<std::vector<Scheduled>> ScheduleService::upcoming(const User& viewer, const std::string& handle) {
  return db_.read([&](store::Conn& conn) -> Result<std::vector<Scheduled>> {
    auto author = store::users::find_by_handle(conn, handle);
    if (!author) return Error::not_found("User @" + handle);
    std::vector<Scheduled> out;
    for (auto& row : store::schedule::upcoming_of(conn, author->id, kListed)) {
      bool reminded = !viewer.id.empty() && store::schedule::reminded(conn, row.id, viewer.id);
      out.push_back(Scheduled{std::move(row), reminded});
    }
    return out;
  });
}

Result<Scheduled> ScheduleService::edit(const User& actor, const std::string& id, const SchedulePatch& patch) {
  auto now = clock_.now_ms();
  auto edited = db_.write([&](store::Conn& conn) -> Result<Scheduled> {
    auto row = store::schedule::find(conn, id);
    if (!row) return not_found();
    if (row->author.id != actor.id) return not_yours();
    if (row->status != "upcoming") return not_upcoming(row->status);
    auto next = *row;
    if (patch.title) next.title = *patch.title;
    if (patch.description) next.description = *patch.description;
    if (patch.sensitivity) next.sensitivity = *patch.sensitivity;
    if (patch.gating) {
      next.gating = *patch.gating;
      if (next.gating != Gating::paid && !patch.price_credits) next.price_credits = 0;
    }
    if (patch.price_credits) next.price_credits = *patch.price_credits;
    if (auto valid = valid_price(next.gating, next.price_credits); !valid) return std::move(valid).error();
    bool moved = patch.starts_at && *patch.starts_at != row->starts_at;
    if (moved) {
      if (auto valid = check_time(*patch.starts_at, now); !valid) return std::move(valid).error();
      next.starts_at = *patch.starts_at;
    }
    if (!store::schedule::update(conn, next, now)) return not_upcoming("not upcoming");
    if (moved) {
      enqueue_timers(conn, next, now);
      enqueue_change(conn, next, "moved", now);
    }
    next.updated_at = now;
    return Scheduled{std::move(next), store::schedule::reminded(conn, id, actor.id)};
  });
  if (edited) changed(edited->row, "upcoming");
  return edited;
}

Status ScheduleService::cancel(const User& actor, const std::string& id) {
  auto now = clock_.now_ms();
  std::optional<store::ScheduledRow> cancelled;
  auto done = db_.write([&](store::Conn& conn) -> Status {
    cancelled.reset();
    auto row = store::schedule::find(conn, id);
    if (!row) return not_found();
    if (row->author.id != actor.id) return not_yours();
    if (row->status == "cancelled") return ok_status();
    if (row->status == "live" || row->status == "done") return not_upcoming(row->status);
    if (!store::schedule::set_status(conn, id, row->status, "cancelled", std::nullopt, now)) {
      return not_upcoming("changing");
    }
    if (row->status == "upcoming") enqueue_change(conn, *row, "cancelled", now);
    cancelled = *row;
    return ok_status();
  });
  if (done && cancelled) changed(*cancelled, "cancelled");
  return done;
}

Status ScheduleService::remind(const User& user, const std::string& id, bool on) {
  auto now = clock_.now_ms();
  return db_.write([&](store::Conn& conn) -> Status {
    auto row = store::schedule::find(conn, id);
    if (!row) return not_found();
    if (!on) {
      store::schedule::remove_reminder(conn, id, user.id);
      return ok_status();
    }
    if (row->status != "upcoming") return not_upcoming(row->status);
    if (row->author.id == user.id) return Error::validation("id", "You are the creator of this live");
    store::schedule::add_reminder(conn, id, user.id, now);
    return ok_status();
  });
}

Result<store::ScheduledRow> ScheduleService::to_start(const User& author, const std::string& id) {
  return db_.read([&](store::Conn& conn) -> Result<store::ScheduledRow> {
    auto row = store::schedule::find(conn, id);
    if (!row) return Error::validation("scheduledId", "No scheduled live has this id");
    if (row->author.id != author.id) return Error{ErrorCode::forbidden, "Only its creator starts a scheduled live", {}};
    if (row->status != "upcoming") return not_upcoming(row->status);
    return *row;
  });
}

bool ScheduleService::started(const std::string& id, const std::string& stream_id) {
  std::optional<store::ScheduledRow> row;
  auto moved = db_.write([&](store::Conn& conn) -> Result<bool> {
    if (!store::schedule::set_status(conn, id, "upcoming", "live", stream_id, clock_.now_ms())) return false;
    row = store::schedule::find(conn, id);
    return true;
  });
  if (!moved || !*moved || !row) return false;
  changed(*row, "live");
  return true;
}

void ScheduleService::changed(const store::ScheduledRow& row, const std::string& status) {
  bus_.publish(events::ScheduledChanged{row.id, row.author.id, status, row.stream_id.value_or(""),
                                        row.gating == Gating::everyone});
}

Result<std::string> ScheduleService::calendar(const std::string& handle, const std::string& public_url) {
  auto now = clock_.now_ms();
  auto rows = db_.read([&](store::Conn& conn) -> Result<std::pair<User, std::vector<store::ScheduledRow>>> {
    auto author = store::users::find_by_handle(conn, handle);
    if (!author) return Error::not_found("User @" + handle);
    // A week back, so a live that just happened (or was cancelled) still updates calendars.
    return std::make_pair(*author, store::schedule::public_since(conn, author->id, now - kWeekMs, kCalendarEntries));
  });
  if (!rows) return std::move(rows).error();
  const auto& [author, entries] = *rows;
  std::string out = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//onair//scheduled lives//EN\r\n"
                    "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n";
  out += ical_line("X-WR-CALNAME", author.display_name + " (@" + author.handle + ") on onair");
  for (const auto& e : entries) {
    out += "BEGIN:VEVENT\r\n";
    out += ical_line("UID", e.id + "@onair", false);
    out += ical_line("DTSTAMP", ical_time(e.updated_at), false);
    out += ical_line("DTSTART", ical_time(e.starts_at), false);
    out += "DURATION:PT1H\r\n";
    out += ical_line("SUMMARY", e.title);
    if (!e.description.empty()) out += ical_line("DESCRIPTION", e.description);
    out += ical_line("URL", public_url + "/scheduled/" + e.id, false);
    out += ical_line("STATUS", e.status == "cancelled" || e.status == "missed" ? "CANCELLED" : "CONFIRMED", false);
    // Each change is a new version for calendars that already have the event.
    out += ical_line("SEQUENCE", std::to_string((e.updated_at - e.created_at) / 1000), false);
    out += "END:VEVENT\r\n";
  }
  out += "END:VCALENDAR\r\n";
  return out;
}

}  // namespace onair::schedule
