#include "core/crypto.hpp"

#include <set>

#include <gtest/gtest.h>

namespace onair::crypto {
namespace {

class Crypto : public ::testing::Test {
 protected:
  void SetUp() override { init(); }
};

TEST_F(Crypto, Sha256MatchesTheKnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(Crypto, HmacSha256MatchesRfc4231TestCase2) {
  auto mac = hmac_sha256("Jefe", "what do ya want for nothing?");
  EXPECT_EQ(base64url_encode(mac), "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM");
}

TEST_F(Crypto, Base64UrlRoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  auto encoded = base64url_encode(all);
  EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos);
  EXPECT_EQ(base64url_decode(encoded), all);
  EXPECT_FALSE(base64url_decode("not base64!").has_value());
}

TEST_F(Crypto, RandomIdsAreDistinctAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = random_id();
    EXPECT_EQ(id.size(), 20u);
    EXPECT_EQ(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567"), std::string::npos);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST_F(Crypto, ConstantTimeCompareNeedsEqualLengthAndBytes) {
  EXPECT_TRUE(equal_constant_time("abc", "abc"));
  EXPECT_FALSE(equal_constant_time("abc", "abd"));
  EXPECT_FALSE(equal_constant_time("abc", "abcd"));
}

}  // namespace
}  // namespace onair::crypto
