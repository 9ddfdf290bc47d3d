#include "store/rate_limit_repository.hpp"

#include <algorithm>

#include "store/conn.hpp"
#include "store/database.hpp"

namespace onair::store {

bool SharedRateLimiter::allow(const std::string& key, TimeMs now) {
  std::string id = name_ + ":" + key;
  long long at = now;
  double first = burst_ - 1, burst = burst_, rate = rate_per_ms_;
  return db_.write([&](Conn& conn) -> Result<bool> {
               bool pg = conn.dialect == Dialect::postgresql;
               std::string least = pg ? "LEAST" : "MIN", greatest = pg ? "GREATEST" : "MAX";
               auto refilled = [&](const char* n) {
                 return least + "(CAST(:burst" + n + " AS DOUBLE PRECISION), rate_buckets.tokens + " + greatest +
                        "(0, :now" + n + " - rate_buckets.at) * CAST(:rate" + n + " AS DOUBLE PRECISION))";
               };
               // The bucket refilled since its last request, less this one: only when one is left.
               std::string sql = "INSERT INTO rate_buckets (key, tokens, at) VALUES (:k, :first, :at) "
                                 "ON CONFLICT (key) DO UPDATE SET tokens = " + refilled("1") + " - 1, at = :at2 WHERE " +
                                 refilled("2") + " >= 1";
               soci::statement st = (conn.sql.prepare << sql, soci::use(id), soci::use(first), soci::use(at),
                                     soci::use(burst), soci::use(at), soci::use(rate), soci::use(at), soci::use(burst),
                                     soci::use(at), soci::use(rate));
               st.execute(true);
               return st.get_affected_rows() > 0;
             })
      .value();
}

bool SharedRateLimiter::would_allow(const std::string& key, TimeMs now) const {
  std::string id = name_ + ":" + key;
  return db_.read([&](Conn& conn) -> Result<bool> {
               double tokens = 0;
               long long at = 0;
               conn.sql << "SELECT tokens, at FROM rate_buckets WHERE key = :k", soci::use(id), soci::into(tokens),
                   soci::into(at);
               if (!conn.sql.got_data()) return true;
               return std::min(burst_, tokens + static_cast<double>(std::max<TimeMs>(0, now - at)) * rate_per_ms_) >= 1.0;
             })
      .value();
}

void SharedRateLimiter::prune(Database& db, TimeMs before) {
  long long at = before;
  db.write([&](Conn& conn) -> Status {
      conn.sql << "DELETE FROM rate_buckets WHERE at < :t", soci::use(at);
      return ok_status();
    }).value();
}

}  // namespace onair::store
