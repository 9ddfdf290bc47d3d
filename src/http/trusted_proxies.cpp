#include "http/trusted_proxies.hpp"

#include <charconv>
#include <optional>

#include <boost/asio/ip/address.hpp>

namespace onair::http {
namespace {

/// `text` as 16 bytes (IPv4 mapped into IPv6), or nothing.
std::optional<std::array<unsigned char, 16>> bytes_of(std::string_view text) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v4()) return boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, address.to_v4()).to_bytes();
  return address.to_v6().to_bytes();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (const auto& entry : entries) {
    std::string_view text = trim(entry);
    if (text.empty()) continue;
    auto slash = text.find('/');
    auto bytes = bytes_of(text.substr(0, slash));
    Range range;
    bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
    range.prefix = 128;
    bool ok = bytes.has_value();
    if (ok && slash != std::string_view::npos) {
      int bits = -1;
      auto digits = text.substr(slash + 1);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
      ok = ec == std::errc() && end == digits.data() + digits.size() && bits >= 0 && bits <= (v4 ? 32 : 128);
      range.prefix = v4 ? 96 + bits : bits;
    }
    if (!ok) {
      return Error::validation("ONAIR_TRUSTED_PROXIES",
                               "ONAIR_TRUSTED_PROXIES: '" + entry + "' is not an address or a range like 10.0.0.0/8");
    }
    range.bytes = *bytes;
    out.ranges_.push_back(range);
  }
  return out;
}

bool TrustedProxies::trusts(std::string_view address) const {
  if (ranges_.empty()) return false;
  auto bytes = bytes_of(trim(address));
  if (!bytes) return false;
  for (const auto& r : ranges_) {
    int whole = r.prefix / 8, rest = r.prefix % 8;
    bool match = std::equal(r.bytes.begin(), r.bytes.begin() + whole, bytes->begin());
    if (match && rest > 0) {
      unsigned char mask = static_cast<unsigned char>(0xFF << (8 - rest));
      match = (r.bytes[whole] & mask) == ((*bytes)[whole] & mask);
    }
    if (match) return true;
  }
  return false;
}

std::string TrustedProxies::client(const std::string& peer, std::string_view forwarded_for) const {
  if (forwarded_for.empty() || !trusts(peer)) return peer;
  // Right to left: each trusted proxy appended the address it got the request from.
  std::string client = peer;
  while (!forwarded_for.empty()) {
    auto comma = forwarded_for.rfind(',');
    auto hop = trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for = comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    if (!bytes_of(hop)) break;  // not an address: believe nothing further left
    client = std::string(hop);
    if (!trusts(hop)) break;
  }
  return client;
}

}  // namespace onair::http
