#include "store/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "store/conn.hpp"
#include "store/migrations.hpp"

namespace onair::store {

bool is_unique_violation(const soci::soci_error& e) {
  std::string what = e.what();
  return what.find("UNIQUE constraint failed") != std::string::npos ||
         what.find("duplicate key value") != std::string::npos ||
         what.find("23505") != std::string::npos;
}

struct Database::Impl {
  Dialect dialect = Dialect::sqlite;
  std::string connect_string;

  // Guards `idle`; `available` wakes a waiter when a session returns.
  std::mutex mutex;
  std::condition_variable available;
  std::vector<std::unique_ptr<soci::session>> idle;

  // SQLite only: the one writer session, used under `writer_mutex`.
  std::mutex writer_mutex;
  std::unique_ptr<soci::session> writer;

  std::unique_ptr<soci::session> connect() const {
    std::unique_ptr<soci::session> sql;
    if (dialect == Dialect::sqlite) {
      sql = std::make_unique<soci::session>(*soci::factory_sqlite3(), connect_string);
      *sql << "PRAGMA journal_mode=WAL";
      *sql << "PRAGMA synchronous=NORMAL";
      *sql << "PRAGMA foreign_keys=ON";
      *sql << "PRAGMA busy_timeout=10000";
    } else {
      sql = std::make_unique<soci::session>(*soci::factory_postgresql(), connect_string);
      *sql << "SET client_min_messages TO WARNING";
    }
    return sql;
  }

  std::unique_ptr<soci::session> acquire() {
    std::unique_lock lock(mutex);
    available.wait(lock, [&] { return !idle.empty(); });
    auto sql = std::move(idle.back());
    idle.pop_back();
    return sql;
  }

  void release(std::unique_ptr<soci::session> sql) {
    {
      std::lock_guard lock(mutex);
      idle.push_back(std::move(sql));
    }
    available.notify_one();
  }
};

namespace {

std::vector<std::string> split_statements(const std::string& sql) {
  std::vector<std::string> out;
  std::string current;
  std::size_t start = 0;
  while (start < sql.size()) {
    auto end = sql.find('\n', start);
    if (end == std::string::npos) end = sql.size();
    std::string line = sql.substr(start, end - start);
    start = end + 1;
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line.compare(first, 2, "--") == 0) continue;
    current += line + "\n";
    auto last = line.find_last_not_of(" \t\r");
    if (line[last] == ';') {
      current.erase(current.rfind(';'));
      out.push_back(current);
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
  return out;
}

std::string apply_dialect(std::string sql, Dialect dialect) {
  const std::string token = "{{AUTO_ID}}";
  const std::string replacement = dialect == Dialect::sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                                             : "BIGSERIAL PRIMARY KEY";
  for (auto pos = sql.find(token); pos != std::string::npos; pos = sql.find(token, pos)) {
    sql.replace(pos, token.size(), replacement);
  }
  return sql;
}

void begin(soci::session& sql, Dialect dialect) {
  sql << (dialect == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
}

void migrate(soci::session& sql, Dialect dialect) {
  sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT "
         "NULL, applied_at BIGINT NOT NULL)";
  for (const auto& migration : embedded_migrations()) {
    begin(sql, dialect);
    try {
      long long applied = 0;
      sql << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v",
          soci::use(static_cast<long long>(migration.version)), soci::into(applied);
      if (applied > 0) {
        sql << "ROLLBACK";
        continue;
      }
      for (const auto& statement : split_statements(apply_dialect(migration.sql, dialect))) {
        sql << statement;
      }
      long long now = SystemClock{}.now_ms();
      sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
          soci::use(static_cast<long long>(migration.version)), soci::use(migration.name),
          soci::use(now);
      sql << "COMMIT";
      spdlog::info("store: applied migration {} {}", migration.version, migration.name);
    } catch (...) {
      sql << "ROLLBACK";
      throw;
    }
  }
}

}  // namespace

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;

Dialect Database::dialect() const { return impl_->dialect; }

Result<std::unique_ptr<Database>> Database::open(const std::string& url, int pool_size) {
  auto impl = std::make_unique<Impl>();
  if (url.rfind("sqlite://", 0) == 0) {
    impl->dialect = Dialect::sqlite;
    std::string path = url.substr(9);
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Error{ErrorCode::internal,
                   fmt::format("cannot create database directory {}: {}", parent.string(), ec.message()), {}};
    }
    impl->connect_string = "db=" + path;
  } else {
    impl->dialect = Dialect::postgresql;
    impl->connect_string = url;
  }
  try {
    auto first = impl->connect();
    migrate(*first, impl->dialect);
    if (impl->dialect == Dialect::sqlite) {
      impl->writer = std::move(first);
    } else {
      impl->idle.push_back(std::move(first));
    }
    while (static_cast<int>(impl->idle.size()) < pool_size) impl->idle.push_back(impl->connect());
  } catch (const std::exception& e) {
    return Error{ErrorCode::internal, fmt::format("database {}: {}", url, e.what()), {}};
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

void Database::run(bool transactional, const std::function<bool(Conn&)>& body) {
  if (transactional && impl_->dialect == Dialect::sqlite) {
    std::lock_guard lock(impl_->writer_mutex);
    auto& sql = *impl_->writer;
    Conn conn(sql, impl_->dialect);
    begin(sql, impl_->dialect);
    try {
      sql << (body(conn) ? "COMMIT" : "ROLLBACK");
    } catch (...) {
      try { sql << "ROLLBACK"; } catch (...) {}
      throw;
    }
    return;
  }
  auto sql = impl_->acquire();
  struct Return {
    Impl& impl;
    std::unique_ptr<soci::session>& sql;
    ~Return() { impl.release(std::move(sql)); }
  } give_back{*impl_, sql};
  Conn conn(*sql, impl_->dialect);
  if (!transactional) {
    body(conn);
    return;
  }
  begin(*sql, impl_->dialect);
  try {
    *sql << (body(conn) ? "COMMIT" : "ROLLBACK");
  } catch (...) {
    try { *sql << "ROLLBACK"; } catch (...) {}
    throw;
  }
}

int Database::schema_version() {
  return read([](Conn& conn) -> Result<int> {
           long long version = 0;
           soci::indicator ind;
           conn.sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
           return static_cast<int>(or_default(version, ind));
         }).value();
}

}  // namespace onair::store
