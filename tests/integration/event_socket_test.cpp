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

TEST_F(EventSocketApi, AnEndedSessionsSocketsAreToldAndClosedOthersStayOpen) {
  auto user = signup("viewer");
  auto admin = signup_admin("admin");
  // A second session of the same user (another device) stays signed in after the first logs out.
  auto other_device = client();
  auto login = other_device->post_json("/api/auth/login", json::object{{"login", "viewer"}, {"password", "password-viewer"}});
  ASSERT_EQ(login.status, 200) << login.body;
  std::string second_token(login.json.at("token").as_string());
  WsClient first(server_->port(), "/ws", "onair_session=" + user.token);
  WsClient second(server_->port(), "/ws", "onair_session=" + second_token);
  ASSERT_TRUE(first.read_until_text(R"("type":"hello")"));
  ASSERT_TRUE(second.read_until_text(R"("type":"hello")"));
  ASSERT_EQ(user.http->post("/api/auth/logout", "").status, 204);
  EXPECT_TRUE(first.read_until_text(R"("type":"signed_out")", std::chrono::seconds(2))) << first.texts();
  EXPECT_FALSE(first.read(std::chrono::seconds(1)).has_value());
  EXPECT_TRUE(first.closed());
  EXPECT_EQ(first.close_code(), 4001);
  EXPECT_FALSE(second.closed()) << "the other device's session is still good";
  // A suspension ends every session at once.
  ASSERT_EQ(admin.http->post_json("/api/admin/users/viewer/suspend", json::object{{"reason", "x"}}).status, 204);
  EXPECT_TRUE(second.read_until_text(R"("type":"signed_out")", std::chrono::seconds(2))) << second.texts();
}

}  // namespace
}  // namespace onair::testing
