#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "core/result.hpp"

namespace onair::store {

enum class Dialect { sqlite, postgresql };

/// libpq key=value parameters for a postgresql://user:password@host:port/dbname?key=value URL
/// (SOCI and libpq take those). Values are quoted for libpq.
Result<std::string> postgres_conninfo(const std::string& url);

/// A database connection lent to one unit of work; repositories take it. Opaque above store/.
class Conn;

/// The connection pool and the only way to reach the database.
///
/// `read` lends a connection for reads (no transaction). `write` runs the body in one
/// transaction: committed when the body returns success, rolled back when it returns an Error or
/// throws (the exception is rethrown to the caller). On SQLite every write goes through one writer
/// connection (`BEGIN IMMEDIATE`), so writers never meet SQLITE_BUSY and its sleeping busy
/// handler, and concurrent writes share one commit (group commit: each body in its own savepoint,
/// so each is still all-or-nothing on its own); readers run beside it (WAL). `write` returns after
/// the commit. On PostgreSQL a write the server aborts to break a deadlock or a serialization
/// conflict (SQLSTATE 40P01, 40001) is rolled back and run again, up to five times: a write body
/// keeps its effects in the database (and in what it returns), so running it twice is safe.
/// Thread-safe. Calls block: run them on the worker pool, never on a network thread.
class Database {
 public:
  /// Opens `url` (sqlite://path or postgresql://…), applies pending migrations.
  static Result<std::unique_ptr<Database>> open(const std::string& url, int pool_size);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Dialect dialect() const;

  template <typename F>
  auto read(F&& body) -> decltype(body(std::declval<Conn&>())) {
    using R = decltype(body(std::declval<Conn&>()));
    std::optional<R> result;
    run(false, [&](Conn& conn) {
      result.emplace(body(conn));
      return true;
    });
    return std::move(*result);
  }

  template <typename F>
  auto write(F&& body) -> decltype(body(std::declval<Conn&>())) {
    using R = decltype(body(std::declval<Conn&>()));
    std::optional<R> result;
    run(true, [&](Conn& conn) {
      result.emplace(body(conn));
      return result->ok();
    });
    return std::move(*result);
  }

  /// For a body that writes with one statement on PostgreSQL (it commits by itself: no BEGIN, no
  /// COMMIT, one round trip) and with several on SQLite (there it runs as `write`).
  template <typename F>
  auto write_statement(F&& body) -> decltype(body(std::declval<Conn&>())) {
    if (dialect() == Dialect::sqlite) return write(std::forward<F>(body));
    return read(std::forward<F>(body));
  }

  /// The schema version after migrations (for health checks and tests).
  int schema_version();

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  /// Lends a connection; with `transactional`, commits when `body` returns true.
  void run(bool transactional, const std::function<bool(Conn&)>& body);

  std::unique_ptr<Impl> impl_;
};

}  // namespace onair::store
