#include <thread>

#include "support/api_session.hpp"
#include "support/ws_client.hpp"

namespace onair::testing {
namespace {

class EventSocketApi : public ApiTest {};

TEST_F(EventSocketApi, OpensForVisitorsWithoutAUser) {
  // No session, or one that no longer holds: a visitor's socket (public streams only).
  WsClient visitor(server_->port(), "/ws");
  EXPECT_TRUE(visitor.read_until_text(R"({"type":"hello","user":null})")) << visitor.texts();
  WsClient stale(server_->port(), "/ws", "onair_session=forged");
  EXPECT_TRUE(stale.read_until_text(R"({"type":"hello","user":null})")) << stale.texts();
}

TEST_F(EventSocketApi, StreamChangesReachTheAuthorAndSubscribersWithinASecond) {
  auto creator = signup("creator");
  auto watcher = signup("watcher");
  auto joiner = signup("joiner");
  auto id = create_stream(creator);
  WsClient creator_ws(server_->port(), "/ws", "onair_session=" + creator.token);
  WsClient watcher_ws(server_->port(), "/ws", "onair_session=" + watcher.token);
  ASSERT_TRUE(creator_ws.read_until_text(R"("type":"hello")"));
  ASSERT_TRUE(watcher_ws.read_until_text(R"("type":"hello")"));
  watcher_ws.send_text(R"({"type":"subscribe","streamId":")" + id + R"("})");
  ASSERT_TRUE(watcher_ws.read_until_text(R"("type":"subscribed","streamId":")" + id + "\""));
  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(joiner.http->post("/api/live-streams/" + id + "/join", "").status, 200);
  EXPECT_TRUE(watcher_ws.read_until_text(R"("viewerCount":1)", std::chrono::seconds(1))) << watcher_ws.texts();
  EXPECT_TRUE(creator_ws.read_until_text(R"("viewerCount":1)", std::chrono::seconds(1))) << creator_ws.texts();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  EXPECT_NE(watcher_ws.texts().find(R"("type":"stream")"), std::string::npos);
}

TEST_F(EventSocketApi, BadMessagesGetAnErrorAndTheSocketStaysUp) {
  auto user = signup("user");
  WsClient ws(server_->port(), "/ws", "onair_session=" + user.token);
  ASSERT_TRUE(ws.read_until_text(R"("type":"hello")"));
  ws.send_text("not json");
  EXPECT_TRUE(ws.read_until_text(R"("code":"invalid_message")"));
  ws.send_text(R"({"type":"subscribe","streamId":")" + std::string(100, 'x') + R"("})");
  EXPECT_TRUE(ws.read_until_text(R"("code":"invalid_message")"));
  ws.send_text(R"({"type":"subscribe","streamId":"fine"})");
  EXPECT_TRUE(ws.read_until_text(R"({"type":"subscribed","streamId":"fine"})"));
  ws.send_text(R"({"type":"dance","streamId":"fine"})");
  EXPECT_TRUE(ws.read_until_text(R"("code":"invalid_message")"));
  EXPECT_FALSE(ws.closed());
}

}  // namespace
}  // namespace onair::testing
