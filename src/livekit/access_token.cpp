#include "livekit/access_token.hpp"

// The low-level SHA-256 API lets the HMAC pads be absorbed once and the context copied per
// token (a struct copy); OpenSSL 3 marks it deprecated in favour of EVP, whose per-call
// fetch and allocation would cost more than the hash itself here.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <array>
#include <charconv>
#include <cstring>
#include <limits>

#include <boost/json/parse.hpp>

#include "core/crypto.hpp"

namespace onair::livekit {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// base64url('{"alg":"HS256"}'), the header LiveKit's SDK writes.
constexpr std::string_view kHeader = "eyJhbGciOiJIUzI1NiJ9";

bool needs_escape(std::string_view text) {
  for (char c : text) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  if (!needs_escape(text)) {
    out.append(text);
    out.push_back('"');
    return;
  }
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out.append("\\u00");
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

class JsonFields {
 public:
  explicit JsonFields(std::string& out) : out_(out) { out_.push_back('{'); }
  void key(std::string_view name) {
    out_.append(first_ ? "\"" : ",\"", first_ ? 1 : 2);
    first_ = false;
    out_.append(name);
    out_.append("\":", 2);
  }
  void boolean(std::string_view name, const std::optional<bool>& v) {
    if (!v) return;
    key(name);
    out_.append(*v ? "true" : "false");
  }
  void string(std::string_view name, std::string_view v) {
    if (v.empty()) return;
    key(name);
    append_json_string(out_, v);
  }
  void integer(std::string_view name, std::int64_t v) {
    key(name);
    append_int(out_, v);
  }
  void close() { out_.push_back('}'); }

 private:
  std::string& out_;
  bool first_ = true;
};

void append_video_grant(std::string& out, const VideoGrant& g) {
  JsonFields f(out);
  f.boolean("roomCreate", g.room_create);
  f.boolean("roomList", g.room_list);
  f.boolean("roomRecord", g.room_record);
  f.boolean("roomAdmin", g.room_admin);
  f.boolean("roomJoin", g.room_join);
  f.string("room", g.room);
  f.boolean("canPublish", g.can_publish);
  f.boolean("canSubscribe", g.can_subscribe);
  f.boolean("canPublishData", g.can_publish_data);
  if (!g.can_publish_sources.empty()) {
    f.key("canPublishSources");
    out.push_back('[');
    for (std::size_t i = 0; i < g.can_publish_sources.size(); ++i) {
      if (i > 0) out.push_back(',');
      append_json_string(out, g.can_publish_sources[i]);
    }
    out.push_back(']');
  }
  f.boolean("hidden", g.hidden);
  f.close();
}

Error unauthenticated(std::string reason) {
  return Error{ErrorCode::unauthenticated, "invalid token: " + std::move(reason), {}};
}

/// A NumericDate claim (`exp`, `nbf`). Numbers past what int64 holds are clamped, not wrapped or
/// cast (undefined for doubles): a huge `exp` stays far in the future, a huge `nbf` too.
std::optional<std::int64_t> int_claim(const boost::json::object& claims, std::string_view name) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  auto* v = claims.if_contains(name);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) {
    auto u = v->as_uint64();
    return u > static_cast<std::uint64_t>(kMax) ? kMax : static_cast<std::int64_t>(u);
  }
  if (v->is_double()) {
    double d = v->as_double();
    if (d >= 0x1p63) return kMax;  // 1e400 is read as infinity
    if (d < -0x1p63) return kMin;
    if (d != d) return 0;  // NaN: Boost.JSON 1.81 reads 0e309 (a zero) as 0 * infinity
    return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

}  // namespace

namespace {

/// Two output characters per 12 input bits: half the lookups of the classic table.
struct PairTable {
  char pairs[4096][2];
  constexpr PairTable() : pairs() {
    for (int i = 0; i < 4096; ++i) {
      pairs[i][0] = kAlphabet[i >> 6];
      pairs[i][1] = kAlphabet[i & 63];
    }
  }
};
constexpr PairTable kPairs;

}  // namespace

void append_base64url(std::string& out, std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  std::size_t start = out.size();
  out.resize(start + (n * 4 + 2) / 3);
  char* o = out.data() + start;
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    std::uint32_t v = (std::uint32_t{p[i]} << 16) | (std::uint32_t{p[i + 1]} << 8) | p[i + 2];
    std::memcpy(o, kPairs.pairs[v >> 12], 2);
    std::memcpy(o + 2, kPairs.pairs[v & 4095], 2);
    o += 4;
  }
  if (n - i == 1) {
    std::uint32_t v = std::uint32_t{p[i]} << 16;
    *o++ = kAlphabet[v >> 18];
    *o++ = kAlphabet[(v >> 12) & 63];
  } else if (n - i == 2) {
    std::uint32_t v = (std::uint32_t{p[i]} << 16) | (std::uint32_t{p[i + 1]} << 8);
    *o++ = kAlphabet[v >> 18];
    *o++ = kAlphabet[(v >> 12) & 63];
    *o++ = kAlphabet[(v >> 6) & 63];
  }
}

