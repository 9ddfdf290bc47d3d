// Event-socket clients for bench/notify_fanout.sh: opens one `GET /ws` per token (tokens one per
// line on stdin), prints "READY n" once every socket has its hello, then waits for each socket's
// first `{"type":"notification"}` and prints when (Unix ms) the first, median and last arrived.
//
//   ws_clients PORT TIMEOUT_SECONDS < tokens.txt

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

long long unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Stats {
  std::size_t ready = 0;
  std::size_t failed = 0;
  std::vector<long long> received;  // Unix ms of each socket's first notification
  std::size_t total = 0;
};

class Client : public std::enable_shared_from_this<Client> {
 public:
  Client(asio::io_context& ioc, std::string token, Stats& stats) : ws_(ioc), token_(std::move(token)), stats_(stats) {}

  void start(const tcp::endpoint& endpoint) {
    beast::get_lowest_layer(ws_).async_connect(endpoint, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->fail();
      self->ws_.set_option(websocket::stream_base::decorator([token = self->token_](websocket::request_type& req) {
        req.set(beast::http::field::authorization, "Bearer " + token);
      }));
      self->ws_.async_handshake("127.0.0.1", "/ws", [self](beast::error_code ec2) {
        if (ec2) return self->fail();
        self->read();
      });
    });
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->fail();
      std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      if (!self->hello_ && text.find("\"hello\"") != std::string::npos) {
        self->hello_ = true;
        if (++self->stats_.ready == self->stats_.total) {
          std::printf("READY %zu\n", self->stats_.ready);
          std::fflush(stdout);
        }
      } else if (!self->notified_ && text.find("\"notification\"") != std::string::npos) {
        self->notified_ = true;
        self->stats_.received.push_back(unix_ms());
        if (self->stats_.received.size() == self->stats_.total) return;  // done: stop reading
      }
      self->read();
    });
  }
  void fail() { ++stats_.failed; }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::string token_;
  Stats& stats_;
  bool hello_ = false;
  bool notified_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: ws_clients PORT TIMEOUT_SECONDS < tokens\n");
    return 2;
  }
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::atoi(argv[1])));
  std::vector<std::string> tokens;
  for (std::string line; std::getline(std::cin, line);) {
    if (!line.empty()) tokens.push_back(line);
  }
  asio::io_context ioc;
  Stats stats;
  stats.total = tokens.size();
  for (auto& t : tokens) std::make_shared<Client>(ioc, t, stats)->start(endpoint);
  ioc.run_for(std::chrono::seconds(std::atoi(argv[2])));
  auto& r = stats.received;
  std::sort(r.begin(), r.end());
  std::printf("sockets %zu ready %zu failed %zu notified %zu", stats.total, stats.ready, stats.failed, r.size());
  if (!r.empty()) std::printf(" first_ms %lld median_ms %lld last_ms %lld", r.front(), r[r.size() / 2], r.back());
  std::printf("\n");
  return r.size() == stats.total ? 0 : 1;
}
