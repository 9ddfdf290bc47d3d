#include "events/event_hub.hpp"

#include <gtest/gtest.h>

namespace onair::events {
namespace {

class FakeSubscriber final : public MessageSink {
 public:
  void send(SharedBytes message, bool) override { received.push_back(*message); }
  std::size_t backlog() const override { return backlog_bytes; }
  void close(int code, std::string) override { closed_with = code; }
  std::vector<std::string> received;
  std::size_t backlog_bytes = 0;
  int closed_with = 0;
};

SharedBytes msg(const char* s) { return std::make_shared<const std::string>(s); }

TEST(EventHub, StreamEventsReachTheAuthorAndSubscribersOnly) {
  EventHub hub;
  auto author = std::make_shared<FakeSubscriber>();
  auto watcher = std::make_shared<FakeSubscriber>();
  auto bystander = std::make_shared<FakeSubscriber>();
  hub.connect("author", author);
  auto w = hub.connect("watcher", watcher);
  hub.connect("bystander", bystander);
  ASSERT_TRUE(hub.subscribe(w, "s1"));
  hub.publish_stream("s1", "author", msg("one"));
  EXPECT_EQ(author->received, std::vector<std::string>{"one"});
  EXPECT_EQ(watcher->received, std::vector<std::string>{"one"});
  EXPECT_TRUE(bystander->received.empty());
  hub.unsubscribe(w, "s1");
  hub.publish_stream("s1", "author", msg("two"));
  EXPECT_EQ(watcher->received.size(), 1u);
}

TEST(EventHub, AnExpelledUserHearsWhyThenNothingMoreOfTheStreamUntilReadmitted) {
  EventHub hub;
  auto troll = std::make_shared<FakeSubscriber>();
  auto fan = std::make_shared<FakeSubscriber>();
  auto t = hub.connect("troll", troll);
  auto f = hub.connect("fan", fan);
  ASSERT_TRUE(hub.subscribe(t, "s1"));
  ASSERT_TRUE(hub.subscribe(t, "s2"));
  ASSERT_TRUE(hub.subscribe(f, "s1"));
  hub.expel("s1", "troll", 0, msg("banned"));
  EXPECT_EQ(troll->received, std::vector<std::string>{"banned"});
  ASSERT_TRUE(hub.subscribe(t, "s1"));  // subscribing again changes nothing
  hub.publish_stream("s1", "author", msg("chat"));
  hub.publish_stream("s2", "author", msg("elsewhere"));
  EXPECT_EQ(troll->received, (std::vector<std::string>{"banned", "elsewhere"}));
  EXPECT_EQ(fan->received, std::vector<std::string>{"chat"});
  hub.readmit("s1", "troll");
  hub.publish_stream("s1", "author", msg("welcome back"));
  EXPECT_EQ(troll->received.back(), "welcome back");
  // A timeout already over keeps nobody out.
  hub.expel("s1", "troll", 1, msg("banned"));
  ASSERT_TRUE(hub.subscribe(t, "s1"));
  hub.publish_stream("s1", "author", msg("after"));
  EXPECT_EQ(troll->received.back(), "after");
}

TEST(EventHub, UserEventsReachEveryTabOfThatUser) {
  EventHub hub;
  auto tab1 = std::make_shared<FakeSubscriber>();
  auto tab2 = std::make_shared<FakeSubscriber>();
  hub.connect("u", tab1);
  auto second = hub.connect("u", tab2);
  hub.publish_to_user("u", msg("n"));
  EXPECT_EQ(tab1->received.size(), 1u);
  EXPECT_EQ(tab2->received.size(), 1u);
  hub.disconnect(second);
  hub.publish_to_user("u", msg("m"));
  EXPECT_EQ(tab2->received.size(), 1u);
  EXPECT_EQ(hub.sockets(), 1u);
}

TEST(EventHub, BackloggedSocketIsClosedNotQueuedForever) {
  EventHub hub(100);
  auto slow = std::make_shared<FakeSubscriber>();
  hub.connect("u", slow);
  slow->backlog_bytes = 101;
  hub.publish_to_user("u", msg("x"));
  EXPECT_TRUE(slow->received.empty());
  EXPECT_EQ(slow->closed_with, 1008);
}

TEST(EventHub, SubscriptionsAreBounded) {
  EventHub hub;
  auto id = hub.connect("u", std::make_shared<FakeSubscriber>());
  for (std::size_t i = 0; i < EventHub::kMaxSubscriptions; ++i) EXPECT_TRUE(hub.subscribe(id, std::to_string(i)));
  EXPECT_FALSE(hub.subscribe(id, "one-too-many"));
}

}  // namespace
}  // namespace onair::events
