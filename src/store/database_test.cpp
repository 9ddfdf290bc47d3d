#include "store/database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include <soci/sqlite3/soci-sqlite3.h>

#include "store/conn.hpp"
#include "store/migrations.hpp"
#include "store/stream_repository.hpp"
#include "support/temp_dir.hpp"

namespace onair::store {
namespace {

/// Participant rows, read through a separate connection.
long long sqlite_rows(const std::string& path) {
  soci::session other(*soci::factory_sqlite3(), "db=" + path);
  long long n = 0;
  other << "SELECT COUNT(*) FROM live_stream_participants", soci::into(n);
  return n;
}

long long count(Database& db, const std::string& sql) {
  return db.read([&](Conn& c) -> Result<long long> {
           long long n = 0;
           c.sql << sql, soci::into(n);
           return n;
         }).value();
}

TEST(Database, AppliesEveryMigrationOnceAcrossRestarts) {
  testing::TempDir dir;
  auto url = "sqlite://" + dir.file("a.db");
  {
    auto db = Database::open(url, 2);
    ASSERT_TRUE(db.ok()) << db.error().message;
    EXPECT_EQ((*db)->schema_version(), embedded_migrations().back().version);
  }
  auto again = Database::open(url, 2);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(count(**again, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<long long>(embedded_migrations().size()));
}

TEST(Database, UsesWriteAheadLogging) {
  testing::TempDir dir;
  auto db = Database::open("sqlite://" + dir.file("a.db"), 1);
  ASSERT_TRUE(db.ok());
  std::string mode = (*db)->read([](Conn& c) -> Result<std::string> {
    std::string m;
    c.sql << "PRAGMA journal_mode", soci::into(m);
    return m;
  }).value();
  EXPECT_EQ(mode, "wal");
}

TEST(Database, TheWriteAheadLogIsRestartedUnderSteadyReadsAndWrites) {
  // Readers arriving all the time keep passive checkpoints from ever restarting the log; the
  // store restarts it once it holds 8 MB, so it stays near that however long the load lasts.
  testing::TempDir dir;
  auto path = dir.file("busy.db");
  auto opened = Database::open("sqlite://" + path, 4);
  ASSERT_TRUE(opened.ok());
  auto& db = **opened;
  db.write([](Conn& c) -> Status {
    c.sql << "CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT NOT NULL)";
    return ok_status();
  }).value();
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  for (int i = 0; i < 2; ++i) {
    readers.emplace_back([&] {
      while (!stop) count(db, "SELECT COUNT(*) FROM (SELECT id FROM filler ORDER BY id DESC LIMIT 50)");
    });
  }
  const std::string body(3000, 'x');  // about a page per row: ~80 MB of log if never restarted
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&] {
      for (int i = 0; i < 12'000; ++i) {
        db.write([&](Conn& c) -> Status {
          c.sql << "INSERT INTO filler (body) VALUES (:b)", soci::use(body);
          return ok_status();
        }).value();
      }
    });
  }
  for (auto& t : writers) t.join();
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM filler"), 24'000);
  auto wal = std::filesystem::file_size(path + "-wal");
  EXPECT_LT(wal, 40u * 1024 * 1024) << "the log grew to " << wal / (1024 * 1024) << " MB";
}

