#include "api/context.hpp"
#include "store/rate_limit_repository.hpp"

namespace onair::api {

RateLimits rate_limits(const Config& config, store::Database* shared) {
  // Sign-ups and sign-ins cost an argon2id hash each: on PostgreSQL they are limited across every
  // instance. Per-user limits are each instance's own (a user posts through one or two).
  auto limit = [&](const char* name, double per_minute, double burst) -> std::unique_ptr<Limiter> {
    if (shared != nullptr) return std::make_unique<store::SharedRateLimiter>(*shared, name, per_minute, burst);
    return std::make_unique<RateLimiter>(per_minute, burst);
  };
  RateLimits limits;
  limits.signups = limit("signup", config.signups_per_hour / 60.0, config.signups_per_hour);
  limits.login_attempts = limit("login", 60, 30);        // a burst of 30, then one a second
  limits.login_failures = limit("login_failure", 1, 10);  // ten wrong passwords, then one a minute
  limits.chat_messages = std::make_unique<RateLimiter>(60, 5);   // a burst of 5, then one a second
  limits.reactions = std::make_unique<RateLimiter>(600, 20);     // a burst of 20, then ten a second
  limits.client_events = std::make_unique<RateLimiter>(30, 10);  // a burst of 10, then one every 2 s
  limits.visitor_joins = std::make_unique<RateLimiter>(30, 30);  // 30 a minute
  limits.thumbnails = std::make_unique<RateLimiter>(12, 1);      // one every 5 s
  return limits;
}

}  // namespace onair::api
