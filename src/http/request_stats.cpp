#include "http/request_stats.hpp"

#include <fmt/format.h>

namespace onair::http {

void RequestStats::record(int status, std::int64_t micros) {
  int cls = status / 100;
  if (cls >= 1 && cls <= 5) by_class_[static_cast<std::size_t>(cls)].fetch_add(1, std::memory_order_relaxed);
  std::size_t bucket = 0;
  while (bucket < kBoundsMicros.size() && micros > kBoundsMicros[bucket]) ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(micros < 0 ? 0 : micros), std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::string RequestStats::prometheus() const {
  std::string out =
      "# HELP onair_http_requests_total HTTP requests answered, by status class.\n"
      "# TYPE onair_http_requests_total counter\n";
  for (int cls = 1; cls <= 5; ++cls) {
    out += fmt::format("onair_http_requests_total{{class=\"{}xx\"}} {}\n", cls,
                       by_class_[static_cast<std::size_t>(cls)].load(std::memory_order_relaxed));
  }
  out +=
      "# HELP onair_http_request_duration_seconds Time from reading a request to writing its answer.\n"
      "# TYPE onair_http_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBoundsMicros.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    out += fmt::format("onair_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n",
                       static_cast<double>(kBoundsMicros[i]) / 1e6, cumulative);
  }
  cumulative += buckets_.back().load(std::memory_order_relaxed);
  out += fmt::format("onair_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
  out += fmt::format("onair_http_request_duration_seconds_sum {}\n",
                     static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6);
  out += fmt::format("onair_http_request_duration_seconds_count {}\n", cumulative);
  out += fmt::format(
      "# HELP onair_http_connections Client connections open now (WebSockets included).\n"
      "# TYPE onair_http_connections gauge\nonair_http_connections {}\n"
      "# HELP onair_http_connections_refused_total Connections answered 503 at once (limits reached).\n"
      "# TYPE onair_http_connections_refused_total counter\nonair_http_connections_refused_total {}\n",
      open_connections_.load(std::memory_order_relaxed), refused_connections_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace onair::http
