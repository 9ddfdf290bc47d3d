#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "store/conn.hpp"
#include "store/database.hpp"
#include "store/user_repository.hpp"
#include "support/temp_dir.hpp"

namespace onair::testing {

/// A real database — SQLite in a temp dir, or, when ONAIR_TEST_POSTGRES_URL names a PostgreSQL
/// server (postgresql://user@host:port/db), a fresh schema there — a manual clock, and a quick way
/// to add users (with a placeholder hash, so tests that do not log in skip argon2id).
class StoreFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    std::string url = "sqlite://" + dir_.file("test.db");
    if (const char* pg = std::getenv("ONAIR_TEST_POSTGRES_URL"); pg != nullptr && *pg != '\0') {
      schema_ = "t_" + crypto::random_id();
      url = std::string(pg) + "?options=-csearch_path%3D" + schema_;
      auto admin = store::Database::open(std::string(pg), 1);
      ASSERT_TRUE(admin.ok()) << admin.error().message;
      admin_ = std::move(*admin);
      admin_->write([&](store::Conn& c) -> Status {
        c.sql << "CREATE SCHEMA " + schema_;
        return ok_status();
      }).value();
    }
    auto db = store::Database::open(url, 4);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
  }

  void TearDown() override {
    db_.reset();
    if (admin_) {
      admin_->write([&](store::Conn& c) -> Status {
        c.sql << "DROP SCHEMA " + schema_ + " CASCADE";
        return ok_status();
      }).value();
    }
  }

  User add_user(const std::string& handle, bool is_admin = false) {
    User u{crypto::random_id(), handle, handle + "@example.test", handle, is_admin, clock_.now_ms(), {}, {}};
    auto inserted = db_->write([&](store::Conn& c) { return store::users::insert(c, u, "x"); });
    EXPECT_TRUE(inserted.ok());
    return u;
  }

  void follow(const User& follower, const User& followee) {
    db_->write([&](store::Conn& c) -> Status {
      store::follows::follow(c, follower.id, followee.id, clock_.now_ms());
      return ok_status();
    }).value();
  }

  TempDir dir_;
  ManualClock clock_{1'800'000'000'000};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::Database> admin_;  // PostgreSQL only: creates and drops the schema
  std::string schema_;
};

}  // namespace onair::testing
