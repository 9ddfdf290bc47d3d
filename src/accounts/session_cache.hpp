#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/model.hpp"

namespace onair::accounts {

/// Remembers recently seen session tokens (by hash) so most requests skip the database. An entry
/// lives at most `ttl_ms` and never past its session's expiry; logout forgets it at once in this
/// process (another process sharing the database notices within `ttl_ms`). Bounded: when full it
/// starts over. Thread-safe.
class SessionCache {
 public:
  SessionCache(std::size_t capacity, TimeMs ttl_ms) : capacity_(capacity), ttl_ms_(ttl_ms) {}

  std::optional<User> find(const std::string& token_hash, TimeMs now);
  void remember(const std::string& token_hash, const User& user, TimeMs session_expires_at, TimeMs now);
  void forget(const std::string& token_hash);

 private:
  struct Entry {
    User user;
    TimeMs valid_until = 0;
  };
  std::size_t capacity_;
  TimeMs ttl_ms_;
  std::mutex mutex_;  // guards entries_
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace onair::accounts
