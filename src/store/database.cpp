#include "store/database.hpp"

#include "core/config.hpp"

#include <boost/url/parse.hpp>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "store/conn.hpp"
#include "store/statement_cache.hpp"
#include "store/migrations.hpp"

namespace onair::store {

void finish(soci::statement& st, Dialect dialect) {
  if (dialect != Dialect::sqlite) return;
  auto* sqlite = static_cast<soci::sqlite3_statement_backend*>(st.get_backend());
  if (sqlite != nullptr && sqlite->stmt_ != nullptr) sqlite_api::sqlite3_reset(sqlite->stmt_);
}

bool is_unique_violation(const soci::soci_error& e) {
  std::string what = e.what();
  return what.find("UNIQUE constraint failed") != std::string::npos ||
         what.find("duplicate key value") != std::string::npos ||
         what.find("23505") != std::string::npos;
}

namespace {

/// PostgreSQL aborted the transaction to break a deadlock (40P01) or a serialization conflict
/// (40001): nothing of it was written, and running it again is expected to succeed.
bool is_transient_conflict(const soci::postgresql_soci_error& e) {
  std::string state = e.sqlstate();
  return state == "40P01" || state == "40001";
}

constexpr int kConflictAttempts = 5;

}  // namespace

struct Database::Impl {
  Dialect dialect = Dialect::sqlite;
  std::string connect_string;

  // Guards `idle`; `available` wakes a waiter when a session returns.
  std::mutex mutex;
  std::condition_variable available;
  std::vector<std::unique_ptr<soci::session>> idle;

  // SQLite only: the one writer session, used by one leader at a time (group commit below).
  std::unique_ptr<soci::session> writer;

  /// A write waiting for a leader to run it.
  struct PendingWrite {
    const std::function<bool(Conn&)>* body;
    bool done = false;
    std::exception_ptr error;
  };
  std::mutex queue_mutex;  // guards pending, leader_active, PendingWrite::done/error
  std::condition_variable batch_done;
  std::vector<PendingWrite*> pending;
  bool leader_active = false;

  // SQLite only: checkpoints the write-ahead log in the background so commits never pay for it.
  // Passive checkpoints cannot restart the log while readers keep arriving, so under steady load
  // it would grow without end (1.7 GB in a 10 s join benchmark); once a commit leaves more than
  // kRestartFrames in it, the checkpointer restarts it (waiting a moment for readers to move on).
  static constexpr int kRestartFrames = 2048;  // 8 MB of 4 KB pages
  std::thread checkpointer;
  bool restart_wanted = false;  // guarded by checkpoint_mutex
  std::mutex checkpoint_mutex;  // guards stopping, restart_wanted
  std::condition_variable checkpoint_wake;
  bool stopping = false;
  void start_checkpointer();
  void stop_checkpointer();

  void run_batch(const std::vector<PendingWrite*>& batch);

  // One statement cache per session, made when the pool is filled and only read afterwards.
  // Declared last so the statements go before their sessions.
  std::unordered_map<const soci::session*, std::unique_ptr<StatementCache>> caches;
  void add_cache(const soci::session& sql) { caches[&sql] = std::make_unique<StatementCache>(); }
  StatementCache& cache_for(const soci::session& sql) const { return *caches.at(&sql); }
  void write_grouped(const std::function<bool(Conn&)>& body);

