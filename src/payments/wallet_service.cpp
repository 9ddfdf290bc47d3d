#include "payments/wallet_service.hpp"

#include "core/crypto.hpp"
#include "store/reel_repository.hpp"
#include "store/stream_repository.hpp"
#include "store/wallet_repository.hpp"

namespace onair::payments {
namespace {

struct Item {
  std::string seller_id;
  std::int64_t price_credits = 0;
};

/// The seller and price of an item that can be bought, or why it cannot.
Result<Item> sellable(store::Conn& conn, const User& buyer, ItemType type, const std::string& item_id) {
  if (type == ItemType::reel) {
    auto reel = store::reels::find(conn, item_id);
    if (!reel) return Error::not_found("Reel");
    if (reel->gating != Gating::paid) return Error{ErrorCode::conflict, "This reel is free to watch", {}};
    if (reel->author.id == buyer.id) return Error{ErrorCode::conflict, "You cannot buy your own reel", {}};
    return Item{reel->author.id, reel->price_credits};
  }
  auto stream = store::streams::find(conn, item_id);
  if (!stream) return Error::not_found("Live stream");
  if (stream->gating != Gating::paid) {
    return Error{ErrorCode::conflict, "This live stream is free to watch", {}};
  }
  if (stream->status == StreamStatus::ended) {
    return Error{ErrorCode::stream_ended, "This live stream has ended", {}};
  }
  if (stream->author.id == buyer.id) {
    return Error{ErrorCode::conflict, "You cannot buy your own live stream", {}};
  }
  return Item{stream->author.id, stream->price_credits};
}

}  // namespace

WalletService::WalletService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

std::int64_t WalletService::balance(const User& user) {
  return db_.read([&](store::Conn& conn) -> Result<std::int64_t> {
           return store::wallets::balance(conn, user.id);
         }).value();
}

Result<TopUpResult> WalletService::top_up(const User& user, std::int64_t credits,
                                          const std::string& idempotency_key) {
  return db_.write([&](store::Conn& conn) -> Result<TopUpResult> {
    auto earlier = store::wallets::top_up(conn, user.id, credits, idempotency_key, clock_.now_ms());
    if (earlier && *earlier != credits) {
      return Error{ErrorCode::idempotency_key_reused, "This idempotencyKey was already used for another top-up", {}};
    }
    return TopUpResult{store::wallets::balance(conn, user.id), !earlier};
  });
}

Result<PurchaseResult> WalletService::existing(const User& buyer, ItemType type,
                                               const std::string& item_id,
                                               const std::string& idempotency_key) {
  return db_.read([&](store::Conn& conn) -> Result<PurchaseResult> {
    auto by_key = store::purchases::find_by_key(conn, buyer.id, idempotency_key);
    if (by_key && (by_key->item_type != type || by_key->item_id != item_id)) {
      return Error{ErrorCode::idempotency_key_reused,
                   "This idempotencyKey was already used for another purchase", {}};
    }
    auto found = by_key ? by_key : store::purchases::find_access(conn, buyer.id, type, item_id);
    if (!found) return Error{ErrorCode::conflict, "The purchase did not complete; try again", {}};
    return PurchaseResult{*found, store::wallets::balance(conn, buyer.id), false};
  });
}

Result<PurchaseResult> WalletService::purchase(const User& buyer, ItemType type,
                                               const std::string& item_id,
                                               const std::string& idempotency_key) {
  bool answer_with_earlier = false;
  auto bought = db_.write([&](store::Conn& conn) -> Result<PurchaseResult> {
    auto by_key = store::purchases::find_by_key(conn, buyer.id, idempotency_key);
    auto owned = by_key ? by_key : store::purchases::find_access(conn, buyer.id, type, item_id);
    if (owned) {
      answer_with_earlier = true;  // after this transaction rolls back (nothing was written)
      return Error{ErrorCode::conflict, "already purchased", {}};
    }
    auto item = sellable(conn, buyer, type, item_id);
    if (!item) return std::move(item).error();
    auto now = clock_.now_ms();
    Purchase p{crypto::random_id(), buyer.id, type, item_id, item->price_credits, idempotency_key, now};
    if (auto moved = store::wallets::transfer(conn, buyer.id, item->seller_id, item->price_credits,
                                              p.id, now);
        !moved) {
      return std::move(moved).error();
    }
    if (auto inserted = store::purchases::insert(conn, p); !inserted) {
      answer_with_earlier = true;  // lost a race: answer with the winner
      return std::move(inserted).error();
    }
    return PurchaseResult{p, store::wallets::balance(conn, buyer.id), true};
  });
  if (answer_with_earlier) return existing(buyer, type, item_id, idempotency_key);
  return bought;
}

}  // namespace onair::payments
