#pragma once

#include "http/request_stats.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/router.hpp"
#include "http/trusted_proxies.hpp"
#include "http/websocket.hpp"

namespace onair::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port
  int network_threads = 1;
  int worker_threads = 4;
  int expensive_threads = 2;          // the pool of Lane::expensive routes
  std::size_t expensive_queue = 64;   // expensive requests waiting at most; beyond: 503
  std::size_t max_body_bytes = 1024 * 1024;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds shutdown_grace{10};
  std::string upload_dir = "./data/tmp";  // where upload bodies land while they arrive
  /// Open connections at most; beyond, only health checks and publishers get in (the reserve),
  /// and beyond the reserve every new connection gets 503 at once.
  std::size_t max_connections = 10'000;
  std::size_t reserve_connections = 64;
  std::size_t max_connections_per_address = 256;  // beyond: 503 at once
  /// An upload slower than this on average (after its first read_timeout) is cut off with 408.
  std::uint64_t upload_min_bytes_per_second = 4096;
  /// Reverse proxies whose X-Forwarded-For names the client (Request::remote).
  TrustedProxies trusted_proxies;
};

/// The HTTP/1.1 server: a Beast listener with one coroutine per connection, keep-alive, a body
/// limit (413), read timeouts and graceful shutdown. Network threads only move bytes; every
/// handler runs on the worker pool. WebSocket upgrades go to the router's WebSocket routes.
/// Beast stays inside server.cpp.
class Server {
 public:
  Server(ServerOptions options, const Router& router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds the listening socket; returns the bound port. Throws when the address is unusable.
  std::uint16_t listen();
  /// Serves until SIGINT/SIGTERM or stop(): stops accepting, lets in-flight requests finish
  /// (up to shutdown_grace), closes idle connections, then returns.
  void run();
  /// Asks run() to shut down; callable from any thread.
  void stop();
  /// Timers on the network threads and jobs on the worker pool, for code that must not see Asio.
  Scheduler& scheduler();
  /// Counts and latencies of the requests answered so far.
  const RequestStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onair::http
