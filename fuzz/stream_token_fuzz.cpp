// StreamTokenSigner::verify, the relay's media token check.
//
// Byte 0 picks a mode; the rest is:
//   0: a token as a client sends it (mostly stops at the signature check);
//   1: the claims payload, signed here with the key, so the claims parser is reached;
//   2: claims (role, ids, expiry) that are signed with sign() and must verify to themselves.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/crypto.hpp"
#include "media/stream_token.hpp"

namespace {

using onair::media::StreamRole;
using onair::media::StreamTokenClaims;
using onair::media::StreamTokenSigner;

constexpr onair::TimeMs kNow = 1'764'000'000'000;
const std::string kKey = "fuzzing-key-0123456789abcdefghijklmnopqrstuvwxyz";

void check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "stream_token_fuzz: %s\n", what);
    std::abort();
  }
}

bool same(const StreamTokenClaims& a, const StreamTokenClaims& b) {
  return a.role == b.role && a.stream_id == b.stream_id && a.user_id == b.user_id &&
         a.watch_id == b.watch_id && a.expires_at == b.expires_at;
}

/// Whatever verify accepts is unexpired, and signing it again gives a token that verifies to it.
void check_accepted(const StreamTokenSigner& signer,
                    const onair::Result<StreamTokenClaims>& claims) {
  if (!claims) {
    check(claims.error().code == onair::ErrorCode::unauthenticated,
          "a rejected token is not unauthenticated");
    return;
  }
  check(claims->expires_at > kNow, "an expired token was accepted");
  auto again = signer.verify(signer.sign(*claims), kNow);
  check(again && same(*again, *claims), "sign(verify(token)) does not verify to the same claims");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  onair::crypto::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const StreamTokenSigner signer(kKey);
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      check_accepted(signer, signer.verify(rest, kNow));
      break;
    case 1: {
      std::string token = onair::crypto::base64url_encode(rest) + "." +
                          onair::crypto::base64url_encode(onair::crypto::hmac_sha256(kKey, rest));
      check_accepted(signer, signer.verify(token, kNow));
      break;
    }
    case 2: {
      FuzzedDataProvider in(data + 1, size - 1);
      StreamTokenClaims claims;
      claims.role = in.ConsumeBool() ? StreamRole::publish : StreamRole::watch;
      claims.expires_at = in.ConsumeIntegral<onair::TimeMs>();
      claims.stream_id = in.ConsumeRandomLengthString(64);
      claims.user_id = in.ConsumeRandomLengthString(64);
      claims.watch_id = in.ConsumeRemainingBytesAsString();
      auto token = signer.sign(claims);
      auto back = signer.verify(token, kNow);
      bool fits =
          token.size() <= 1024 && claims.expires_at > kNow &&
          (claims.stream_id + claims.user_id + claims.watch_id).find('\x1f') == std::string::npos;
      check(back.ok() == fits, "a signed token does not verify (or one that should not does)");
      if (back) check(same(*back, claims), "a signed token verifies to other claims");
      break;
    }
  }
  return 0;
}
