#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace onair::http {

/// The reverse proxies whose `X-Forwarded-For` is believed (ONAIR_TRUSTED_PROXIES: addresses and
/// CIDR ranges, IPv4 or IPv6). Behind them, a request's client address is the right-most address
/// in the header that is not itself a trusted proxy; a request from anywhere else is its peer's
/// address, whatever it claims. Per-address limits, bans and the evasion check use that address.
class TrustedProxies {
 public:
  TrustedProxies() = default;
  /// validation_failed naming ONAIR_TRUSTED_PROXIES for an entry that is not an address or range.
  static Result<TrustedProxies> parse(const std::vector<std::string>& entries);

  bool empty() const { return ranges_.empty(); }
  bool trusts(std::string_view address) const;
  /// The client's address for a request from `peer` carrying `forwarded_for` (may be empty).
  std::string client(const std::string& peer, std::string_view forwarded_for) const;

 private:
  struct Range {
    std::array<unsigned char, 16> bytes{};  // IPv4 as IPv4-mapped IPv6
    int prefix = 128;
  };
  std::vector<Range> ranges_;
};

}  // namespace onair::http
