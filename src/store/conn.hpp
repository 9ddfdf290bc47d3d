#pragma once

// Internal to store/: the SOCI session behind a `Conn`.

#include <soci/soci.h>

#include "store/database.hpp"

namespace onair::store {

class StatementCache;

class Conn {
 public:
  Conn(soci::session& sql, Dialect dialect, StatementCache& cache) : sql(sql), dialect(dialect), cache(cache) {}
  soci::session& sql;
  Dialect dialect;
  StatementCache& cache;  // the session's prepared statements (statement_cache.hpp)
};

/// True when `e` reports a unique-constraint violation (either dialect).
bool is_unique_violation(const soci::soci_error& e);

/// Maps a nullable column: the value, or `fallback` when the indicator says null.
template <typename T>
T or_default(const T& value, soci::indicator ind, T fallback = T{}) {
  return ind == soci::i_ok ? value : fallback;
}

}  // namespace onair::store
