#include "core/rate_limiter.hpp"

#include <algorithm>

namespace onair {

bool RateLimiter::allow(const std::string& key, TimeMs now) {
  std::lock_guard lock(mutex_);
  if (buckets_.size() >= max_keys_ && !buckets_.count(key)) {
    // Forget buckets that have refilled completely: they carry no information.
    std::erase_if(buckets_, [&](const auto& entry) {
      return entry.second.tokens + static_cast<double>(now - entry.second.at) * rate_per_ms_ >= burst_;
    });
    if (buckets_.size() >= max_keys_) buckets_.clear();
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
  auto& b = it->second;
  b.tokens = std::min(burst_, b.tokens + static_cast<double>(std::max<TimeMs>(0, now - b.at)) * rate_per_ms_);
  b.at = now;
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

bool RateLimiter::would_allow(const std::string& key, TimeMs now) const {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) return true;
  const auto& b = it->second;
  return b.tokens + static_cast<double>(std::max<TimeMs>(0, now - b.at)) * rate_per_ms_ >= 1.0;
}

}  // namespace onair
