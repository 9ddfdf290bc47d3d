#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "livekit/access_token.hpp"
#include "livekit/circuit_breaker.hpp"
#include "livekit/livekit_backend.hpp"
#include "livekit/twirp_client.hpp"
#include "livekit/webhook.hpp"

namespace onair::livekit {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

boost::json::object payload_of(const std::string& token) {
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  auto decoded = crypto::base64url_decode(token.substr(first + 1, second - first - 1));
  return boost::json::parse(*decoded).as_object();
}

TEST(TokenSigner, MintsTheSdksHeaderAndClaimsInItsOrder) {
  TokenSigner signer("APIkey", "secret");
  TokenClaims c;
  c.identity = "host:u1";
  c.video.room_join = true;
  c.video.room = "r1";
  c.video.can_publish = false;
  c.video.can_subscribe = true;
  c.now_seconds = kNow;
  c.ttl_seconds = 300;
  auto token = signer.mint(c);
  EXPECT_EQ(token.substr(0, token.find('.')), "eyJhbGciOiJIUzI1NiJ9");  // {"alg":"HS256"}
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  EXPECT_EQ(*crypto::base64url_decode(token.substr(first + 1, second - first - 1)),
            R"({"video":{"roomJoin":true,"room":"r1","canPublish":false,"canSubscribe":true},)"
            R"("iss":"APIkey","exp":1700000300,"nbf":1700000000,"sub":"host:u1"})");
  // The signature is HMAC-SHA256 over "header.payload" with the secret's bytes.
  EXPECT_EQ(*crypto::base64url_decode(token.substr(second + 1)),
            crypto::hmac_sha256("secret", token.substr(0, second)));
}

TEST(TokenSigner, LongSecretsAreHashedFirstAsHmacRequires) {
  std::string secret(100, 'k');
  TokenSigner signer("APIkey", secret);
  TokenClaims c;
  c.now_seconds = kNow;
  auto token = signer.mint(c);
  auto second = token.rfind('.');
  EXPECT_EQ(*crypto::base64url_decode(token.substr(second + 1)), crypto::hmac_sha256(secret, token.substr(0, second)));
}

TEST(TokenSigner, EscapesNamesAndMetadata) {
  TokenSigner signer("APIkey", "secret");
  TokenClaims c;
  c.identity = "a\"b";
  c.name = "Line\nbreak \\ \x01";
  c.metadata = R"({"role":"viewer"})";
  c.now_seconds = kNow;
  auto claims = payload_of(signer.mint(c));
  EXPECT_EQ(claims.at("sub").as_string(), "a\"b");
  EXPECT_EQ(claims.at("name").as_string(), "Line\nbreak \\ \x01");
  EXPECT_EQ(claims.at("metadata").as_string(), R"({"role":"viewer"})");
}

TEST(TokenSigner, VerifyRejectsTamperingExpiryAndOtherIssuers) {
  TokenSigner signer("APIkey", "secret");
  TokenClaims c;
  c.identity = "u";
  c.now_seconds = kNow;
  c.ttl_seconds = 60;
  auto token = signer.mint(c);
  EXPECT_TRUE(signer.verify(token, kNow).ok());
  EXPECT_TRUE(signer.verify("Bearer " + token, kNow + 65).ok());  // within the 10 s leeway
  EXPECT_FALSE(signer.verify(token, kNow + 71).ok());
  EXPECT_FALSE(signer.verify(token, kNow - 20).ok());  // not yet valid
  std::string tampered = token;
  tampered[tampered.find('.') + 5] ^= 1;
  EXPECT_FALSE(signer.verify(tampered, kNow).ok());
  EXPECT_FALSE(TokenSigner("APIother", "secret").verify(token, kNow).ok());
  EXPECT_FALSE(TokenSigner("APIkey", "other").verify(token, kNow).ok());
  EXPECT_FALSE(signer.verify("not.a-token", kNow).ok());
  EXPECT_EQ(signer.verify("", kNow).error().code, ErrorCode::unauthenticated);
}

/// A token over `claims` signed as LiveKit signs, for claims that mint() would never write.
std::string sign_claims(std::string_view claims, std::string_view secret) {
  std::string token;
  append_base64url(token, R"({"alg":"HS256"})");
  token.push_back('.');
  append_base64url(token, claims);
  auto mac = crypto::hmac_sha256(secret, token);
  token.push_back('.');
  append_base64url(token, mac);
  return token;
}

// Found by fuzz/access_token_fuzz (fuzz/regressions/access_token/): `exp` and `nbf` past int64 were
// cast from a double (undefined; x86 gives INT64_MIN, so a far-future exp read as expired) or
// wrapped from uint64 (a far-future nbf read as -1, so already valid), and an exp of INT64_MAX
// overflowed `exp + leeway`. They are clamped now.
TEST(TokenSigner, VerifyClampsDatesPastInt64) {
  TokenSigner signer("APIkey", "secret");
  auto verify = [&](const std::string& dates) {
    return signer.verify(sign_claims(R"({"iss":"APIkey",)" + dates + "}", "secret"), kNow);
  };
  EXPECT_TRUE(verify(R"("exp":6e22)").ok());
  EXPECT_TRUE(verify(R"("exp":18446744073709551615)").ok());
  EXPECT_TRUE(verify(R"("exp":9223372036854775807)").ok());
  EXPECT_TRUE(verify(R"("exp":1700000300.5,"nbf":1699999999.5)").ok());
  EXPECT_FALSE(verify(R"("exp":-6e22)").ok());
  EXPECT_FALSE(verify(R"("exp":9223372036854775807,"nbf":18446744073709551615)").ok());
  EXPECT_FALSE(verify(R"("exp":9223372036854775807,"nbf":6e22)").ok());
  // Boost.JSON 1.81 reads 0e400 as NaN (0 * infinity); it is the date 0.
  EXPECT_FALSE(verify(R"("exp":0e400)").ok());
  EXPECT_TRUE(verify(R"("exp":9223372036854775807,"nbf":0e400)").ok());
}

TEST(WebhookReceiver, AcceptsOnlyASignatureOverTheExactBody) {
  TokenSigner signer("APIkey", "secret");
  WebhookReceiver receiver(signer);
  std::string body =
      R"({"event":"participant_left","room":{"name":"s1"},"participant":{"identity":"host:u1","tracks":[{"sid":"TR_1","type":"VIDEO","source":"CAMERA"}]},"id":"EV_1","createdAt":"1700000001"})";
  TokenClaims c;
  c.sha256 = body_digest(body);
  c.now_seconds = kNow;
  c.ttl_seconds = 300;
  auto auth = signer.mint(c);
  auto event = receiver.receive(body, auth, kNow);
  ASSERT_TRUE(event.ok()) << event.error().message;
  EXPECT_EQ(event->event, "participant_left");
  EXPECT_EQ(event->id, "EV_1");
  EXPECT_EQ(event->created_at, 1'700'000'001);
  EXPECT_EQ(event->room_name(), "s1");
  ASSERT_EQ(event->participant->tracks.size(), 1u);
  EXPECT_EQ(event->participant->tracks[0].source, "CAMERA");

  EXPECT_EQ(receiver.receive(body + " ", auth, kNow).error().code, ErrorCode::unauthenticated);
  EXPECT_EQ(receiver.receive(body, "", kNow).error().code, ErrorCode::unauthenticated);
  EXPECT_EQ(receiver.receive(body, auth, kNow + 400).error().code, ErrorCode::unauthenticated);
  TokenClaims unsigned_body = c;
  unsigned_body.sha256.reset();
  EXPECT_FALSE(receiver.receive(body, signer.mint(unsigned_body), kNow).ok());
  EXPECT_FALSE(receiver.receive(body, TokenSigner("APIkey", "forged").mint(c), kNow).ok());
}

TEST(WebhookReceiver, ReadsEgressEventsInLiveKitsJson) {
  TokenSigner signer("APIkey", "secret");
  WebhookReceiver receiver(signer);
  std::string body =
      R"({"event":"egress_ended","egressInfo":{"egressId":"EG_1","roomName":"s1","status":"EGRESS_COMPLETE",)"
      R"("fileResults":[{"filename":"/rec/s1.mp4","size":"1048576","duration":"2000000000"}]},"id":"EV_2","createdAt":"5"})";
  TokenClaims c;
  c.sha256 = body_digest(body);
  c.now_seconds = kNow;
  auto event = receiver.receive(body, signer.mint(c), kNow);
  ASSERT_TRUE(event.ok());
  ASSERT_TRUE(event->egress.has_value());
  EXPECT_EQ(event->egress->egress_id, "EG_1");
  EXPECT_TRUE(event->egress->succeeded());
  EXPECT_TRUE(event->egress->finished());
  EXPECT_EQ(event->egress->filename, "/rec/s1.mp4");
  EXPECT_EQ(event->egress->size_bytes, 1'048'576);
  EXPECT_EQ(event->room_name(), "s1");
}

// Found by fuzz/webhook_fuzz (fuzz/regressions/webhook/): numbers past int64 were cast from a
// double (undefined; x86 gives INT64_MIN) or wrapped from uint64. They read as unreadable (0), as
// out-of-range decimal strings already did.
TEST(WebhookReceiver, NumbersPastInt64ReadAsUnreadable) {
  TokenSigner signer("APIkey", "secret");
  WebhookReceiver receiver(signer);
  std::string body =
      R"({"event":"room_started","room":{"name":"s1","creationTime":18446744073709551615,)"
      R"("numParticipants":2.5},"participant":{"identity":"u","joinedAt":0e400},)"
      R"("id":"EV_3","createdAt":6e75})";
  TokenClaims c;
  c.sha256 = body_digest(body);
  c.now_seconds = kNow;
  auto event = receiver.receive(body, signer.mint(c), kNow);
  ASSERT_TRUE(event.ok()) << event.error().message;
  EXPECT_EQ(event->created_at, 0);
  EXPECT_EQ(event->room->creation_time, 0);
  EXPECT_EQ(event->room->num_participants, 2);
  EXPECT_EQ(event->participant->joined_at, 0);  // 0e400, which Boost.JSON 1.81 reads as NaN
}

TEST(CircuitBreaker, OpensAfterTheThresholdProbesOnceAfterTheCooldownAndCloses) {
  ManualClock clock(0);
  CircuitBreaker breaker(clock, 3, std::chrono::milliseconds(1000));
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(breaker.allow());
    breaker.record_failure();
  }
  EXPECT_EQ(breaker.state(), CircuitBreaker::State::closed);
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), CircuitBreaker::State::open);
  EXPECT_FALSE(breaker.allow());
  clock.advance(std::chrono::milliseconds(1000));
  EXPECT_TRUE(breaker.allow());   // the probe
  EXPECT_FALSE(breaker.allow());  // only one at a time
  breaker.record_failure();       // probe failed: open again
  EXPECT_FALSE(breaker.allow());
  clock.advance(std::chrono::milliseconds(1000));
  EXPECT_TRUE(breaker.allow());
  breaker.record_success();
  EXPECT_EQ(breaker.state(), CircuitBreaker::State::closed);
  EXPECT_TRUE(breaker.allow());
}

