#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/model.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace onair::store {

/// Credits: balances, the ledger that moves them, and purchases. Callers run these inside one
/// `Database::write` so a purchase and its ledger entries land together or not at all.
namespace wallets {

std::int64_t balance(Conn& conn, const std::string& user_id);

/// Credits `amount` as a top-up keyed by `idempotency_key`. When this user used that key before,
/// nothing changes and the earlier top-up's amount is returned.
std::optional<std::int64_t> top_up(Conn& conn, const std::string& user_id, std::int64_t amount,
                                   const std::string& idempotency_key, TimeMs now);

/// Moves `amount` from buyer to seller with two ledger entries referencing `reference_id`;
/// insufficient_credits (and no change) when the buyer's balance is short.
Status transfer(Conn& conn, const std::string& buyer_id, const std::string& seller_id,
                std::int64_t amount, const std::string& reference_id, TimeMs now);

}  // namespace wallets

namespace purchases {

std::optional<Purchase> find_by_key(Conn& conn, const std::string& buyer_id,
                                    const std::string& idempotency_key);
std::optional<Purchase> find_for_item(Conn& conn, const std::string& buyer_id, ItemType type,
                                      const std::string& item_id);
/// The purchase that opens the item to the buyer: of the item itself or, for a reel saved from a
/// live stream, of that stream (paid access carries over).
std::optional<Purchase> find_access(Conn& conn, const std::string& buyer_id, ItemType type,
                                    const std::string& item_id);
/// Inserts; conflict when the buyer already owns the item or used the key (a race lost).
Status insert(Conn& conn, const Purchase& purchase);

}  // namespace purchases

}  // namespace onair::store
