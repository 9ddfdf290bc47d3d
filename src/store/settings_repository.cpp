#include "store/settings_repository.hpp"

#include "store/conn.hpp"

namespace onair::store::settings {

std::string agree(Conn& conn, const std::string& key, const std::string& candidate, TimeMs now) {
  long long at = now;
  conn.sql << "INSERT INTO instance_settings (key, value, created_at) VALUES (:k, :v, :t) ON CONFLICT DO NOTHING",
      soci::use(key), soci::use(candidate), soci::use(at);
  std::string value;
  conn.sql << "SELECT value FROM instance_settings WHERE key = :k", soci::use(key), soci::into(value);
  return value;
}

}  // namespace onair::store::settings