TEST(CircuitBreaker, ASuccessResetsTheCount) {
  ManualClock clock(0);
  CircuitBreaker breaker(clock, 2, std::chrono::milliseconds(1000));
  breaker.record_failure();
  breaker.record_success();
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), CircuitBreaker::State::closed);
}

TEST(LiveKitIdentity, RoundTripsPublishersAndViewers) {
  auto host = parse_identity(publisher_identity("u1"));
  ASSERT_TRUE(host);
  EXPECT_TRUE(host->publisher);
  EXPECT_EQ(host->user_id, "u1");
  auto viewer = parse_identity(viewer_identity("u2", "w3"));
  ASSERT_TRUE(viewer);
  EXPECT_FALSE(viewer->publisher);
  EXPECT_EQ(viewer->user_id, "u2");
  EXPECT_EQ(viewer->watch_id, "w3");
  EXPECT_FALSE(parse_identity("someone-else"));
  EXPECT_FALSE(parse_identity("viewer:u2"));
  EXPECT_FALSE(parse_identity("host:"));
}

TEST(TwirpClient, TalksHttpToTheWebSocketUrl) {
  EXPECT_EQ(http_base_url("wss://lk.example.com/"), "https://lk.example.com");
  EXPECT_EQ(http_base_url("ws://127.0.0.1:7880"), "http://127.0.0.1:7880");
  EXPECT_EQ(http_base_url("https://lk.example.com"), "https://lk.example.com");
}

}  // namespace
}  // namespace onair::livekit
