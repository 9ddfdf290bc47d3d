#include "store/instance_repository.hpp"

#include "store/conn.hpp"

namespace onair::store::instances {

void beat(Conn& conn, const std::string& id, const std::string& relay_url, TimeMs now) {
  long long at = now;
  conn.sql << "INSERT INTO instances (id, relay_url, started_at, heartbeat_at) VALUES (:id, :url, :at, :beat) "
              "ON CONFLICT (id) DO UPDATE SET relay_url = excluded.relay_url, heartbeat_at = excluded.heartbeat_at",
      soci::use(id), soci::use(relay_url), soci::use(at), soci::use(at);
}

std::optional<std::string> live_url(Conn& conn, const std::string& id, TimeMs alive_since) {
  std::string url;
  soci::indicator ind{};
  long long since = alive_since;
  conn.sql << "SELECT relay_url FROM instances WHERE id = :id AND heartbeat_at >= :since", soci::use(id),
      soci::use(since), soci::into(url, ind);
  if (!conn.sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return url;
}

bool acquire_lease(Conn& conn, const std::string& name, const std::string& holder, TimeMs now, TimeMs ttl_ms) {
  long long at = now, until = now + ttl_ms;
  conn.sql << "INSERT INTO leases (name, holder, expires_at) VALUES (:name, :holder, :until) "
              "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
              "WHERE leases.holder = excluded.holder OR leases.expires_at < :now",
      soci::use(name), soci::use(holder), soci::use(until), soci::use(at);
  std::string current;
  conn.sql << "SELECT holder FROM leases WHERE name = :name", soci::use(name), soci::into(current);
  return current == holder;
}

}  // namespace onair::store::instances