  std::unique_ptr<soci::session> connect() const {
    std::unique_ptr<soci::session> sql;
    if (dialect == Dialect::sqlite) {
      sql = std::make_unique<soci::session>(*soci::factory_sqlite3(), connect_string);
      // First: another process opening the file at the same moment (a second instance, the
      // `onair admin` command) must be waited for, even while switching to WAL.
      *sql << "PRAGMA busy_timeout=10000";
      // Switching a new file to WAL can meet SQLITE_BUSY without the busy handler being asked
      // (two connections each holding a lock the other needs): retry for a while.
      for (int attempt = 0;; ++attempt) {
        try {
          *sql << "PRAGMA journal_mode=WAL";
          break;
        } catch (const soci::soci_error& e) {
          if (attempt >= 200 || std::string_view(e.what()).find("locked") == std::string_view::npos) throw;
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
      }
      *sql << "PRAGMA synchronous=NORMAL";
      *sql << "PRAGMA foreign_keys=ON";
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

void Database::Impl::start_checkpointer() {
  // The writer tells, after each commit, how many frames the log holds.
  auto* handle = static_cast<soci::sqlite3_session_backend*>(writer->get_backend())->conn_;
  sqlite_api::sqlite3_wal_hook(
      handle,
      [](void* self, sqlite_api::sqlite3*, const char*, int frames) {
        if (frames >= kRestartFrames) {
          auto* impl = static_cast<Impl*>(self);
          {
            std::lock_guard lock(impl->checkpoint_mutex);
            impl->restart_wanted = true;
          }
          impl->checkpoint_wake.notify_all();
        }
        return 0;  // SQLITE_OK
      },
      this);
  checkpointer = std::thread([this, sql = connect()] {
    std::unique_lock lock(checkpoint_mutex);
    while (!stopping) {
      checkpoint_wake.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping || restart_wanted; });
      if (stopping) break;
      bool restart = std::exchange(restart_wanted, false);
      lock.unlock();
      try {
        *sql << "PRAGMA wal_checkpoint(PASSIVE)";  // the bulk of the work, beside the writers
      } catch (const std::exception& e) {
        spdlog::warn("store: checkpoint failed: {}", e.what());
      }
      if (restart) {
        // What the passive one left (a few frames) is copied, and the log restarted, while writers
        // wait in the group-commit queue (the next leader takes them all in one commit): left to
        // SQLite's busy handler, a checkpoint would rarely find the write lock free.
        std::unique_lock queue(queue_mutex);
        batch_done.wait(queue, [&] { return !leader_active; });
        leader_active = true;
        queue.unlock();
        try {
          *sql << "PRAGMA wal_checkpoint(RESTART)";
        } catch (const std::exception& e) {
          spdlog::warn("store: checkpoint failed: {}", e.what());
        }
        queue.lock();
        leader_active = false;
        batch_done.notify_all();
      }
      lock.lock();
    }
  });
}

void Database::Impl::stop_checkpointer() {
  if (!checkpointer.joinable()) return;
  {
    std::lock_guard lock(checkpoint_mutex);
    stopping = true;
  }
  checkpoint_wake.notify_all();
  checkpointer.join();
}

Result<std::string> postgres_conninfo(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return Error{ErrorCode::validation_failed, "ONAIR_DATABASE_URL: not a valid URL", {}};
  auto quote = [](const std::string& v) {
    std::string out = "'";
    for (char c : v) {
      if (c == '\\' || c == '\'') out += '\\';
      out += c;
    }
    return out + "'";
  };
  std::string info;
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) info += std::string(info.empty() ? "" : " ") + key + "=" + quote(value);
  };
  add("host", parsed->host());
  add("port", parsed->port());
  add("user", parsed->user());
  add("password", parsed->password());
  std::string path = parsed->path();
  add("dbname", path.size() > 1 ? path.substr(1) : "");
  for (auto param : parsed->params()) add(std::string(param.key).c_str(), std::string(param.value));
  return info;
}

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

/// Instances starting together on one PostgreSQL take turns at the migrations: the first applies
/// them, the others find them applied. (SQLite's BEGIN IMMEDIATE already serialises them.)
class MigrationLock {
 public:
  MigrationLock(soci::session& sql, Dialect dialect) : sql_(sql), held_(dialect == Dialect::postgresql) {
    if (held_) sql_ << "SELECT pg_advisory_lock(" + std::string(kKey) + ")";
  }
  ~MigrationLock() {
    if (!held_) return;
    try {
      sql_ << "SELECT pg_advisory_unlock(" + std::string(kKey) + ")";
    } catch (...) {
      // The session ends with the failed start-up; PostgreSQL releases the lock with it.
    }
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  static constexpr const char* kKey = "7254190617";  // onair's migrations, in the advisory lock space
  soci::session& sql_;
  bool held_;
};

void migrate(soci::session& sql, Dialect dialect) {
  MigrationLock lock(sql, dialect);
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
Database::~Database() { impl_->stop_checkpointer(); }

Dialect Database::dialect() const { return impl_->dialect; }

Result<std::unique_ptr<Database>> Database::open(const std::string& url, int pool_size) {
  // Before SQLite initialises: each connection is used by one thread at a time (the pool lends
  // it), so SQLite's own per-connection and allocation-statistics mutexes are pure overhead.
  static const bool configured = [] {
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
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
    auto conninfo = postgres_conninfo(url);
    if (!conninfo) return std::move(conninfo).error();
    impl->connect_string = *conninfo;
  }
  try {
    auto first = impl->connect();
    migrate(*first, impl->dialect);
    if (impl->dialect == Dialect::sqlite) {
      // Commits only append to the log; the checkpointer folds it back into the database file.
      *first << "PRAGMA wal_autocheckpoint=0";
      // A log that grew large once (a burst) is cut back to this when it restarts.
      *first << "PRAGMA journal_size_limit=67108864";
      impl->writer = std::move(first);
      impl->start_checkpointer();
    } else {
      impl->idle.push_back(std::move(first));
    }
    while (static_cast<int>(impl->idle.size()) < pool_size) impl->idle.push_back(impl->connect());
    for (const auto& sql : impl->idle) impl->add_cache(*sql);
    if (impl->writer) impl->add_cache(*impl->writer);
  } catch (const std::exception& e) {
    return Error{ErrorCode::internal, fmt::format("database {}: {}", without_password(url), e.what()), {}};
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

// SQLite allows one writer at a time and a commit costs far more than a small write, so writes
// are grouped: whoever finds no leader becomes one and runs every queued write in one
// transaction, each inside its own savepoint (so each still commits or rolls back alone, in
// queue order); the others wait for the group's commit. Results reach callers only after it.
void Database::Impl::run_batch(const std::vector<PendingWrite*>& batch) {
  auto& sql = *writer;
  Conn conn(sql, dialect, cache_for(sql));
  begin(sql, dialect);
  try {
    if (batch.size() == 1) {
      try {
        if (!(*batch[0]->body)(conn)) {
          sql << "ROLLBACK";
          return;
        }
      } catch (...) {
        batch[0]->error = std::current_exception();
        sql << "ROLLBACK";
        return;
      }
    } else {
      for (auto* write : batch) {
        sql << "SAVEPOINT onair_write";
        bool keep = false;
        try {
          keep = (*write->body)(conn);
        } catch (...) {
          write->error = std::current_exception();
        }
        if (!keep) sql << "ROLLBACK TO onair_write";
        sql << "RELEASE onair_write";
      }
    }
    sql << "COMMIT";
  } catch (...) {
    auto failure = std::current_exception();
    try { sql << "ROLLBACK"; } catch (...) {}
    for (auto* write : batch) write->error = failure;
  }
}

void Database::Impl::write_grouped(const std::function<bool(Conn&)>& body) {
  PendingWrite me{&body, false, nullptr};
  std::unique_lock lock(queue_mutex);
  pending.push_back(&me);
  while (!me.done) {
    if (leader_active) {
      batch_done.wait(lock);
      continue;
    }
    leader_active = true;
    std::vector<PendingWrite*> batch;
    batch.swap(pending);
    lock.unlock();
    run_batch(batch);
    lock.lock();
    for (auto* write : batch) write->done = true;
    leader_active = false;
    batch_done.notify_all();
  }
  if (me.error) std::rethrow_exception(me.error);
}

void Database::run(bool transactional, const std::function<bool(Conn&)>& body) {
  if (transactional && impl_->dialect == Dialect::sqlite) {
    impl_->write_grouped(body);
    return;
  }
  auto sql = impl_->acquire();
  struct Return {
    Impl& impl;
    std::unique_ptr<soci::session>& sql;
    ~Return() { impl.release(std::move(sql)); }
  } give_back{*impl_, sql};
  Conn conn(*sql, impl_->dialect, impl_->cache_for(*sql));
  if (!transactional) {
    body(conn);
    return;
  }
  for (int attempt = 1;; ++attempt) {
    begin(*sql, impl_->dialect);
    try {
      *sql << (body(conn) ? "COMMIT" : "ROLLBACK");
      return;
    } catch (const soci::postgresql_soci_error& e) {
      try { *sql << "ROLLBACK"; } catch (...) {}
      if (!is_transient_conflict(e) || attempt == kConflictAttempts) throw;
      spdlog::debug("database: transaction aborted ({}), attempt {} of {}", e.sqlstate(), attempt, kConflictAttempts);
      std::this_thread::sleep_for(std::chrono::milliseconds(attempt * 5));
    } catch (...) {
      try { *sql << "ROLLBACK"; } catch (...) {}
      throw;
    }
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
