#include "streams/gate.hpp"

#include <gtest/gtest.h>

namespace onair::streams {
namespace {

LiveStream stream_with(Gating gating, Sensitivity sensitivity = Sensitivity::none,
                       StreamStatus status = StreamStatus::live) {
  LiveStream s;
  s.id = "s1";
  s.author.handle = "creator";
  s.gating = gating;
  s.sensitivity = sensitivity;
  s.status = status;
  s.price_credits = 25;
  return s;
}

ErrorCode refusal(const LiveStream& s, const ViewerFacts& v) {
  auto decision = decide_gate(s, v);
  return decision ? ErrorCode::internal : decision.error().code;
}

TEST(Gate, PublicStreamLetsAnyoneIn) {
  EXPECT_TRUE(decide_gate(stream_with(Gating::everyone), {}).ok());
}

TEST(Gate, EndedStreamIsRefusedEvenToItsOwner) {
  ViewerFacts owner;
  owner.is_owner = true;
  EXPECT_EQ(refusal(stream_with(Gating::everyone, Sensitivity::none, StreamStatus::ended), owner),
            ErrorCode::stream_ended);
}

TEST(Gate, FollowersOnlyNeedsAFollow) {
  auto s = stream_with(Gating::followers);
  EXPECT_EQ(refusal(s, {}), ErrorCode::followers_only);
  ViewerFacts follower;
  follower.follows_author = true;
  EXPECT_TRUE(decide_gate(s, follower).ok());
}

TEST(Gate, PaidStreamWithoutPurchaseAsksForThePrice) {
  auto decision = decide_gate(stream_with(Gating::paid), {});
  ASSERT_FALSE(decision.ok());
  EXPECT_EQ(decision.error().code, ErrorCode::payment_required);
  bool has_price = false;
  for (const auto& [key, value] : decision.error().details) {
    if (key == "priceCredits") has_price = std::get<std::int64_t>(value) == 25;
  }
  EXPECT_TRUE(has_price);
  ViewerFacts buyer;
  buyer.has_purchased = true;
  EXPECT_TRUE(decide_gate(stream_with(Gating::paid), buyer).ok());
}

TEST(Gate, SensitiveStreamNeedsAcknowledgementAfterTheOtherGates) {
  auto s = stream_with(Gating::paid, Sensitivity::sensitive);
  EXPECT_EQ(refusal(s, {}), ErrorCode::payment_required);
  ViewerFacts buyer;
  buyer.has_purchased = true;
  EXPECT_EQ(refusal(s, buyer), ErrorCode::sensitive_content_not_acknowledged);
  buyer.acknowledged_sensitive = true;
  EXPECT_TRUE(decide_gate(s, buyer).ok());
}

TEST(Gate, OwnerAlwaysPassesAnOpenStream) {
  ViewerFacts owner;
  owner.is_owner = true;
  EXPECT_TRUE(decide_gate(stream_with(Gating::paid, Sensitivity::sensitive), owner).ok());
  EXPECT_TRUE(decide_gate(stream_with(Gating::followers), owner).ok());
}

TEST(Gate, AdminPassesFollowersAndPaidButAcknowledgesSensitive) {
  ViewerFacts admin;
  admin.is_admin = true;
  EXPECT_TRUE(decide_gate(stream_with(Gating::followers), admin).ok());
  EXPECT_TRUE(decide_gate(stream_with(Gating::paid), admin).ok());
  EXPECT_EQ(refusal(stream_with(Gating::everyone, Sensitivity::sensitive), admin),
            ErrorCode::sensitive_content_not_acknowledged);
}

}  // namespace
}  // namespace onair::streams
