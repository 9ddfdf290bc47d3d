#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/model.hpp"
#include "core/result.hpp"
#include "store/analytics_repository.hpp"

namespace onair::store {
class Database;
}

namespace onair::analytics {

/// One stream seen by an operator: audience, money, reach and what happened when.
struct StreamAnalytics {
  LiveStream stream;
  std::int64_t unique_viewers = 0;
  std::int64_t watch_sessions = 0;
  std::int64_t total_watch_ms = 0;
  std::int64_t average_watch_ms = 0;
  std::optional<std::int64_t> duration_ms;  // from going live to the end (or now); none if never live
  std::int64_t purchases = 0;
  std::int64_t revenue_credits = 0;
  std::int64_t followers_notified = 0;
  std::map<std::string, std::int64_t> client_events;
  std::vector<store::analytics::TimelineEntry> timeline;
};

/// How many distinct viewers watched at a moment.
struct ViewerPoint {
  TimeMs at = 0;
  std::int64_t viewers = 0;
};

/// How many things (chat messages, reactions) happened since the previous point.
struct CountPoint {
  TimeMs at = 0;
  std::int64_t count = 0;
};

/// A stream seen by its creator (API.md "Analytics").
struct CreatorAnalytics {
  StreamAnalytics base;
  std::vector<ViewerPoint> viewer_timeline;  // evenly spaced from going live to the end (or now)
  std::vector<CountPoint> chat_timeline;      // at the viewer timeline's moments
  std::vector<CountPoint> reaction_timeline;  // likewise
  std::int64_t chat_messages = 0;
  std::int64_t reactions = 0;
  std::int64_t new_followers = 0;  // between going live and the end (or now)
  store::analytics::Reach reach;
};

/// Across the instance at one moment: distinct viewers, and streams live.
struct ActivityPoint {
  TimeMs at = 0;
  std::int64_t viewers = 0;
  std::int64_t live_streams = 0;
};

/// For each of `moments` (ascending), the count of `events` ((time, count), ascending) in
/// (previous moment, moment]; the first takes everything before it, the last everything after.
std::vector<CountPoint> counts_at(const std::vector<TimeMs>& moments,
                                  const std::vector<std::pair<TimeMs, std::int64_t>>& events);

/// Distinct viewers present at up to `points` evenly spaced moments of [from, to] (at least a
/// second apart), from watching sessions (a session counts from its join until its leave, or
/// `to` when still open).
std::vector<ViewerPoint> viewer_timeline(const std::vector<store::analytics::Session>& sessions, TimeMs from,
                                         TimeMs to, int points);

/// Time watched within [from, to]: for each viewer the union of their sessions (two tabs, or a
/// reconnect that overlapped the old session, count once), so it never exceeds viewers × (to −
/// from). A session still open counts until `to`.
std::int64_t watch_time_ms(const std::vector<store::analytics::Session>& sessions, TimeMs from, TimeMs to);

/// The whole service at a glance.
struct Overview {
  std::vector<std::pair<StreamStatus, std::int64_t>> streams_by_status;
  store::analytics::Totals totals;
  store::analytics::Window last_24h;
  std::vector<LiveStream> top_live;  // most viewers first, at most 5
};

/// Read-only analytics for operators. Blocking: call from the worker pool.
class AnalyticsService {
 public:
  AnalyticsService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  /// not_found for an unknown stream.
  Result<StreamAnalytics> stream(const std::string& stream_id);
  /// For the stream's owner or an admin (not_stream_owner otherwise).
  Result<CreatorAnalytics> for_creator(const User& actor, const std::string& stream_id);
  /// One point a minute over the last `minutes`, ending now.
  std::vector<ActivityPoint> activity(int minutes);
  Overview overview();
  store::analytics::Queues queues();

  static constexpr int kTimelineLimit = 200;
  static constexpr int kViewerPoints = 60;

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace onair::analytics
