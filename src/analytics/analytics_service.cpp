#include "analytics/analytics_service.hpp"

#include <algorithm>

#include "store/stream_repository.hpp"

namespace onair::analytics {

Result<StreamAnalytics> AnalyticsService::stream(const std::string& stream_id) {
  auto now = clock_.now_ms();
  return db_.read([&](store::Conn& conn) -> Result<StreamAnalytics> {
    auto stream = store::streams::find(conn, stream_id);
    if (!stream) return Error::not_found("Live stream");
    StreamAnalytics a;
    auto watch = store::analytics::watch_totals(conn, stream_id, stream->ended_at.value_or(now));
    a.unique_viewers = watch.unique_viewers;
    a.watch_sessions = watch.sessions;
    a.total_watch_ms = watch.total_watch_ms;
    a.average_watch_ms = watch.sessions > 0 ? watch.total_watch_ms / watch.sessions : 0;
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
