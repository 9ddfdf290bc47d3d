#pragma once

#include <string>
#include <string_view>

namespace onair::accounts {

/// argon2id (libsodium crypto_pwhash, INTERACTIVE limits: 64 MiB, ~0.1 s each). Callers bound how
/// many run at once: the routes that hash run on the server's small expensive lane (http::Lane).
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);

}  // namespace onair::accounts
