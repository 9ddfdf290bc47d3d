#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "store/database.hpp"
#include "store/user_repository.hpp"
#include "support/temp_dir.hpp"

namespace onair::testing {

/// A real SQLite database in a temp dir, a manual clock, and a quick way to add users (with a
/// placeholder hash, so tests that do not log in skip argon2id).
class StoreFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    auto db = store::Database::open("sqlite://" + dir_.file("test.db"), 4);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
  }

  User add_user(const std::string& handle, bool is_admin = false) {
    User u{crypto::random_id(), handle, handle + "@example.test", handle, is_admin, clock_.now_ms()};
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
};

}  // namespace onair::testing
