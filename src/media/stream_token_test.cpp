#include "media/stream_token.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"

namespace onair::media {
namespace {

StreamTokenClaims watch_claims() {
  return StreamTokenClaims{StreamRole::watch, "stream1", "user1", "watch1", 10'000};
}

TEST(StreamToken, RoundTripsItsClaims) {
  StreamTokenSigner signer("0123456789abcdef0123456789abcdef");
  auto claims = signer.verify(signer.sign(watch_claims()), 5'000);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->role, StreamRole::watch);
  EXPECT_EQ(claims->stream_id, "stream1");
  EXPECT_EQ(claims->user_id, "user1");
  EXPECT_EQ(claims->watch_id, "watch1");
  EXPECT_EQ(claims->expires_at, 10'000);
}

TEST(StreamToken, EachRoleRoundTrips) {
  StreamTokenSigner signer("0123456789abcdef0123456789abcdef");
  for (auto role : {StreamRole::publish, StreamRole::watch, StreamRole::hls}) {
    auto c = watch_claims();
    c.role = role;
    auto claims = signer.verify(signer.sign(c), 5'000);
    ASSERT_TRUE(claims.ok());
    EXPECT_EQ(claims->role, role);
  }
}

TEST(StreamToken, ExpiredTokenIsRefused) {
  StreamTokenSigner signer("0123456789abcdef0123456789abcdef");
  auto claims = signer.verify(signer.sign(watch_claims()), 10'000);
  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.error().code, ErrorCode::unauthenticated);
}

TEST(StreamToken, TokenFromAnotherKeyIsRefused) {
  StreamTokenSigner signer("0123456789abcdef0123456789abcdef");
  StreamTokenSigner forger("another-key-another-key-another-key");
  EXPECT_FALSE(signer.verify(forger.sign(watch_claims()), 5'000).ok());
}

TEST(StreamToken, ChangedClaimsBreakTheSignature) {
  StreamTokenSigner signer("0123456789abcdef0123456789abcdef");
  auto token = signer.sign(watch_claims());
  auto dot = token.find('.');
  auto claims = watch_claims();
  claims.role = StreamRole::publish;
  auto other = signer.sign(claims);
  // The publish payload with the watch signature.
  EXPECT_FALSE(signer.verify(other.substr(0, other.find('.')) + token.substr(dot), 5'000).ok());
  for (const char* junk : {"", ".", "abc", "abc.def", "a.b.c"}) EXPECT_FALSE(signer.verify(junk, 5'000).ok());
}

}  // namespace
}  // namespace onair::media
