#pragma once

#include <optional>
#include <string>

#include "core/clock.hpp"

namespace onair::store {

class Conn;

/// Running instances and their heartbeats.
namespace instances {

/// Records that `id` is alive now and its relay reachable at `relay_url` (a new row the first time).
void beat(Conn& conn, const std::string& id, const std::string& relay_url, TimeMs now);
/// Where instance `id`'s relay is reached, if its heartbeat is not older than `alive_since`.
std::optional<std::string> live_url(Conn& conn, const std::string& id, TimeMs alive_since);

/// Takes or renews the lease `name` for `holder` until `now + ttl_ms`: true when `holder` holds it
/// now (it was free, expired, or already `holder`'s).
bool acquire_lease(Conn& conn, const std::string& name, const std::string& holder, TimeMs now, TimeMs ttl_ms);

}  // namespace instances
}  // namespace onair::store
