#include "events/bus_codec.hpp"

#include <gtest/gtest.h>

#include <set>

namespace onair::events {
namespace {

User author() { return User{"u1", "chef", "", "Chef \"Ana\"", false, 1000, 1500, {}}; }

LiveStream stream(std::string description = "soup") {
  LiveStream s;
  s.id = "s1";
  s.author = author();
  s.title = "Cooking";
  s.description = std::move(description);
  s.status = StreamStatus::ended;
  s.gating = Gating::paid;
  s.price_credits = 50;
  s.viewer_count = 3;
  s.peak_viewers = 9;
  s.created_at = 1;
  s.started_at = 2;
  s.ended_at = 3;
  s.end_reason = "ended_by_creator";
  s.recording = RecordingState::saved;
  s.reel_id = "r1";
  s.owner_instance = "i1";
  return s;
}

std::vector<LiveEvent> round_trip(const std::vector<LiveEvent>& events, const StreamLoader& load = {}) {
  auto payloads = encode_payloads("instance-a", events, 7900);
  std::vector<LiveEvent> out;
  for (const auto& p : payloads) {
    EXPECT_LE(p.size(), 7900u);
    auto decoded = decode_payload(p, load);
    EXPECT_TRUE(decoded.has_value());
    if (!decoded) continue;
    EXPECT_EQ(decoded->origin, "instance-a");
    out.insert(out.end(), decoded->events.begin(), decoded->events.end());
  }
  return out;
}

TEST(BusCodec, EveryKindOfEventArrivesAsItWasSent) {
  store::ChatMessage chat{7, "s1", author(), "hi\n\x01 \"there\" ü", 5};
  store::Notification shown{"", "", "LIVE_STREAM_STARTED", author(), "s1", "Chef is live", "Cooking", "/live/s1", 9, {}};
  auto out = round_trip({StreamChanged{stream()}, ChatPosted{"u1", chat}, ChatRemoved{"s1", "u1", 7},
                         ReactionsCounted{"s1", "u1", {{"heart", 3}, {"fire", 1}}},
                         NotificationsCreated{shown, {{"f1", "n1"}, {"f2", "n2"}}}, AudienceAdmitted{"s1", "f1"},
                         SessionRevoked{"hash"}, WatchEnded{"s1", "w1"}, RoomClosing{"s1", "i1", true},
                         UserBanned{"s1", "u9", 1234, false}, UserBanned{"s1", "u9", 0, true}});
  ASSERT_EQ(out.size(), 11u);
  const auto& s = std::get<StreamChanged>(out[0]).stream;
  auto want = stream();
  EXPECT_EQ(s.id, want.id);
  EXPECT_EQ(s.author.display_name, want.author.display_name);
  EXPECT_EQ(s.status, want.status);
  EXPECT_EQ(s.gating, want.gating);
  EXPECT_EQ(s.price_credits, 50);
  EXPECT_EQ(s.viewer_count, 3);
  EXPECT_EQ(s.peak_viewers, 9);
  EXPECT_EQ(s.started_at, want.started_at);
  EXPECT_EQ(s.end_reason, want.end_reason);
  EXPECT_EQ(s.recording, RecordingState::saved);
  EXPECT_EQ(s.reel_id, want.reel_id);
  EXPECT_EQ(s.owner_instance, "i1");
  const auto& c = std::get<ChatPosted>(out[1]);
  EXPECT_EQ(c.author_id, "u1");
  EXPECT_EQ(c.message.id, 7);
  EXPECT_EQ(c.message.text, chat.text);  // control characters escaped on the way, restored here
  EXPECT_EQ(c.message.author.handle, "chef");
  EXPECT_EQ(std::get<ChatRemoved>(out[2]).message_id, 7);
  EXPECT_EQ(std::get<ReactionsCounted>(out[3]).counts.at("heart"), 3);
  const auto& n = std::get<NotificationsCreated>(out[4]);
  EXPECT_EQ(n.shown.title, "Chef is live");
  EXPECT_EQ(n.shown.actor.id, "u1");
  EXPECT_EQ(n.recipients, (std::vector<std::pair<std::string, std::string>>{{"f1", "n1"}, {"f2", "n2"}}));
  EXPECT_EQ(std::get<AudienceAdmitted>(out[5]).user_id, "f1");
  EXPECT_EQ(std::get<SessionRevoked>(out[6]).token_hash, "hash");
  EXPECT_EQ(std::get<WatchEnded>(out[7]).watch_id, "w1");
  EXPECT_EQ(std::get<RoomClosing>(out[8]).owner_instance, "i1");
  EXPECT_TRUE(std::get<RoomClosing>(out[8]).save);
  EXPECT_EQ(std::get<UserBanned>(out[9]).user_id, "u9");
  EXPECT_EQ(std::get<UserBanned>(out[9]).until, 1234);
  EXPECT_FALSE(std::get<UserBanned>(out[9]).lifted);
  EXPECT_TRUE(std::get<UserBanned>(out[10]).lifted);
}

TEST(BusCodec, AFanOutBatchIsSplitAcrossPayloadsAndNobodyIsLost) {
  NotificationsCreated batch;
  batch.shown = store::Notification{"", "", "LIVE_STREAM_STARTED", author(), "s1", "t", "b", "/live/s1", 9, {}};
  for (int i = 0; i < 2000; ++i) batch.recipients.emplace_back("follower" + std::to_string(i), "n" + std::to_string(i));
  auto payloads = encode_payloads("a", {batch}, 7900);
  EXPECT_GT(payloads.size(), 5u);
  auto out = round_trip({batch});
  std::set<std::string> told;
  for (const auto& e : out) {
    for (const auto& [recipient, id] : std::get<NotificationsCreated>(e).recipients) told.insert(recipient + "/" + id);
  }
  EXPECT_EQ(told.size(), 2000u);
  EXPECT_TRUE(told.contains("follower1999/n1999"));
}

TEST(BusCodec, AStreamTooLargeForOnePayloadIsReadBackById) {
  std::string description;
  for (int i = 0; i < 2000; ++i) description += "\xF0\x9F\x8E\xA5";  // 2,000 four-byte characters
  auto big = stream(description);
  std::vector<std::string> asked;
  auto out = round_trip({StreamChanged{big}, ChatRemoved{"s1", "u1", 1}}, [&](const std::string& id) {
    asked.push_back(id);
    return std::optional<LiveStream>(big);
  });
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(asked, std::vector<std::string>{"s1"});
  EXPECT_EQ(std::get<StreamChanged>(out[0]).stream.description, description);
}

TEST(BusCodec, APayloadThatIsNotOursIsRefused) {
  EXPECT_FALSE(decode_payload("hello", {}).has_value());
  EXPECT_FALSE(decode_payload(R"({"from":"x"})", {}).has_value());
  auto odd = decode_payload(R"({"from":"x","e":[{"k":"nonsense"},{"k":"watch_ended","sid":"s","w":"w"}]})", {});
  ASSERT_TRUE(odd.has_value());
  EXPECT_EQ(odd->events.size(), 1u);
}

}  // namespace
}  // namespace onair::events
