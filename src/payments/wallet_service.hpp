#pragma once

#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "core/model.hpp"
#include "core/result.hpp"

namespace onair::store {
class Database;
}

namespace onair::payments {

struct TopUpResult {
  std::int64_t balance_credits = 0;
  bool created = false;  // false: the idempotency key was seen before; nothing was granted
};

struct PurchaseResult {
  Purchase purchase;
  std::int64_t balance_credits = 0;
  bool created = false;  // false: an earlier purchase was returned; nothing was charged
};

/// Credits and purchases of gated content. Money moves only through ledger entries written in the
/// same transaction as the balance change. The `demo` provider grants top-ups at once.
class WalletService {
 public:
  WalletService(store::Database& db, const Clock& clock);

  std::int64_t balance(const User& user);
  /// The same key again returns the balance and grants nothing; with another amount it is
  /// idempotency_key_reused.
  Result<TopUpResult> top_up(const User& user, std::int64_t credits, const std::string& idempotency_key);
  /// Buys `item` for `buyer`, crediting its creator. The same key (or an item already owned)
  /// returns the earlier purchase and charges nothing; a short balance is insufficient_credits
  /// with nothing written; a key reused for another item is idempotency_key_reused.
  Result<PurchaseResult> purchase(const User& buyer, ItemType type, const std::string& item_id,
                                  const std::string& idempotency_key);

 private:
  Result<PurchaseResult> existing(const User& buyer, ItemType type, const std::string& item_id,
                                  const std::string& idempotency_key);

  store::Database& db_;
  const Clock& clock_;
};

}  // namespace onair::payments
