#include "store/instance_repository.hpp"

#include "store/conn.hpp"

namespace onair::store::instances {

void beat(Conn& conn, const std::string& id, const std::string& public_url, TimeMs now) {
  long long at = now;
  conn.sql << "INSERT INTO instances (id, public_url, started_at, heartbeat_at) VALUES (:id, :url, :at, :beat) "
              "ON CONFLICT (id) DO UPDATE SET public_url = excluded.public_url, heartbeat_at = excluded.heartbeat_at",
      soci::use(id), soci::use(public_url), soci::use(at), soci::use(at);
}

std::optional<std::string> live_url(Conn& conn, const std::string& id, TimeMs alive_since) {
  std::string url;
  soci::indicator ind{};
  long long since = alive_since;
  conn.sql << "SELECT public_url FROM instances WHERE id = :id AND heartbeat_at >= :since", soci::use(id),
      soci::use(since), soci::into(url, ind);
  if (!conn.sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return url;
}

}  // namespace onair::store::instances
