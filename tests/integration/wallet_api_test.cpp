#include <atomic>
#include <thread>

#include "support/api_session.hpp"

namespace onair::testing {
namespace {

class WalletApi : public ApiTest {};

TEST_F(WalletApi, TopUpIsIdempotentByKey) {
  auto bob = signup("bob");
  EXPECT_EQ(bob.http->get("/api/me/wallet").json.at("balanceCredits").as_int64(), 0);
  auto first = bob.http->post_json("/api/me/wallet/top-up", json::object{{"credits", 100}, {"idempotencyKey", "k"}});
  EXPECT_EQ(first.status, 201);
  EXPECT_EQ(first.json.at("balanceCredits").as_int64(), 100);
  auto again = bob.http->post_json("/api/me/wallet/top-up", json::object{{"credits", 100}, {"idempotencyKey", "k"}});
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json.at("balanceCredits").as_int64(), 100);
  // The key names one top-up: another amount under it is refused, and grants nothing.
  expect_error(bob.http->post_json("/api/me/wallet/top-up", json::object{{"credits", 500}, {"idempotencyKey", "k"}}),
               409, "idempotency_key_reused");
  EXPECT_EQ(bob.http->get("/api/me/wallet").json.at("balanceCredits").as_int64(), 100);
}

TEST_F(WalletApi, TopUpRejectsBadInput) {
  auto bob = signup("bob");
  for (const char* body : {R"({"credits":0,"idempotencyKey":"k"})", R"({"credits":-1,"idempotencyKey":"k"})",
                           R"({"credits":1000001,"idempotencyKey":"k"})", R"({"credits":"10","idempotencyKey":"k"})",
                           R"({"credits":10})", R"({"credits":10,"idempotencyKey":""})"}) {
    expect_error(bob.http->post("/api/me/wallet/top-up", body), 400, "validation_failed");
  }
  expect_error(bob.http->post("/api/me/wallet/top-up", "[]"), 400, "invalid_json");
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries"), 0);
}

TEST_F(WalletApi, PurchaseChargesOnceAndCreditsTheCreator) {
  auto alice = signup("alice");
  auto bob = signup("bob");
  auto id = create_stream(alice, json::object{{"gating", "paid"}, {"priceCredits", 30}});
  bob.http->post_json("/api/me/wallet/top-up", json::object{{"credits", 100}, {"idempotencyKey", "t"}});
  json::object buy{{"itemType", "live_stream"}, {"itemId", id}, {"idempotencyKey", "buy"}};
  auto first = bob.http->post_json("/api/purchases", buy);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json.at("balanceCredits").as_int64(), 70);
  EXPECT_EQ(first.json.at("purchase").at("itemId").as_string(), id);
  auto second = bob.http->post_json("/api/purchases", buy);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.json.at("purchase").at("id"), first.json.at("purchase").at("id"));
  EXPECT_EQ(second.json.at("balanceCredits").as_int64(), 70);
  EXPECT_EQ(alice.http->get("/api/me/wallet").json.at("balanceCredits").as_int64(), 30);
  EXPECT_EQ(count("SELECT COUNT(*) FROM purchases"), 1);
  EXPECT_EQ(count("SELECT COALESCE(SUM(delta_credits), 0) FROM ledger_entries WHERE kind <> 'top_up'"), 0);
}

TEST_F(WalletApi, InsufficientCreditsIsAConflictAndWritesNothing) {
  auto alice = signup("alice");
  auto bob = signup("bob");
  auto id = create_stream(alice, json::object{{"gating", "paid"}, {"priceCredits", 30}});
  bob.http->post_json("/api/me/wallet/top-up", json::object{{"credits", 10}, {"idempotencyKey", "t"}});
  expect_error(bob.http->post_json("/api/purchases", json::object{{"itemType", "live_stream"}, {"itemId", id},
                                                                  {"idempotencyKey", "buy"}}),
               409, "insufficient_credits");
  EXPECT_EQ(count("SELECT COUNT(*) FROM purchases"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries"), 1);
  EXPECT_EQ(bob.http->get("/api/me/wallet").json.at("balanceCredits").as_int64(), 10);
}

TEST_F(WalletApi, PurchaseRejectsBadInput) {
  auto bob = signup("bob");
  expect_error(bob.http->post("/api/purchases", R"({"itemType":"car","itemId":"x","idempotencyKey":"k"})"), 400,
               "validation_failed");
  expect_error(bob.http->post("/api/purchases", R"({"itemType":"live_stream","idempotencyKey":"k"})"), 400,
               "validation_failed");
  expect_error(bob.http->post("/api/purchases", R"({"itemType":"live_stream","itemId":"x"})"), 400,
               "validation_failed");
  expect_error(bob.http->post("/api/purchases", R"({"itemType":"live_stream","itemId":"x","idempotencyKey":"k"})"),
               404, "not_found");
  expect_error(bob.http->post("/api/purchases", R"({"itemType":"live_stream")"), 400, "invalid_json");
  EXPECT_EQ(count("SELECT COUNT(*) FROM purchases"), 0);
}

TEST_F(WalletApi, ConcurrentPurchasesChargeOnce) {
  auto alice = signup("alice");
  auto bob = signup("bob");
  auto id = create_stream(alice, json::object{{"gating", "paid"}, {"priceCredits", 25}});
  bob.http->post_json("/api/me/wallet/top-up", json::object{{"credits", 1000}, {"idempotencyKey", "t"}});
  std::atomic<int> created{0}, ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 24; ++i) {
    threads.emplace_back([&, i] {
      HttpClient http(server_->base_url());
      http.set_token(bob.token);
      auto res = http.post_json("/api/purchases", json::object{{"itemType", "live_stream"}, {"itemId", id},
                                                               {"idempotencyKey", "key-" + std::to_string(i % 3)}});
      ok += res.status == 200 || res.status == 201;
      created += res.status == 201;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 24);
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(bob.http->get("/api/me/wallet").json.at("balanceCredits").as_int64(), 975);
  EXPECT_EQ(alice.http->get("/api/me/wallet").json.at("balanceCredits").as_int64(), 25);
  EXPECT_EQ(count("SELECT COUNT(*) FROM purchases"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM ledger_entries WHERE kind = 'purchase'"), 1);
}

}  // namespace
}  // namespace onair::testing