TEST(Database, WriteRollsBackWhenTheBodyFails) {
  testing::TempDir dir;
  auto db = Database::open("sqlite://" + dir.file("a.db"), 1).value();
  auto failed = db->write([](Conn& c) -> Status {
    c.sql << "INSERT INTO jobs (kind, payload, run_at, created_at, updated_at) VALUES ('k', '', 0, 0, 0)";
    return Error{ErrorCode::conflict, "no", {}};
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM jobs"), 0);
  EXPECT_THROW(db->write([](Conn& c) -> Status {
                 c.sql << "INSERT INTO jobs (kind, payload, run_at, created_at, updated_at) VALUES ('k', '', 0, 0, 0)";
                 c.sql << "INSERT INTO no_such_table VALUES (1)";
                 return ok_status();
               }),
               std::exception);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM jobs"), 0);
  auto ok = db->write([](Conn& c) -> Status {
    c.sql << "INSERT INTO jobs (kind, payload, run_at, created_at, updated_at) VALUES ('k', '', 0, 0, 0)";
    return ok_status();
  });
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM jobs"), 1);
}

TEST(Database, ConcurrentWritesCommitOrRollBackEachOnTheirOwn) {
  testing::TempDir dir;
  auto db = Database::open("sqlite://" + dir.file("a.db"), 4).value();
  constexpr int kThreads = 8, kWrites = 200;
  std::atomic<int> thrown{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        auto kind = std::to_string(t) + ":" + std::to_string(i);
        try {
          auto r = db->write([&](Conn& c) -> Status {
            c.sql << "INSERT INTO jobs (kind, payload, run_at, created_at, updated_at) VALUES (:k, '', 0, 0, 0)",
                soci::use(kind);
            if (i % 3 == 1) return Error{ErrorCode::conflict, "refused", {}};  // rolled back alone
            if (i % 3 == 2) c.sql << "INSERT INTO no_such_table VALUES (1)";     // throws, rolled back alone
            return ok_status();
          });
          EXPECT_EQ(r.ok(), i % 3 == 0);
        } catch (const std::exception&) {
          EXPECT_EQ(i % 3, 2);
          ++thrown;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  int kept_per_thread = (kWrites + 2) / 3;
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM jobs"), kThreads * kept_per_thread);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM jobs WHERE kind LIKE '%:0'"), kThreads);
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM jobs WHERE kind LIKE '%:1'"), 0);
  EXPECT_EQ(thrown.load(), kThreads * (kWrites / 3));
}

TEST(Database, OneOpenStreamPerAuthorIsEnforcedByTheSchema) {
  testing::TempDir dir;
  auto db = Database::open("sqlite://" + dir.file("a.db"), 1).value();
  auto insert_stream = [&](const std::string& id, const std::string& status) {
    db->write([&](Conn& c) -> Status {
      c.sql << "INSERT INTO live_streams (id, author_id, title, description, status, sensitivity, gating, "
               "created_at, updated_at) VALUES (:id, 'u', 't', '', :st, 'none', 'public', 0, 0)",
          soci::use(id), soci::use(status);
      return ok_status();
    }).value();
  };
  db->write([](Conn& c) -> Status {
    c.sql << "INSERT INTO users (id, handle, email, display_name, password_hash, created_at) VALUES "
             "('u', 'u', 'u@x', 'u', 'x', 0)";
    return ok_status();
  }).value();
  insert_stream("s1", "ended");
  insert_stream("s2", "live");
  EXPECT_THROW(insert_stream("s3", "created"), std::exception);
}

TEST(Database, CachedStatementsSeeEveryCommittedWrite) {
  // One reader session, so every read reuses its cached statements: a statement left unfinished
  // would pin an old snapshot and the reads below would not see the writes.
  testing::TempDir dir;
  auto db = Database::open("sqlite://" + dir.file("a.db"), 1).value();
  db->write([](Conn& c) -> Status {
    c.sql << "INSERT INTO users (id, handle, email, display_name, password_hash, created_at) VALUES "
             "('u', 'u', 'u@x', 'u', 'x', 0)";
    c.sql << "INSERT INTO live_streams (id, author_id, title, description, status, sensitivity, gating, "
             "created_at, updated_at) VALUES ('s1', 'u', 't', '', 'live', 'none', 'public', 0, 0)";
    c.sql << "INSERT INTO users (id, handle, email, display_name, password_hash, created_at) VALUES "
             "('v', 'v', 'v@x', 'v', 'x', 0)";
    return ok_status();
  }).value();
  auto viewers = [&] {
    return db->read([](Conn& c) -> Result<std::int64_t> { return streams::find(c, "s1")->viewer_count; }).value();
  };
  EXPECT_EQ(viewers(), 0);
  for (int i = 1; i <= 3; ++i) {
    db->write([&](Conn& c) -> Status {
      auto presence = participants::join(c, "s1", "v", "w" + std::to_string(i), i);
      EXPECT_TRUE(presence.has_value());
      EXPECT_EQ(presence && presence->counted, i == 1);
      EXPECT_EQ(presence ? presence->viewer_count : -1, 1);
      return ok_status();
    }).value();
    EXPECT_EQ(viewers(), 1) << "after join " << i;  // one distinct viewer, however many tabs
  }
  db->write([](Conn& c) -> Status {
    participants::leave(c, "s1", "v", std::nullopt, 10);
    return ok_status();
  }).value();
  EXPECT_EQ(viewers(), 0);
  db->write([](Conn& c) -> Status {
    c.sql << "UPDATE live_streams SET status = 'ended' WHERE id = 's1'";
    return ok_status();
  }).value();
  EXPECT_EQ(db->read([](Conn& c) -> Result<StreamStatus> { return streams::find(c, "s1")->status; }).value(),
            StreamStatus::ended);
  db->write([&](Conn& c) -> Status {
    EXPECT_FALSE(participants::join(c, "s1", "v", "w9", 11).has_value());  // ended: nothing written
    return ok_status();
  }).value();
  EXPECT_EQ(sqlite_rows(dir.file("a.db")), 3);
}

}  // namespace
}  // namespace onair::store

