#include "support/ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <stdexcept>

namespace onair::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct WsClient::Impl {
  asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;
};

WsClient::WsClient(int port, const std::string& target, const std::string& cookie) : impl_(std::make_unique<Impl>()) {
  auto& lowest = beast::get_lowest_layer(impl_->ws);
  if (!cookie.empty()) {
    impl_->ws.set_option(websocket::stream_base::decorator(
        [cookie](websocket::request_type& req) { req.set(beast::http::field::cookie, cookie); }));
  }
  lowest.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  websocket::response_type response;
  beast::error_code ec;
  impl_->ws.handshake(response, "127.0.0.1", target, ec);
  if (ec) throw std::runtime_error("upgrade refused: HTTP " + std::to_string(response.result_int()));
  impl_->ws.read_message_max(64 << 20);
}

WsClient::~WsClient() = default;

void WsClient::send_binary(const std::string& data) {
  impl_->ws.binary(true);
  impl_->ws.write(asio::buffer(data));
}

void WsClient::send_text(const std::string& data) {
  impl_->ws.text(true);
  impl_->ws.write(asio::buffer(data));
}

std::optional<WsMessage> WsClient::read(std::chrono::milliseconds timeout) {
  if (closed_) return std::nullopt;
  std::optional<WsMessage> out;
  bool timed_out = false;
  impl_->buffer.consume(impl_->buffer.size());
  impl_->ws.async_read(impl_->buffer, [&](beast::error_code ec, std::size_t) {
    if (ec) {
      if (ec == websocket::error::closed) {
        closed_ = true;
        close_code_ = impl_->ws.reason().code;
      } else if (!timed_out) {
        closed_ = true;
      }
      return;
    }
    WsMessage m;
    m.binary = impl_->ws.got_binary();
    m.data = beast::buffers_to_string(impl_->buffer.data());
    if (m.binary) {
      media_ += m.data;
    } else {
      texts_ += m.data + "\n";
    }
    out = std::move(m);
  });
  asio::steady_timer timer(impl_->ioc, timeout);
  timer.async_wait([&](beast::error_code ec) {
    if (!ec) {
      timed_out = true;
      beast::get_lowest_layer(impl_->ws).cancel();
    }
  });
  impl_->ioc.restart();
  while (impl_->ioc.run_one()) {
    if (out || closed_ || timed_out) break;
  }
  timer.cancel();
  impl_->ioc.poll();
  if (timed_out && !out) closed_ = true;  // a cancelled read leaves the stream unusable
  return out;
}

bool WsClient::read_until_text(const std::string& fragment, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto m = read(left);
    if (!m) return false;
    if (!m->binary && m->data.find(fragment) != std::string::npos) return true;
  }
  return false;
}

void WsClient::close() {
  beast::error_code ec;
  impl_->ws.close(websocket::close_code::normal, ec);
}

int ws_refusal_status(int port, const std::string& target, const std::string& cookie) {
  asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  if (!cookie.empty()) {
    ws.set_option(websocket::stream_base::decorator(
        [cookie](websocket::request_type& req) { req.set(beast::http::field::cookie, cookie); }));
  }
  beast::get_lowest_layer(ws).connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  websocket::response_type response;
  beast::error_code ec;
  ws.handshake(response, "127.0.0.1", target, ec);
  return ec ? static_cast<int>(response.result_int()) : 0;
}

}  // namespace onair::testing
