#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace onair::http {

/// Requests answered since start-up, by status class and by latency (a Prometheus histogram),
/// and the connections open and refused. WebSocket upgrades are not requests here. Thread-safe
/// (relaxed atomics).
class RequestStats {
 public:
  void record(int status, std::int64_t micros);
  /// `onair_http_requests_total{class="2xx"}` and `onair_http_request_duration_seconds` in the
  /// Prometheus text format.
  std::string prometheus() const;

  std::uint64_t total() const { return count_.load(std::memory_order_relaxed); }

  void connection_opened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
  void connection_refused() { refused_connections_.fetch_add(1, std::memory_order_relaxed); }

 private:
  static constexpr std::array<std::int64_t, 11> kBoundsMicros{1'000,   2'500,   5'000,   10'000,  25'000,   50'000,
                                                               100'000, 250'000, 500'000, 1'000'000, 5'000'000};
  std::array<std::atomic<std::uint64_t>, 6> by_class_{};                   // [1..5] = 1xx..5xx
  std::array<std::atomic<std::uint64_t>, kBoundsMicros.size() + 1> buckets_{};  // not cumulative; last: +Inf
  std::atomic<std::uint64_t> sum_micros_{0};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::int64_t> open_connections_{0};
  std::atomic<std::uint64_t> refused_connections_{0};
};

}  // namespace onair::http
