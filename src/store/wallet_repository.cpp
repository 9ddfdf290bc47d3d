#include "store/wallet_repository.hpp"

#include "core/crypto.hpp"
#include "store/conn.hpp"

namespace onair::store {

namespace wallets {

std::int64_t balance(Conn& conn, const std::string& user_id) {
  long long value = 0;
  soci::indicator ind;
  conn.sql << "SELECT balance_credits FROM wallets WHERE user_id = :u", soci::use(user_id),
      soci::into(value, ind);
  return conn.sql.got_data() ? or_default(value, ind) : 0;
}

namespace {
void add_entry(Conn& conn, const std::string& user_id, long long delta, const std::string& kind,
               const std::string& reference, const std::string& key, TimeMs now) {
  std::string id = crypto::random_id();
  long long at = now;
  soci::indicator key_ind = key.empty() ? soci::i_null : soci::i_ok;
  soci::indicator ref_ind = reference.empty() ? soci::i_null : soci::i_ok;
  conn.sql << "INSERT INTO ledger_entries (id, user_id, delta_credits, kind, reference_id, "
              "idempotency_key, created_at) VALUES (:id, :u, :d, :k, :r, :key, :t)",
      soci::use(id), soci::use(user_id), soci::use(delta), soci::use(kind),
      soci::use(reference, ref_ind), soci::use(key, key_ind), soci::use(at);
}

void ensure_wallet(Conn& conn, const std::string& user_id, TimeMs now) {
  long long at = now;
  conn.sql << "INSERT INTO wallets (user_id, balance_credits, updated_at) VALUES (:u, 0, :t) "
              "ON CONFLICT DO NOTHING",
      soci::use(user_id), soci::use(at);
}
}  // namespace

std::optional<std::int64_t> top_up(Conn& conn, const std::string& user_id, std::int64_t amount,
                                   const std::string& idempotency_key, TimeMs now) {
  long long earlier = 0;
  conn.sql << "SELECT delta_credits FROM ledger_entries WHERE user_id = :u AND kind = 'top_up' AND "
              "idempotency_key = :k",
      soci::use(user_id), soci::use(idempotency_key), soci::into(earlier);
  if (conn.sql.got_data()) return earlier;
  ensure_wallet(conn, user_id, now);
  add_entry(conn, user_id, amount, "top_up", "", idempotency_key, now);
  long long delta = amount, at = now;
  conn.sql << "UPDATE wallets SET balance_credits = balance_credits + :d, updated_at = :t "
              "WHERE user_id = :u",
      soci::use(delta), soci::use(at), soci::use(user_id);
  return std::nullopt;
}

Status transfer(Conn& conn, const std::string& buyer_id, const std::string& seller_id,
                std::int64_t amount, const std::string& reference_id, TimeMs now) {
  long long delta = amount, at = now;
  soci::statement debit = (conn.sql.prepare << "UPDATE wallets SET balance_credits = balance_credits - :d, "
                                               "updated_at = :t WHERE user_id = :u AND balance_credits >= :d2",
                           soci::use(delta), soci::use(at), soci::use(buyer_id), soci::use(delta));
  debit.execute(true);
  if (debit.get_affected_rows() == 0) {
    return Error{ErrorCode::insufficient_credits, "Not enough credits for this purchase", {}};
  }
  ensure_wallet(conn, seller_id, now);
  conn.sql << "UPDATE wallets SET balance_credits = balance_credits + :d, updated_at = :t "
              "WHERE user_id = :u",
      soci::use(delta), soci::use(at), soci::use(seller_id);
  add_entry(conn, buyer_id, -amount, "purchase", reference_id, "", now);
  add_entry(conn, seller_id, amount, "sale", reference_id, "", now);
  return ok_status();
}

}  // namespace wallets

namespace purchases {
namespace {

std::optional<Purchase> find_where(Conn& conn, const std::string& where, const std::string& a,
                                   const std::string& b, const std::string* c) {
  Purchase p;
  std::string type;
  long long price = 0, created = 0;
  soci::statement st(conn.sql);
  st.alloc();
  st.prepare("SELECT id, buyer_id, item_type, item_id, price_credits, idempotency_key, created_at "
             "FROM purchases WHERE " + where);
  st.exchange(soci::into(p.id));
  st.exchange(soci::into(p.buyer_id));
  st.exchange(soci::into(type));
  st.exchange(soci::into(p.item_id));
  st.exchange(soci::into(price));
  st.exchange(soci::into(p.idempotency_key));
  st.exchange(soci::into(created));
  st.exchange(soci::use(a));
  st.exchange(soci::use(b));
  if (c != nullptr) st.exchange(soci::use(*c));
  st.define_and_bind();
  st.execute(false);
  if (!st.fetch()) return std::nullopt;
  p.item_type = parse_item_type(type).value_or(ItemType::live_stream);
  p.price_credits = price;
  p.created_at = created;
  return p;
}

}  // namespace

std::optional<Purchase> find_by_key(Conn& conn, const std::string& buyer_id,
                                    const std::string& idempotency_key) {
  return find_where(conn, "buyer_id = :b AND idempotency_key = :k", buyer_id, idempotency_key, nullptr);
}

std::optional<Purchase> find_for_item(Conn& conn, const std::string& buyer_id, ItemType type,
                                      const std::string& item_id) {
  std::string type_name(to_string(type));
  return find_where(conn, "buyer_id = :b AND item_type = :t AND item_id = :i", buyer_id, type_name,
                    &item_id);
}

std::optional<Purchase> find_access(Conn& conn, const std::string& buyer_id, ItemType type,
                                    const std::string& item_id) {
  if (type != ItemType::reel) return find_for_item(conn, buyer_id, type, item_id);
  return find_where(conn,
                    "buyer_id = :b AND ((item_type = 'reel' AND item_id = :i) OR (item_type = 'live_stream' AND "
                    "item_id IN (SELECT source_stream_id FROM reels WHERE id = :i2))) ORDER BY item_type DESC",
                    buyer_id, item_id, &item_id);
}

Status insert(Conn& conn, const Purchase& p) {
  std::string type(to_string(p.item_type));
  long long price = p.price_credits, created = p.created_at;
  try {
    conn.sql << "INSERT INTO purchases (id, buyer_id, item_type, item_id, price_credits, "
                "idempotency_key, created_at) VALUES (:id, :b, :t, :i, :p, :k, :c)",
        soci::use(p.id), soci::use(p.buyer_id), soci::use(type), soci::use(p.item_id), soci::use(price),
        soci::use(p.idempotency_key), soci::use(created);
  } catch (const soci::soci_error& e) {
    if (!is_unique_violation(e)) throw;
    return Error{ErrorCode::conflict, "A purchase of this item is already recorded", {}};
  }
  return ok_status();
}

}  // namespace purchases

}  // namespace onair::store
