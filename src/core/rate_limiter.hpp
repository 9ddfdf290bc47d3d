#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace onair {

/// A token bucket per key (a user, an address): `burst` requests at once, refilled at
/// `per_minute`. Bounded: when it tracks too many keys it forgets the idle ones. Thread-safe.
class RateLimiter {
 public:
  RateLimiter(double per_minute, double burst, std::size_t max_keys = 100'000)
      : rate_per_ms_(per_minute / 60'000.0), burst_(burst), max_keys_(max_keys) {}

  /// True when `key` may make a request at `now` (and counts it).
  bool allow(const std::string& key, TimeMs now);
  /// True when `key` could make a request at `now`, without counting one (for limits that count
  /// only failures: look first, `allow` after a failure).
  bool would_allow(const std::string& key, TimeMs now) const;

 private:
  struct Bucket {
    double tokens = 0;
    TimeMs at = 0;
  };
  double rate_per_ms_;
  double burst_;
  std::size_t max_keys_;
  mutable std::mutex mutex_;  // guards buckets_
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace onair
