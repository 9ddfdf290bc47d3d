#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace onair {

/// A rate limit per key (a user, an address): a token bucket of `burst` requests at once,
/// refilled at a rate per minute. Thread-safe; may block (a shared limit asks the database).
class Limiter {
 public:
  virtual ~Limiter() = default;
  /// True when `key` may make a request at `now` (and counts it).
  virtual bool allow(const std::string& key, TimeMs now) = 0;
  /// True when `key` could make a request at `now`, without counting one (for limits that count
  /// only failures: look first, `allow` after a failure).
  virtual bool would_allow(const std::string& key, TimeMs now) const = 0;
};

/// A limit kept in this process. Bounded: when it tracks too many keys it forgets the idle ones.
class RateLimiter final : public Limiter {
 public:
  RateLimiter(double per_minute, double burst, std::size_t max_keys = 100'000)
      : rate_per_ms_(per_minute / 60'000.0), burst_(burst), max_keys_(max_keys) {}

  bool allow(const std::string& key, TimeMs now) override;
  bool would_allow(const std::string& key, TimeMs now) const override;

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
