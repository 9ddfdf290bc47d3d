#pragma once

#include <string>
#include <string_view>

namespace onair::accounts {

/// argon2id (libsodium crypto_pwhash, INTERACTIVE limits: 64 MiB, ~0.1 s). At most two hashes run
/// at once so a login storm cannot exhaust memory; further callers wait their turn.
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);

}  // namespace onair::accounts
