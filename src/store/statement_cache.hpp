#pragma once

// Internal to store/: prepared statements kept per database session, for the hottest queries.

#include <memory>
#include <unordered_map>

#include <soci/soci.h>

#include "store/conn.hpp"

namespace onair::store {

/// Statements prepared once per session and executed again with new values. SOCI prepares a
/// statement on every `sql << …`; on the join and get paths that parsing was the largest cost.
/// An entry owns its statement and the variables bound to it. Used by one thread at a time (a
/// session is lent to one caller at a time).
class StatementCache {
 public:
  struct Entry {
    virtual ~Entry() = default;
  };

  /// The entry under `key` (the address of a tag at the call site), made by `make()` once.
  template <typename T, typename Make>
  T& get(const void* key, Make&& make) {
    auto& slot = entries_[key];
    if (!slot) slot = make();
    return static_cast<T&>(*slot);
  }
  /// Forgets an entry whose statement failed; the next use prepares it afresh.
  void drop(const void* key) { entries_.erase(key); }

 private:
  std::unordered_map<const void*, std::unique_ptr<Entry>> entries_;
};

/// Ends a cached statement's execution so it holds no read snapshot until its next use (SQLite
/// keeps an unfinished SELECT's transaction open). Call after the last fetch.
void finish(soci::statement& st, Dialect dialect);

/// Runs `fn(entry)` on the session's cached `T` (made by `T(conn.sql)` on first use, keyed by a
/// tag's address at the call site); `fn` finishes the statements it ran. A failure drops the
/// entry, so the next use prepares it afresh.
template <typename T, typename Fn>
auto with_cached(Conn& conn, const void* key, Fn&& fn) {
  auto& entry = conn.cache.get<T>(key, [&] { return std::make_unique<T>(conn.sql); });
  try {
    return fn(entry);
  } catch (...) {
    conn.cache.drop(key);
    throw;
  }
}

}  // namespace onair::store
