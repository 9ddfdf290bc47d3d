#include "payments/wallet_service.hpp"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "events/event_bus.hpp"
#include "media/relay_backend.hpp"
#include "store/conn.hpp"
#include "streams/stream_service.hpp"
#include "support/store_fixture.hpp"

namespace onair::payments {
namespace {

class WalletServiceTest : public testing::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    relay_ = std::make_unique<media::RelayBackend>("http://x", std::string(32, 'k'), 300, clock_);
    streams_ = std::make_unique<streams::StreamService>(*db_, *relay_, clock_, bus_);
    wallets_ = std::make_unique<WalletService>(*db_, clock_);
    creator_ = add_user("creator");
    buyer_ = add_user("buyer");
    auto grant = streams_->create(creator_, {"Paid", "", Sensitivity::none, Gating::paid, 30});
    ASSERT_TRUE(grant.ok());
    stream_ = grant->stream;
  }

  long long rows(const std::string& table) {
    return db_->read([&](store::Conn& c) -> Result<long long> {
             long long n = 0;
             c.sql << "SELECT COUNT(*) FROM " + table, soci::into(n);
             return n;
           }).value();
  }

  events::LocalBus bus_;
  std::unique_ptr<media::RelayBackend> relay_;
  std::unique_ptr<streams::StreamService> streams_;
  std::unique_ptr<WalletService> wallets_;
  User creator_, buyer_;
  LiveStream stream_;
};

TEST_F(WalletServiceTest, TopUpWithTheSameKeyGrantsOnce) {
  auto first = wallets_->top_up(buyer_, 100, "key-1").value();
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.balance_credits, 100);
  auto again = wallets_->top_up(buyer_, 100, "key-1").value();
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.balance_credits, 100);
  EXPECT_EQ(wallets_->top_up(buyer_, 5, "key-2")->balance_credits, 105);
  auto other_amount = wallets_->top_up(buyer_, 50, "key-1");
  ASSERT_FALSE(other_amount.ok()) << "a key names one top-up";
  EXPECT_EQ(other_amount.error().code, ErrorCode::idempotency_key_reused);
  EXPECT_EQ(wallets_->balance(buyer_), 105);
}

TEST_F(WalletServiceTest, PurchaseMovesCreditsThroughTheLedgerToTheCreator) {
  wallets_->top_up(buyer_, 100, "t").value();
  auto bought = wallets_->purchase(buyer_, ItemType::live_stream, stream_.id, "p");
  ASSERT_TRUE(bought.ok()) << bought.error().message;
  EXPECT_TRUE(bought->created);
  EXPECT_EQ(bought->balance_credits, 70);
  EXPECT_EQ(wallets_->balance(creator_), 30);
  EXPECT_EQ(rows("ledger_entries"), 3);  // top-up, purchase, sale
  EXPECT_TRUE(streams_->join(buyer_, stream_.id, false).ok());
}

TEST_F(WalletServiceTest, TheSameKeyReturnsTheSamePurchaseAndChargesOnce) {
  wallets_->top_up(buyer_, 100, "t").value();
  auto first = wallets_->purchase(buyer_, ItemType::live_stream, stream_.id, "p");
  auto second = wallets_->purchase(buyer_, ItemType::live_stream, stream_.id, "p");
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->purchase.id, first->purchase.id);
  EXPECT_EQ(second->balance_credits, 70);
  auto other_key = wallets_->purchase(buyer_, ItemType::live_stream, stream_.id, "p2");
  ASSERT_TRUE(other_key.ok());
  EXPECT_EQ(other_key->purchase.id, first->purchase.id);
  EXPECT_EQ(wallets_->balance(buyer_), 70);
}

TEST_F(WalletServiceTest, InsufficientCreditsWritesNothing) {
  wallets_->top_up(buyer_, 29, "t").value();
  auto r = wallets_->purchase(buyer_, ItemType::live_stream, stream_.id, "p");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::insufficient_credits);
  EXPECT_EQ(wallets_->balance(buyer_), 29);
  EXPECT_EQ(wallets_->balance(creator_), 0);
  EXPECT_EQ(rows("purchases"), 0);
  EXPECT_EQ(rows("ledger_entries"), 1);
}

TEST_F(WalletServiceTest, KeyReusedForAnotherItemIsRefused) {
  wallets_->top_up(buyer_, 100, "t").value();
  ASSERT_TRUE(wallets_->purchase(buyer_, ItemType::live_stream, stream_.id, "p").ok());
  auto other_creator = add_user("other");
  auto other = streams_->create(other_creator, {"Paid 2", "", Sensitivity::none, Gating::paid, 5});
  auto r = wallets_->purchase(buyer_, ItemType::live_stream, other->stream.id, "p");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::idempotency_key_reused);
  EXPECT_EQ(wallets_->balance(buyer_), 70);
}

TEST_F(WalletServiceTest, FreeOwnAndUnknownItemsCannotBeBought) {
  wallets_->top_up(buyer_, 100, "t").value();
  EXPECT_EQ(wallets_->purchase(buyer_, ItemType::live_stream, "nope", "a").error().code, ErrorCode::not_found);
  EXPECT_EQ(wallets_->purchase(creator_, ItemType::live_stream, stream_.id, "b").error().code, ErrorCode::conflict);
  auto free_author = add_user("free");
  auto free_stream = streams_->create(free_author, {"Free", "", Sensitivity::none, Gating::everyone, 0});
  EXPECT_EQ(wallets_->purchase(buyer_, ItemType::live_stream, free_stream->stream.id, "c").error().code,
            ErrorCode::conflict);
  EXPECT_EQ(wallets_->balance(buyer_), 100);
}

TEST_F(WalletServiceTest, ConcurrentPurchasesOfOneItemChargeOnce) {
  wallets_->top_up(buyer_, 1000, "t").value();
  std::vector<std::thread> threads;
  std::atomic<int> created{0}, succeeded{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      auto r = wallets_->purchase(buyer_, ItemType::live_stream, stream_.id, "key-" + std::to_string(i % 4));
      if (r.ok()) {
        ++succeeded;
        created += r->created;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(succeeded.load(), 16);
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(wallets_->balance(buyer_), 970);
  EXPECT_EQ(wallets_->balance(creator_), 30);
  EXPECT_EQ(rows("purchases"), 1);
}

}  // namespace
}  // namespace onair::payments
