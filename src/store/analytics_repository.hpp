#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace onair::store {

/// Read-only aggregates for operators. Each query is bounded by an index on the stream or on time.
namespace analytics {

struct WatchTotals {
  std::int64_t unique_viewers = 0;
  std::int64_t sessions = 0;
  std::int64_t total_watch_ms = 0;  // open sessions count up to `now`
};
WatchTotals watch_totals(Conn& conn, const std::string& stream_id, TimeMs now);

struct SalesTotals {
  std::int64_t purchases = 0;
  std::int64_t revenue_credits = 0;
};
SalesTotals stream_sales(Conn& conn, const std::string& stream_id);
std::int64_t followers_notified(Conn& conn, const std::string& stream_id);

struct Reach {
  std::int64_t sent = 0;
  std::int64_t emailed = 0;
  std::int64_t opened = 0;
};
/// The "is live" notifications of a stream.
Reach reach(Conn& conn, const std::string& stream_id);

struct Session {
  std::string user_id;
  TimeMs joined_at = 0;
  std::optional<TimeMs> left_at;
};
/// Every watching session of a stream.
std::vector<Session> sessions(Conn& conn, const std::string& stream_id);

struct TimelineEntry {
  std::string kind;
  std::string detail;
  TimeMs at = 0;
};
/// Status changes and who ended the stream, oldest first (client reports and viewers leaving
/// excluded: those are counted, not listed), at most `limit`.
std::vector<TimelineEntry> timeline(Conn& conn, const std::string& stream_id, int limit);
/// What clients reported about the stream (`client:<kind>` events), by kind.
std::map<std::string, std::int64_t> client_events(Conn& conn, const std::string& stream_id);

/// When each chat message of the stream was posted, oldest first.
std::vector<TimeMs> chat_times(Conn& conn, const std::string& stream_id);
/// The stream's reactions by bucket: (bucket start, count), oldest first.
std::vector<std::pair<TimeMs, std::int64_t>> reaction_buckets(Conn& conn, const std::string& stream_id);
/// Follows of `user_id` made within [from, to].
std::int64_t new_followers(Conn& conn, const std::string& user_id, TimeMs from, TimeMs to);
/// Watching sessions of every stream that were open at some moment of [from, to].
std::vector<Session> sessions_between(Conn& conn, TimeMs from, TimeMs to);
/// (went live, ended or none) of every stream live at some moment of [from, to].
std::vector<std::pair<TimeMs, std::optional<TimeMs>>> live_spans_between(Conn& conn, TimeMs from, TimeMs to);

struct Window {
  std::int64_t streams_started = 0;
  std::int64_t watch_sessions = 0;
  std::int64_t unique_viewers = 0;
  std::int64_t purchases = 0;
  std::int64_t revenue_credits = 0;
};
/// Activity since `since`.
Window since(Conn& conn, TimeMs since);

/// Work waiting in the background queues (cheap: read by every /metrics scrape).
struct Queues {
  std::int64_t email_pending = 0;
  std::int64_t email_failed = 0;
  std::int64_t fanout_jobs_pending = 0;
};
Queues queues(Conn& conn);

struct Totals {
  std::int64_t users = 0;
  std::int64_t reels = 0;
  Queues queues;
};
Totals totals(Conn& conn);

}  // namespace analytics
}  // namespace onair::store
