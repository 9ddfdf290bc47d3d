#pragma once

#include <string>

#include "core/rate_limiter.hpp"

namespace onair::store {

class Database;

/// A rate limit every instance on one database shares (PostgreSQL): a token bucket per key in
/// the rate_buckets table, taken in one statement. For limits worth a round trip — sign-ups and
/// sign-ins, which cost an argon2id hash each — where N instances must not mean N times the limit.
class SharedRateLimiter final : public Limiter {
 public:
  /// `name` keeps this limit's keys apart from other limits'.
  SharedRateLimiter(Database& db, std::string name, double per_minute, double burst)
      : db_(db), name_(std::move(name)), rate_per_ms_(per_minute / 60'000.0), burst_(burst) {}

  bool allow(const std::string& key, TimeMs now) override;
  bool would_allow(const std::string& key, TimeMs now) const override;

  /// Forgets buckets untouched since `before` (they have refilled long ago).
  static void prune(Database& db, TimeMs before);

 private:
  Database& db_;
  std::string name_;
  double rate_per_ms_;
  double burst_;
};

}  // namespace onair::store