namespace onair::store {
namespace {

/// A fresh, empty database: a new SQLite file, or a new schema on the PostgreSQL server that
/// ONAIR_TEST_POSTGRES_URL names (the store suite's run on PostgreSQL).
class StoreMigrations : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = "sqlite://" + dir_.file("fresh.db");
    if (const char* pg = std::getenv("ONAIR_TEST_POSTGRES_URL"); pg != nullptr && *pg != '\0') {
      auto admin = Database::open(pg, 1);
      ASSERT_TRUE(admin.ok()) << admin.error().message;
      admin_ = std::move(*admin);
      schema_ = "m_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
      admin_->write([&](Conn& c) -> Status {
        c.sql << "CREATE SCHEMA " + schema_;
        return ok_status();
      }).value();
      url_ = std::string(pg) + "?options=-csearch_path%3D" + schema_;
    }
  }
  void TearDown() override {
    if (!admin_) return;
    admin_->write([&](Conn& c) -> Status {
      c.sql << "DROP SCHEMA " + schema_ + " CASCADE";
      return ok_status();
    }).value();
  }

  testing::TempDir dir_;
  std::string url_;
  std::unique_ptr<Database> admin_;
  std::string schema_;
};

TEST_F(StoreMigrations, InstancesStartingTogetherOnAnEmptyDatabaseAllStart) {
  constexpr int kInstances = 4;
  std::vector<std::string> errors(kInstances);
  std::vector<std::thread> starts;
  for (int i = 0; i < kInstances; ++i) {
    starts.emplace_back([&, i] {
      auto db = Database::open(url_, 1);
      if (!db) errors[i] = db.error().message;
    });
  }
  for (auto& t : starts) t.join();
  for (int i = 0; i < kInstances; ++i) EXPECT_EQ(errors[i], "") << "instance " << i;
  auto db = Database::open(url_, 1);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(count(**db, "SELECT COUNT(*) FROM schema_migrations"), static_cast<long long>(embedded_migrations().size()));
}

TEST_F(StoreMigrations, WritesThatDeadlockEachOtherBothCommit) {
  // Two transactions take two rows' locks in opposite order; on PostgreSQL the server aborts one
  // of them (40P01), which is run again. On SQLite writes are serialised and never deadlock.
  auto opened = Database::open(url_, 2);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto& db = **opened;
  db.write([](Conn& c) -> Status {
    c.sql << "CREATE TABLE lock_pair (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)";
    c.sql << "INSERT INTO lock_pair (id, n) VALUES (1, 0)";
    c.sql << "INSERT INTO lock_pair (id, n) VALUES (2, 0)";
    return ok_status();
  }).value();

  std::atomic<int> first_locks{0};
  std::atomic<int> runs{0};
  auto writer = [&](int first, int second) {
    return db.write([&, first, second](Conn& c) -> Status {
      ++runs;
      c.sql << "UPDATE lock_pair SET n = n + 1 WHERE id = :i", soci::use(first);
      // Wait (a while at most) until the other writer holds its first row too.
      ++first_locks;
      for (int i = 0; i < 200 && first_locks.load() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      c.sql << "UPDATE lock_pair SET n = n + 10 WHERE id = :i", soci::use(second);
      return ok_status();
    });
  };
  Status a = ok_status(), b = ok_status();
  std::thread ta([&] { a = writer(1, 2); });
  std::thread tb([&] { b = writer(2, 1); });
  ta.join();
  tb.join();
  EXPECT_TRUE(a.ok());
  EXPECT_TRUE(b.ok());
  // Each body's effects count once, however often it ran: both rows got +1 and +10.
  EXPECT_EQ(count(db, "SELECT n FROM lock_pair WHERE id = 1"), 11);
  EXPECT_EQ(count(db, "SELECT n FROM lock_pair WHERE id = 2"), 11);
  if (db.dialect() == Dialect::postgresql) {
    EXPECT_GE(runs.load(), 3) << "one of the two was aborted and run again";
  }
}

}  // namespace
}  // namespace onair::store
