#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace onair::crypto {

/// Initialises libsodium; call once at start-up (idempotent, thread-safe).
void init();

/// `n` bytes from the OS CSPRNG.
std::string random_bytes(std::size_t n);

/// A random identifier: 20 characters of lowercase base32 (100 bits).
std::string random_id();

/// Standard base64 with padding (MIME).
std::string base64_encode(std::string_view bytes);

/// URL-safe base64 without padding.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

/// Lowercase hex of SHA-256(data).
std::string sha256_hex(std::string_view data);

/// HMAC-SHA-256(key, data), raw 32 bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

/// Constant-time comparison of two equal-length strings (false when lengths differ).
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace onair::crypto