struct TokenSigner::KeySchedule {
  SHA256_CTX inner;  // after absorbing key ^ ipad
  SHA256_CTX outer;  // after absorbing key ^ opad
};

TokenSigner::TokenSigner(std::string api_key, std::string_view api_secret)
    : api_key_(std::move(api_key)), keys_(std::make_unique<KeySchedule>()) {
  std::array<unsigned char, SHA256_CBLOCK> key{};
  if (api_secret.size() > key.size()) {
    SHA256(reinterpret_cast<const unsigned char*>(api_secret.data()), api_secret.size(), key.data());
  } else {
    std::memcpy(key.data(), api_secret.data(), api_secret.size());
  }
  std::array<unsigned char, SHA256_CBLOCK> pad{};
  for (std::size_t i = 0; i < key.size(); ++i) pad[i] = key[i] ^ 0x36;
  SHA256_Init(&keys_->inner);
  SHA256_Update(&keys_->inner, pad.data(), pad.size());
  for (std::size_t i = 0; i < key.size(); ++i) pad[i] = key[i] ^ 0x5c;
  SHA256_Init(&keys_->outer);
  SHA256_Update(&keys_->outer, pad.data(), pad.size());
}

TokenSigner::~TokenSigner() = default;

std::string TokenSigner::signature(std::string_view signing_input) const {
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  sign_into(signing_input, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

void TokenSigner::sign_into(std::string_view signing_input, unsigned char* digest) const {
  SHA256_CTX ctx = keys_->inner;
  SHA256_Update(&ctx, signing_input.data(), signing_input.size());
  SHA256_Final(digest, &ctx);
  ctx = keys_->outer;
  SHA256_Update(&ctx, digest, SHA256_DIGEST_LENGTH);
  SHA256_Final(digest, &ctx);
}

std::string TokenSigner::mint(const TokenClaims& claims) const {
  // Claim order follows the SDK: grants first, then iss, exp, nbf, sub.
  thread_local std::string payload;
  payload.clear();
  {
    JsonFields f(payload);
    const auto& v = claims.video;
    bool has_video = v.room_create || v.room_list || v.room_record || v.room_admin || v.room_join ||
                     !v.room.empty() || v.can_publish || v.can_subscribe || v.can_publish_data ||
                     !v.can_publish_sources.empty() || v.hidden;
    if (has_video) {
      f.key("video");
      append_video_grant(payload, v);
    }
    f.string("name", claims.name);
    f.string("metadata", claims.metadata);
    if (claims.sha256) f.string("sha256", *claims.sha256);
    f.string("iss", api_key_);
    f.integer("exp", claims.now_seconds + claims.ttl_seconds);
    f.integer("nbf", claims.now_seconds);
    f.string("sub", claims.identity);
    f.close();
  }
  std::string token;
  token.reserve(kHeader.size() + 2 + payload.size() * 4 / 3 + 48);
  token.append(kHeader);
  token.push_back('.');
  append_base64url(token, payload);
  unsigned char sig[SHA256_DIGEST_LENGTH];
  sign_into(token, sig);
  token.push_back('.');
  append_base64url(token, std::string_view(reinterpret_cast<const char*>(sig), sizeof sig));
  return token;
}

Result<boost::json::object> TokenSigner::verify(std::string_view token, std::int64_t now_seconds,
                                                std::int64_t leeway_seconds) const {
  if (token.rfind("Bearer ", 0) == 0) token.remove_prefix(7);
  auto dot1 = token.find('.');
  auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return unauthenticated("not a JWT");
  }
  auto header = crypto::base64url_decode(token.substr(0, dot1));
  auto payload = crypto::base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto sig = crypto::base64url_decode(token.substr(dot2 + 1));
  if (!header || !payload || !sig) return unauthenticated("bad base64");
  boost::system::error_code ec;
  auto header_json = boost::json::parse(*header, ec);
  if (ec || !header_json.is_object()) return unauthenticated("bad header");
  auto* alg = header_json.as_object().if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->as_string() != "HS256") return unauthenticated("alg is not HS256");
  if (!crypto::equal_constant_time(signature(token.substr(0, dot2)), *sig)) {
    return unauthenticated("signature mismatch");
  }
  auto claims_json = boost::json::parse(*payload, ec);
  if (ec || !claims_json.is_object()) return unauthenticated("bad claims");
  auto& claims = claims_json.as_object();
  auto* iss = claims.if_contains("iss");
  if (iss == nullptr || !iss->is_string() || iss->as_string() != api_key_) return unauthenticated("wrong issuer");
  auto exp = int_claim(claims, "exp");
  if (!exp) return unauthenticated("no exp");
  // Not `exp + leeway`: exp may be INT64_MAX.
  if (now_seconds - leeway_seconds > *exp) return unauthenticated("expired");
  if (auto nbf = int_claim(claims, "nbf"); nbf && now_seconds + leeway_seconds < *nbf) {
    return unauthenticated("not yet valid");
  }
  return std::move(claims);
}

}  // namespace onair::livekit
