#pragma once

#include <string>

#include "core/clock.hpp"

namespace onair::store {

class Conn;

namespace settings {

/// The value of `key` every instance agrees on: `candidate` when this is the first to ask, else
/// what the first one stored.
std::string agree(Conn& conn, const std::string& key, const std::string& candidate, TimeMs now);

}  // namespace settings
}  // namespace onair::store
