#include "media/stream_token.hpp"

#include <charconv>
#include <vector>

#include "core/crypto.hpp"

namespace onair::media {
namespace {

constexpr char kSeparator = '\x1f';

Error invalid(const char* why) {
  return Error{ErrorCode::unauthenticated, std::string("Media token ") + why, {}};
}

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == kSeparator) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

}  // namespace

std::string StreamTokenSigner::sign(const StreamTokenClaims& c) const {
  std::string payload = "v1";
  std::string_view role = c.role == StreamRole::publish ? "publish" : c.role == StreamRole::hls ? "hls" : "watch";
  for (std::string_view part : {role,
                                std::string_view(c.stream_id), std::string_view(c.user_id),
                                std::string_view(c.watch_id)}) {
    payload += kSeparator;
    payload += part;
  }
  payload += kSeparator;
  payload += std::to_string(c.expires_at);
  return crypto::base64url_encode(payload) + "." +
         crypto::base64url_encode(crypto::hmac_sha256(key_, payload));
}

Result<StreamTokenClaims> StreamTokenSigner::verify(std::string_view token, TimeMs now) const {
  if (token.size() > 1024) return invalid("is too long");
  auto dot = token.find('.');
  if (dot == std::string_view::npos) return invalid("is malformed");
  auto payload = crypto::base64url_decode(token.substr(0, dot));
  auto mac = crypto::base64url_decode(token.substr(dot + 1));
  if (!payload || !mac) return invalid("is malformed");
  if (!crypto::equal_constant_time(*mac, crypto::hmac_sha256(key_, *payload))) {
    return invalid("has a bad signature");
  }
  auto parts = split(*payload);
  if (parts.size() != 6 || parts[0] != "v1") return invalid("is malformed");
  StreamTokenClaims claims;
  if (parts[1] == "publish") {
    claims.role = StreamRole::publish;
  } else if (parts[1] == "watch") {
    claims.role = StreamRole::watch;
  } else if (parts[1] == "hls") {
    claims.role = StreamRole::hls;
  } else {
    return invalid("is malformed");
  }
  claims.stream_id = parts[2];
  claims.user_id = parts[3];
  claims.watch_id = parts[4];
  auto [end, ec] = std::from_chars(parts[5].data(), parts[5].data() + parts[5].size(), claims.expires_at);
  if (ec != std::errc{} || end != parts[5].data() + parts[5].size()) return invalid("is malformed");
  if (claims.expires_at <= now) return invalid("has expired");
  return claims;
}

}  // namespace onair::media
