#include "http/trusted_proxies.hpp"

#include <gtest/gtest.h>

namespace onair::http {
namespace {

TEST(TrustedProxies, OnlyATrustedPeersForwardedForIsBelieved) {
  auto proxies = TrustedProxies::parse({"10.0.0.0/8", " 127.0.0.1", "fd00::/8"});
  ASSERT_TRUE(proxies.ok());
  EXPECT_TRUE(proxies->trusts("10.1.2.3"));
  EXPECT_TRUE(proxies->trusts("::ffff:10.1.2.3")) << "IPv4-mapped";
  EXPECT_TRUE(proxies->trusts("fd12::1"));
  EXPECT_FALSE(proxies->trusts("11.0.0.1"));
  EXPECT_FALSE(proxies->trusts("127.0.0.2"));
  EXPECT_FALSE(proxies->trusts("not an address"));

  EXPECT_EQ(proxies->client("127.0.0.1", "203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(proxies->client("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.0.0.5"), "203.0.113.7")
      << "the right-most address no trusted proxy added";
  EXPECT_EQ(proxies->client("198.51.100.9", "203.0.113.7"), "198.51.100.9") << "an untrusted peer's claim";
  EXPECT_EQ(proxies->client("127.0.0.1", ""), "127.0.0.1");
  EXPECT_EQ(proxies->client("127.0.0.1", "garbage, 203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(proxies->client("127.0.0.1", "203.0.113.7, garbage"), "127.0.0.1") << "nothing left of garbage is believed";
  EXPECT_EQ(proxies->client("127.0.0.1", "10.0.0.1, 10.0.0.2"), "10.0.0.1") << "only proxies: the first of them";
}

TEST(TrustedProxies, NoneTrustsNobody) {
  TrustedProxies none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.client("127.0.0.1", "203.0.113.7"), "127.0.0.1");
}

TEST(TrustedProxies, BadEntriesAreRefused) {
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "example.com", "fd00::/129", "1.2.3.4/x"}) {
    auto parsed = TrustedProxies::parse({bad});
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::validation_failed);
  }
  auto whole = TrustedProxies::parse({"0.0.0.0/0"});
  ASSERT_TRUE(whole.ok());
  EXPECT_TRUE(whole->trusts("192.0.2.1"));
  EXPECT_FALSE(whole->trusts("2001:db8::1")) << "an IPv4 range holds no IPv6 address";
}

}  // namespace
}  // namespace onair::http
