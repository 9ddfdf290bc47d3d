// livekit::TokenSigner::verify, the HS256 JWT check used for LiveKit tokens and webhooks.
//
// Byte 0 picks a mode; the rest is:
//   0: a token as it arrives in a header (mostly stops at the signature check);
//   1: the claims JSON, signed here under LiveKit's usual header, so the claims checks are reached;
//   2: header JSON '\n' claims JSON, both fuzzed, signed here;
//   3: TokenClaims, minted with mint(), which must verify to the same claims.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/crypto.hpp"
#include "livekit/access_token.hpp"
#include "utf8.hpp"

namespace {

using onair::livekit::TokenClaims;
using onair::livekit::TokenSigner;
namespace json = boost::json;

constexpr std::int64_t kNow = 1'764'000'000;
constexpr std::int64_t kLeeway = 10;
const std::string kApiKey = "APIfuzzkey";
const std::string kSecret = "fuzzing-secret-0123456789abcdefghijklmnop";

void check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "access_token_fuzz: %s\n", what);
    std::abort();
  }
}

std::string signed_token(std::string_view header, std::string_view claims) {
  std::string token;
  onair::livekit::append_base64url(token, header);
  token.push_back('.');
  onair::livekit::append_base64url(token, claims);
  auto mac = onair::crypto::hmac_sha256(kSecret, token);
  token.push_back('.');
  onair::livekit::append_base64url(token, mac);
  return token;
}

/// What verify accepts is issued by our key and has an `exp`.
void check_verified(const onair::Result<json::object>& claims) {
  if (!claims) {
    check(claims.error().code == onair::ErrorCode::unauthenticated,
          "a rejected token is not unauthenticated");
    return;
  }
  const auto* iss = claims->if_contains("iss");
  check(iss != nullptr && iss->is_string() && iss->as_string() == kApiKey,
        "a token of another issuer passed");
  check(claims->contains("exp"), "a token without exp passed");
}

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

void mint_and_verify(const TokenSigner& signer, FuzzedDataProvider& in) {
  TokenClaims claims;
  claims.now_seconds = kNow + in.ConsumeIntegralInRange<std::int64_t>(-100'000, 100'000);
  claims.ttl_seconds = in.ConsumeIntegralInRange<std::int64_t>(0, 10'000'000);
  claims.identity = in.ConsumeRandomLengthString(128);
  claims.name = in.ConsumeRandomLengthString(128);
  claims.video.room = in.ConsumeRandomLengthString(128);
  if (in.ConsumeBool()) claims.sha256 = in.ConsumeRandomLengthString(64);
  if (in.ConsumeBool()) claims.video.room_join = in.ConsumeBool();
  if (in.ConsumeBool()) claims.video.can_publish = in.ConsumeBool();
  if (in.ConsumeBool()) claims.video.hidden = in.ConsumeBool();
  while (in.remaining_bytes() > 0 && in.ConsumeBool()) {
    claims.video.can_publish_sources.push_back(in.ConsumeRandomLengthString(32));
  }
  claims.metadata = in.ConsumeRemainingBytesAsString();

  auto token = signer.mint(claims);
  auto verified = signer.verify(token, kNow, kLeeway);
  bool text_ok = onair::fuzz::valid_utf8(claims.identity) && onair::fuzz::valid_utf8(claims.name) &&
                 onair::fuzz::valid_utf8(claims.video.room) &&
                 onair::fuzz::valid_utf8(claims.metadata) &&
                 (!claims.sha256 || onair::fuzz::valid_utf8(*claims.sha256));
  for (const auto& s : claims.video.can_publish_sources)
    text_ok = text_ok && onair::fuzz::valid_utf8(s);
  if (!text_ok) return;  // JSON cannot carry it: see the report in fuzz/README.md
  bool in_time = kNow <= claims.now_seconds + claims.ttl_seconds + kLeeway &&
                 kNow + kLeeway >= claims.now_seconds;
  check(verified.ok() == in_time, "a minted token does not verify (or an expired one does)");
  if (!verified) return;
  const auto& o = *verified;
  check(text_of(o, "sub") == claims.identity, "sub does not survive mint then verify");
  check(text_of(o, "name") == claims.name, "name does not survive mint then verify");
  check(text_of(o, "metadata") == claims.metadata, "metadata does not survive mint then verify");
  if (claims.sha256)
    check(text_of(o, "sha256") == *claims.sha256, "sha256 does not survive mint then verify");
  if (!claims.video.room.empty()) {
    const auto* video = o.if_contains("video");
    check(video != nullptr && video->is_object(), "the video grant is missing");
    check(text_of(video->as_object(), "room") == claims.video.room,
          "room does not survive mint then verify");
    const auto* sources = video->as_object().if_contains("canPublishSources");
    if (!claims.video.can_publish_sources.empty()) {
      check(sources != nullptr && sources->is_array() &&
                sources->as_array().size() == claims.video.can_publish_sources.size(),
            "canPublishSources does not survive mint then verify");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  onair::crypto::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const TokenSigner signer(kApiKey, kSecret);
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      check_verified(signer.verify(rest, kNow, kLeeway));
      break;
    case 1:
      check_verified(signer.verify(signed_token(R"({"alg":"HS256"})", rest), kNow, kLeeway));
      break;
    case 2: {
      auto newline = rest.find('\n');
      if (newline == std::string_view::npos) return 0;
      check_verified(signer.verify(signed_token(rest.substr(0, newline), rest.substr(newline + 1)),
                                   kNow, kLeeway));
      break;
    }
    case 3: {
      FuzzedDataProvider in(data + 1, size - 1);
      mint_and_verify(signer, in);
      break;
    }
  }
  return 0;
}
