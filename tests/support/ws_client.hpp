#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace onair::testing {

/// One message received on a WebSocket.
struct WsMessage {
  bool binary = false;
  std::string data;
};

/// A blocking WebSocket client for tests (Beast inside ws_client.cpp only).
class WsClient {
 public:
  /// Connects to ws://127.0.0.1:port/target; throws with the HTTP status on a refused upgrade.
  /// `cookie`, when set, is sent as the Cookie header (how browsers authenticate /ws).
  WsClient(int port, const std::string& target, const std::string& cookie = "");
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  void send_binary(const std::string& data);
  void send_text(const std::string& data);
  /// The next message, or nullopt on timeout or when the server closed the socket.
  std::optional<WsMessage> read(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  /// Reads until a text message containing `fragment` arrives (binary messages are collected).
  bool read_until_text(const std::string& fragment, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  /// Binary bytes received so far, in order, and the text messages.
  const std::string& media() const { return media_; }
  const std::string& texts() const { return texts_; }
  void close();
  /// True once the server closed the connection; its close code.
  bool closed() const { return closed_; }
  int close_code() const { return close_code_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string media_;
  std::string texts_;
  bool closed_ = false;
  int close_code_ = 0;
};

/// The HTTP status a refused WebSocket upgrade answered with (0 when it was accepted).
int ws_refusal_status(int port, const std::string& target, const std::string& cookie = "");

}  // namespace onair::testing
