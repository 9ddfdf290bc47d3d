#include "accounts/session_cache.hpp"

#include <algorithm>

namespace onair::accounts {

std::optional<User> SessionCache::find(const std::string& token_hash, TimeMs now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(token_hash);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.valid_until <= now) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.user;
}

void SessionCache::remember(const std::string& token_hash, const User& user, TimeMs session_expires_at,
                            TimeMs now) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= capacity_) entries_.clear();
  entries_[token_hash] = Entry{user, std::min(session_expires_at, now + ttl_ms_)};
}

void SessionCache::forget(const std::string& token_hash) {
  std::lock_guard lock(mutex_);
  entries_.erase(token_hash);
}

}  // namespace onair::accounts
