#include "analytics/analytics_service.hpp"

#include <algorithm>
#include <unordered_map>

#include "store/stream_repository.hpp"

namespace onair::analytics {

Result<StreamAnalytics> AnalyticsService::stream(const std::string& stream_id) {
  auto now = clock_.now_ms();
  return db_.read([&](store::Conn& conn) -> Result<StreamAnalytics> {
    auto stream = store::streams::find(conn, stream_id);
    if (!stream) return Error::not_found("Live stream");
    StreamAnalytics a;
    TimeMs end = stream->ended_at.value_or(now);
    auto watch = store::analytics::watch_totals(conn, stream_id, end);
    a.unique_viewers = watch.unique_viewers;
    a.watch_sessions = watch.sessions;
    // Within the stream's life, each viewer's overlapping sessions once.
    a.total_watch_ms = watch_time_ms(store::analytics::sessions(conn, stream_id),
                                     stream->started_at.value_or(stream->created_at), end);
    a.average_watch_ms = watch.unique_viewers > 0 ? a.total_watch_ms / watch.unique_viewers : 0;
    if (stream->started_at) a.duration_ms = stream->ended_at.value_or(now) - *stream->started_at;
    auto sales = store::analytics::stream_sales(conn, stream_id);
    a.purchases = sales.purchases;
    a.revenue_credits = sales.revenue_credits;
    a.followers_notified = store::analytics::followers_notified(conn, stream_id);
    a.client_events = store::analytics::client_events(conn, stream_id);
    a.timeline = store::analytics::timeline(conn, stream_id, kTimelineLimit);
    a.stream = std::move(*stream);
    return a;
  });
}

std::int64_t watch_time_ms(const std::vector<store::analytics::Session>& sessions, TimeMs from, TimeMs to) {
  std::unordered_map<std::string, std::vector<std::pair<TimeMs, TimeMs>>> by_viewer;
  for (const auto& s : sessions) {
    TimeMs start = std::max(s.joined_at, from), stop = std::min(s.left_at.value_or(to), to);
    if (stop > start) by_viewer[s.user_id].emplace_back(start, stop);
  }
  std::int64_t total = 0;
  for (auto& [viewer, spans] : by_viewer) {
    std::sort(spans.begin(), spans.end());
    TimeMs covered_to = from;
    for (const auto& [start, stop] : spans) {
      TimeMs begin = std::max(start, covered_to);
      if (stop > begin) total += stop - begin;
      covered_to = std::max(covered_to, stop);
    }
  }
  return total;
}

std::vector<ViewerPoint> viewer_timeline(const std::vector<store::analytics::Session>& sessions, TimeMs from,
                                         TimeMs to, int points) {
  std::vector<ViewerPoint> out;
  if (to < from || points < 1) return out;
  TimeMs step = points > 1 ? std::max<TimeMs>(1000, (to - from) / (points - 1)) : std::max<TimeMs>(1, to - from);
  std::vector<std::pair<TimeMs, const std::string*>> starts, ends;
  for (const auto& s : sessions) {
    starts.emplace_back(s.joined_at, &s.user_id);
    ends.emplace_back(s.left_at.value_or(to + 1), &s.user_id);
  }
  std::sort(starts.begin(), starts.end());
  std::sort(ends.begin(), ends.end());
  std::unordered_map<std::string, int> open;  // user → sessions open at the sample
  std::int64_t distinct = 0;
  std::size_t si = 0, ei = 0;
  auto sample = [&](TimeMs t) {
    for (; si < starts.size() && starts[si].first <= t; ++si) {
      if (open[*starts[si].second]++ == 0) ++distinct;
    }
    for (; ei < ends.size() && ends[ei].first <= t; ++ei) {
      if (--open[*ends[ei].second] == 0) --distinct;
    }
    out.push_back(ViewerPoint{t, distinct});
  };
  for (TimeMs t = from; t < to && static_cast<int>(out.size()) < points - 1; t += step) sample(t);
  sample(to);
  return out;
}

Result<CreatorAnalytics> AnalyticsService::for_creator(const User& actor, const std::string& stream_id) {
  auto base = stream(stream_id);
  if (!base) return std::move(base).error();
  if (base->stream.author.id != actor.id && !actor.is_admin) {
    return Error{ErrorCode::not_stream_owner, "Only the stream's creator can see its analytics", {}};
  }
  CreatorAnalytics a;
  auto now = clock_.now_ms();
  auto from = base->stream.started_at.value_or(base->stream.created_at);
  auto to = base->stream.ended_at.value_or(now);
  std::vector<std::pair<TimeMs, std::int64_t>> chat, reactions;
  auto found = db_.read([&](store::Conn& conn) -> Result<std::vector<store::analytics::Session>> {
                    a.reach = store::analytics::reach(conn, stream_id);
                    for (auto at : store::analytics::chat_times(conn, stream_id)) chat.emplace_back(at, 1);
                    reactions = store::analytics::reaction_buckets(conn, stream_id);
                    if (base->stream.started_at) {
                      a.new_followers = store::analytics::new_followers(conn, base->stream.author.id, from, to);
                    }
                    return store::analytics::sessions(conn, stream_id);
                  }).value();
  a.chat_messages = static_cast<std::int64_t>(chat.size());
  for (const auto& bucket : reactions) a.reactions += bucket.second;
  if (base->stream.started_at) {
    a.viewer_timeline = viewer_timeline(found, from, to, kViewerPoints);
    std::vector<TimeMs> moments;
    for (const auto& p : a.viewer_timeline) moments.push_back(p.at);
    a.chat_timeline = counts_at(moments, chat);
    a.reaction_timeline = counts_at(moments, reactions);
  }
  a.base = std::move(*base);
  return a;
}

std::vector<CountPoint> counts_at(const std::vector<TimeMs>& moments,
                                  const std::vector<std::pair<TimeMs, std::int64_t>>& events) {
  std::vector<CountPoint> out;
  out.reserve(moments.size());
  std::size_t next = 0;
  for (auto at : moments) {
    CountPoint point{at, 0};
    for (; next < events.size() && events[next].first <= at; ++next) point.count += events[next].second;
    out.push_back(point);
  }
  // What came after the last moment (an open stream's newest instant) belongs to it.
  if (!out.empty()) {
    for (; next < events.size(); ++next) out.back().count += events[next].second;
  }
  return out;
}

std::vector<ActivityPoint> AnalyticsService::activity(int minutes) {
  constexpr TimeMs kMinute = 60'000;
  auto now = clock_.now_ms();
  TimeMs from = now - static_cast<TimeMs>(minutes) * kMinute;
  std::vector<store::analytics::Session> sessions;
  std::vector<std::pair<TimeMs, std::optional<TimeMs>>> spans;
  db_.read([&](store::Conn& conn) -> Status {
       sessions = store::analytics::sessions_between(conn, from, now);
       spans = store::analytics::live_spans_between(conn, from, now);
       return ok_status();
     }).value();
  auto viewers = viewer_timeline(sessions, from, now, minutes + 1);
  std::vector<ActivityPoint> out;
  out.reserve(viewers.size());
  for (const auto& point : viewers) {
    std::int64_t live = 0;
    for (const auto& [started, ended] : spans) live += started <= point.at && (!ended || *ended > point.at) ? 1 : 0;
    out.push_back(ActivityPoint{point.at, point.viewers, live});
  }
  return out;
}

store::analytics::Queues AnalyticsService::queues() {
  return db_.read([](store::Conn& conn) -> Result<store::analytics::Queues> {
               return store::analytics::queues(conn);
             })
      .value();
}

Overview AnalyticsService::overview() {
  constexpr TimeMs kDay = 24LL * 3600 * 1000;
  auto now = clock_.now_ms();
  return db_.read([&](store::Conn& conn) -> Result<Overview> {
               Overview o;
               o.streams_by_status = store::streams::count_by_status(conn);
               o.totals = store::analytics::totals(conn);
               o.last_24h = store::analytics::since(conn, now - kDay);
               store::streams::ListQuery live;
               live.statuses = {StreamStatus::live};
               live.limit = 100;
               o.top_live = store::streams::list(conn, live);
               std::stable_sort(o.top_live.begin(), o.top_live.end(),
                                [](const LiveStream& a, const LiveStream& b) { return a.viewer_count > b.viewer_count; });
               if (o.top_live.size() > 5) o.top_live.resize(5);
               return o;
             })
      .value();
}

}  // namespace onair::analytics
