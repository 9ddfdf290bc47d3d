#include "http/server.hpp"

#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <tuple>
#include <spdlog/spdlog.h>

#include "http/responses.hpp"

namespace onair::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

namespace {

/// One client connection, tracked so shutdown can close it when idle.
struct Connection {
  Connection(tcp::socket socket, std::string address, bool reserve)
      : stream(std::move(socket)), address(std::move(address)), reserve(reserve) {}
  beast::tcp_stream stream;
  const std::string address;  // the peer's, counted per address
  const bool reserve;         // admitted beyond max_connections: health checks and publishers only
  bool busy = false;          // touched only on the connection's strand
};

/// What may use a connection admitted into the reserve: what keeps running streams and their
/// monitoring alive when ordinary connections fill the server.
bool reserve_may_serve(const std::string& path) {
  constexpr std::string_view kLive = "/live/", kPublish = "/publish";
  return path == "/healthz" ||
         (path.starts_with(kLive) && path.ends_with(kPublish) && path.size() > kLive.size() + kPublish.size());
}

enum class Admission { serve, reserve, refuse };

/// The header fields with lower-case names, as handlers look them up.
template <typename Message>
Fields lowered_headers(const Message& message) {
  Fields out;
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.emplace_back(std::move(name), std::string(field.value()));
  }
  return out;
}

Request to_request(bhttp::request<bhttp::string_body>& req, const std::string& remote, bool& valid) {
  Request r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  valid = parse_target(r.target, r.path, r.query);
  r.headers = lowered_headers(req);
  r.body = std::move(req.body());
  r.remote = remote;
  return r;
}

bhttp::response<bhttp::string_body> to_beast(Response&& res, unsigned version, bool keep_alive, bool head) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
  out.set(bhttp::field::server, "onair");
  out.set(bhttp::field::content_type, res.content_type);
  out.set("X-Content-Type-Options", "nosniff");
  for (auto& [name, value] : res.headers) out.insert(name, value);
  out.keep_alive(keep_alive);
  out.body() = std::move(res.body);
  out.prepare_payload();
  if (head) out.body().clear();
  return out;
}

/// A WebSocket session: one read loop, one write in flight, a queue behind it.
class WsSession final : public WsConnection, public std::enable_shared_from_this<WsSession> {
 public:
  explicit WsSession(beast::tcp_stream&& stream) : ws_(std::move(stream)), linger_(ws_.get_executor()) {}

  /// How long a close waits for the peer to read what is queued and answer the close frame
  /// before the connection is cut (a peer that never reads must not hold it for ever).
  static constexpr std::chrono::seconds kCloseLinger{5};

  void send(SharedBytes bytes, bool binary) override {
    {
      std::lock_guard lock(mutex_);
      if (closing_ || closed_) return;
      queued_bytes_ += bytes->size();
      queue_.push_back({std::move(bytes), binary});
      if (writing_) return;
      writing_ = true;
    }
    start_writing();
  }

  std::size_t backlog() const override {
    std::lock_guard lock(mutex_);
    return queued_bytes_;
  }

  void close(int code, std::string reason) override {
    std::lock_guard lock(mutex_);
    if (closing_ || closed_) return;
    closing_ = true;
    if (reason.size() > 120) reason.resize(120);  // a close frame carries at most 123 bytes
    close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
    asio::post(ws_.get_executor(), [self = shared_from_this()] {
      self->linger_.expires_after(kCloseLinger);
      self->linger_.async_wait([self](beast::error_code ec) {
        if (ec) return;
        beast::error_code ignored;
        beast::get_lowest_layer(self->ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(self->ws_).cancel();
      });
    });
    if (writing_) return;
    writing_ = true;
    asio::post(ws_.get_executor(), [self = shared_from_this()] { self->write_next(); });
  }

  asio::awaitable<void> run(bhttp::request<bhttp::string_body> request, std::shared_ptr<WsHandler> handler,
                            std::size_t max_message) {
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(max_message);
    // One frame per message: Beast would otherwise cut messages into 4 KB frames, one write each,
    // and small writes are what fan-out pays for most.
    ws_.auto_fragment(false);
    auto [aec] = co_await ws_.async_accept(request, kTuple);
    if (aec) co_return;
    handler->on_open(shared_from_this());
    beast::flat_buffer buffer;
    for (;;) {
      auto [ec, n] = co_await ws_.async_read(buffer, kTuple);
      if (ec) break;
      auto data = buffer.cdata();
      handler->on_message(std::string_view(static_cast<const char*>(data.data()), data.size()), ws_.got_binary());
      buffer.consume(buffer.size());
    }
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      queue_.clear();
      queued_bytes_ = 0;
    }
    linger_.cancel();
    handler->on_close();
  }

 private:
  struct Outgoing {
    SharedBytes bytes;
    bool binary;
  };

  // Called without mutex_ after claiming writing_. On a single network thread this runs the
  // write at once (dispatch) instead of queueing a handler per viewer per message.
  void start_writing() {
    asio::dispatch(ws_.get_executor(), [self = shared_from_this()] { self->write_next(); });
  }

  void write_next() {
    std::unique_lock lock(mutex_);
    if (closed_) {
      writing_ = false;
      return;
    }
    if (queue_.empty()) {
      if (closing_ && !close_sent_) {
        close_sent_ = true;
        auto reason = close_reason_;
        lock.unlock();
        ws_.async_close(reason, [self = shared_from_this()](beast::error_code) {
          std::lock_guard l(self->mutex_);
          self->writing_ = false;
        });
        return;
      }
      writing_ = false;
      return;
    }
    auto next = queue_.front();
    lock.unlock();
    ws_.binary(next.binary);
    ws_.async_write(asio::buffer(*next.bytes), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      {
        std::lock_guard l(self->mutex_);
        if (!self->queue_.empty()) {
          self->queued_bytes_ -= self->queue_.front().bytes->size();
          self->queue_.pop_front();
        }
        if (ec) {
          self->writing_ = false;
          self->closed_ = true;
          self->queue_.clear();
          self->queued_bytes_ = 0;
          return;
        }
      }
      self->write_next();
    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  asio::steady_timer linger_;  // on the socket's executor
  mutable std::mutex mutex_;  // guards everything below
  std::deque<Outgoing> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  bool close_sent_ = false;
  bool closed_ = false;
  websocket::close_reason close_reason_;
};

class AsioTimer final : public Scheduler::Timer {
 public:
  explicit AsioTimer(asio::io_context& ioc) : timer(ioc) {}
  void cancel() override {
    asio::post(timer.get_executor(), [this, keep = alive.lock()] {
      if (keep) timer.cancel();
    });
  }
  asio::steady_timer timer;
  std::weak_ptr<AsioTimer> alive;
};

}  // namespace

struct Server::Impl : Scheduler {
  Impl(ServerOptions opts, const Router& r)
      : options(std::move(opts)),
        router(r),
        workers(static_cast<std::size_t>(options.worker_threads)),
        expensive_workers(static_cast<std::size_t>(options.expensive_threads)),
        acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM),
        control(asio::make_strand(ioc)),
        grace_timer(control) {}

  ServerOptions options;
  const Router& router;
  RequestStats stats;
  std::string upload_dir = options.upload_dir;
  asio::io_context ioc;
  asio::thread_pool workers;
  asio::thread_pool expensive_workers;
  std::atomic<std::size_t> expensive_in_flight{0};
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::strand<asio::io_context::executor_type> control;
  asio::steady_timer grace_timer;  // on `control`
  std::atomic<bool> stopping{false};

  std::mutex connections_mutex;  // guards `connections`, `per_address` and `websockets`
  std::unordered_set<std::shared_ptr<Connection>> connections;
  std::unordered_map<std::string, std::size_t> per_address;
  std::vector<std::weak_ptr<WsSession>> websockets;

  std::shared_ptr<Timer> after(std::chrono::milliseconds delay, std::function<void()> fn) override {
    auto timer = std::make_shared<AsioTimer>(ioc);
    timer->alive = timer;
    timer->timer.expires_after(delay);
    timer->timer.async_wait([timer, fn = std::move(fn)](beast::error_code ec) {
      if (!ec) fn();
    });
    return timer;
  }

  void run_blocking(std::function<void()> fn) override {
    asio::post(workers, [fn = std::move(fn)] {
      try {
        fn();
      } catch (const std::exception& e) {
        spdlog::error("worker: background job failed: {}", e.what());
      }
    });
  }

  /// Hands an upgrade request to its WebSocket route; false when the connection is done with.
  asio::awaitable<void> upgrade(std::shared_ptr<Connection> conn, bhttp::request<bhttp::string_body> beast_request,
                                Request request) {
    Fields params;
    const WsRoute* route = router.match_websocket(request.path, params);
    // optional<>: co_spawn needs a default-constructible result.
    std::optional<Result<WsAccept>> decided;
    if (route != nullptr) {
      decided = co_await asio::co_spawn(
          workers,
          [&]() -> asio::awaitable<std::optional<Result<WsAccept>>> {
            try {
              co_return (*route)(request, params);
            } catch (const std::exception& e) {
              spdlog::error("ws: {} failed: {}", request.path, e.what());
              co_return Result<WsAccept>(Error{ErrorCode::internal, "Something went wrong on our side; try again", {}});
            }
          },
          asio::use_awaitable);
    }
    Result<WsAccept> accepted = decided ? std::move(*decided)
                                        : Result<WsAccept>(Error{ErrorCode::not_found, "No WebSocket endpoint at " + request.path, {}});
    if (!accepted) {
      const auto& e = accepted.error();
      auto refusal = router.render_error(e);
      int status = refusal.status;
      auto out = to_beast(std::move(refusal), beast_request.version(), false, false);
      co_await bhttp::async_write(conn->stream, out, kTuple);
      spdlog::info("ws path={} refused status={} code={}", request.path, status, error_code_name(e.code));
      co_return;
    }
    auto session = std::make_shared<WsSession>(std::move(conn->stream));
    {
      std::lock_guard lock(connections_mutex);
      std::erase_if(websockets, [](const auto& weak) { return weak.expired(); });
      websockets.push_back(session);
    }
    if (stopping) session->close(1001, "server shutting down");
    spdlog::info("ws path={} open remote={}", request.path, request.remote);
    co_await session->run(std::move(beast_request), accepted->handler, accepted->max_message_bytes);
    spdlog::info("ws path={} closed remote={}", request.path, request.remote);
  }

  /// Runs a deferred route's handler on the worker pool and waits (without a thread) for its answer.
  asio::awaitable<Response> defer(const DeferredHandler& handler, Request& request, PathParams params) {
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(
        [&](auto completion) {
          using Completion = decltype(completion);
          // The completion is move-only and must run once: the first respond() takes it.
          auto slot = std::make_shared<std::pair<std::mutex, std::optional<Completion>>>();
          slot->second.emplace(std::move(completion));
          Respond respond = [slot](Response response) {
            std::optional<Completion> taken;
            {
              std::lock_guard lock(slot->first);
              if (slot->second) {
                taken.emplace(std::move(*slot->second));
                slot->second.reset();
              }
            }
            if (!taken) return;
            auto executor = asio::get_associated_executor(*taken);
            asio::post(executor, [c = std::move(*taken), r = std::move(response)]() mutable { std::move(c)(std::move(r)); });
          };
          asio::post(workers, [&handler, &request, params = std::move(params), respond]() mutable {
            try {
              handler(request, params, respond);
            } catch (const std::exception& e) {
              spdlog::error("http: {} {} failed: {}", request.method, request.target, e.what());
              respond(error_response(500, "internal", "Something went wrong on our side; try again"));
            }
          });
        },
        asio::use_awaitable);
  }

  /// Runs the request's handler on its lane's pool.
  asio::awaitable<Response> dispatch(Request& request) {
    PathParams deferred_params;
    if (const auto* deferred = router.match_deferred(request, deferred_params)) {
      co_return co_await defer(*deferred, request, std::move(deferred_params));
    }
    auto run = [this, &request]() -> asio::awaitable<Response> { co_return handle(request); };
    if (router.lane(request) == Lane::ordinary) co_return co_await asio::co_spawn(workers, run, asio::use_awaitable);
    if (expensive_in_flight.fetch_add(1) >= options.expensive_queue) {
      expensive_in_flight.fetch_sub(1);
      auto busy = error_response(503, "server_busy", "Too many sign-ins at once; try again in a moment");
      busy.headers.emplace_back("Retry-After", "1");
      co_return busy;
    }
    auto response = co_await asio::co_spawn(expensive_workers, run, asio::use_awaitable);
    expensive_in_flight.fetch_sub(1);
    co_return response;
  }

  Response handle(Request& request) {
    try {
      return router.dispatch(request);
    } catch (const std::exception& e) {
      spdlog::error("http: {} {} failed: {}", request.method, request.target, e.what());
    } catch (...) {
      spdlog::error("http: {} {} failed with an unknown exception", request.method, request.target);
    }
    return error_response(500, "internal", "Something went wrong on our side; try again");
  }

  asio::awaitable<void> write_error(Connection& conn, unsigned version, int status, std::string_view code,
                                    std::string_view message) {
    auto out = to_beast(error_response(status, code, message), version, false, false);
    conn.stream.expires_after(options.read_timeout);
    co_await bhttp::async_write(conn.stream, out, kTuple);
  }

  /// Sends a file slice: the header, then the bytes in 64 KB pieces (bounded memory). The file is
  /// read on the network thread in small pieces; page-cache reads do not stall it noticeably.
  asio::awaitable<beast::error_code> write_file(Connection& conn, Response res, unsigned version, bool keep_alive,
                                                bool head) {
    bhttp::response<bhttp::buffer_body> out{static_cast<bhttp::status>(res.status), version};
    out.set(bhttp::field::server, "onair");
    out.set(bhttp::field::content_type, res.content_type);
    out.set("X-Content-Type-Options", "nosniff");
    for (auto& [name, value] : res.headers) out.insert(name, value);
    out.keep_alive(keep_alive);
    out.content_length(res.file->length);
    out.body().data = nullptr;
    out.body().more = true;
    bhttp::response_serializer<bhttp::buffer_body> serializer{out};
    conn.stream.expires_after(options.read_timeout);
    auto [hec, hn] = co_await bhttp::async_write_header(conn.stream, serializer, kTuple);
    if (hec || head) co_return hec;
    std::FILE* file = std::fopen(res.file->path.c_str(), "rb");
    if (file == nullptr || std::fseek(file, static_cast<long>(res.file->offset), SEEK_SET) != 0) {
      if (file) std::fclose(file);
      co_return beast::error_code(asio::error::not_found);
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(file, &std::fclose);
    std::vector<char> buffer(64 * 1024);
    std::uint64_t remaining = res.file->length;
    while (remaining > 0) {
      auto n = std::fread(buffer.data(), 1, std::min<std::uint64_t>(buffer.size(), remaining), file);
      if (n == 0) co_return beast::error_code(asio::error::eof);
      remaining -= n;
      out.body().data = buffer.data();
      out.body().size = n;
      out.body().more = remaining > 0;
      conn.stream.expires_after(options.read_timeout);
      auto [ec, written] = co_await bhttp::async_write(conn.stream, serializer, kTuple);
      if (ec && ec != bhttp::error::need_buffer) co_return ec;
    }
    co_return beast::error_code{};
  }

  struct PendingUpload {
    Request request;
    Router::Upload route;
  };

  /// The upload route this header is for, if any, with the request as far as it is known.
  std::optional<PendingUpload> upload_target(const bhttp::request<bhttp::string_body>& header, const std::string& remote) {
    Request r;
    r.method = std::string(header.method_string());
    r.target = std::string(header.target());
    if (!parse_target(r.target, r.path, r.query)) return std::nullopt;
    auto route = router.match_upload(r);
    if (!route) return std::nullopt;
    r.headers = lowered_headers(header);
    r.remote = remote;
    return PendingUpload{std::move(r), std::move(*route)};
  }

  asio::awaitable<Response> on_workers(const Handler& handler, Request& request, const PathParams& params) {
    co_return co_await asio::co_spawn(
        workers,
        [&]() -> asio::awaitable<Response> {
          try {
            co_return handler(request, params);
          } catch (const std::exception& e) {
            spdlog::error("http: {} {} failed: {}", request.method, request.target, e.what());
            co_return error_response(500, "internal", "Something went wrong on our side; try again");
          }
        },
        asio::use_awaitable);
  }

  /// Checks an upload on its headers, streams its body to a temp file, runs its handler, answers.
  /// False when the connection must close.
  asio::awaitable<bool> receive_upload(std::shared_ptr<Connection> conn, bhttp::request_parser<bhttp::string_body>& parser,
                                       PendingUpload upload, beast::flat_buffer& buffer, unsigned version) {
    auto started = std::chrono::steady_clock::now();
    auto& request = upload.request;
    bool keep_alive = parser.get().keep_alive() && !stopping;
    auto answer = [&](Response response) -> asio::awaitable<bool> {
      int status = response.status;
      auto out = to_beast(std::move(response), version, keep_alive, false);
      conn->stream.expires_after(options.read_timeout);
      auto [ec, n] = co_await bhttp::async_write(conn->stream, out, kTuple);
      auto micros =
          std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
      stats.record(status, micros);
      spdlog::info("http method={} path={} status={} us={} remote={}", request.method, request.path, status, micros,
                   request.remote);
      co_return !ec && keep_alive;
    };
    auto length = parser.content_length();
    if (length && *length > upload.route.max_bytes) {
      keep_alive = false;
      co_await answer(error_response(413, "payload_too_large", "The upload is larger than allowed"));
      co_await drain(*conn);
      co_return false;
    }
    auto checked = co_await on_workers(*upload.route.check, request, upload.route.params);
    if (checked.status >= 300) {
      keep_alive = false;
      co_await answer(std::move(checked));
      co_await drain(*conn);
      co_return false;
    }
    if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
      co_await bhttp::async_write(conn->stream, cont, kTuple);
    }
    std::error_code fec;
    auto dir = std::filesystem::path(upload_dir);
    std::filesystem::create_directories(dir, fec);
    request.body_file = (dir / ("upload-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) +
                                "-" + std::to_string(reinterpret_cast<std::uintptr_t>(conn.get())) + ".part"))
                            .string();
    struct Remove {
      std::string path;
      ~Remove() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
      }
    } cleanup{request.body_file};
    bhttp::request_parser<bhttp::file_body> file_parser{std::move(parser)};
    file_parser.body_limit(upload.route.max_bytes);
    beast::error_code ec;
    file_parser.get().body().open(request.body_file.c_str(), beast::file_mode::write, ec);
    if (ec) co_return co_await answer(error_response(500, "internal", "Cannot store the upload"));
    // Large bodies take their time: the timeout applies to each piece, and after the first
    // read_timeout the whole upload must keep a minimum average rate (a trickle holds a
    // connection and a file open for ever otherwise).
    auto body_started = std::chrono::steady_clock::now();
    std::uint64_t received = 0;
    while (!file_parser.is_done()) {
      auto elapsed = std::chrono::steady_clock::now() - body_started;
      if (elapsed > options.read_timeout &&
          received < options.upload_min_bytes_per_second *
                         static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count())) {
        keep_alive = false;
        spdlog::warn("http: upload from {} too slow ({} bytes in {} s); cut off", request.remote, received,
                     std::chrono::duration_cast<std::chrono::seconds>(elapsed).count());
        co_return co_await answer(error_response(408, "upload_too_slow", "The upload is arriving too slowly"));
      }
      conn->stream.expires_after(options.read_timeout);
      auto [rec, n] = co_await bhttp::async_read_some(conn->stream, buffer, file_parser, kTuple);
      received += n;
      if (rec == bhttp::error::body_limit) {
        keep_alive = false;
        co_await answer(error_response(413, "payload_too_large", "The upload is larger than allowed"));
        co_await drain(*conn);
        co_return false;
      }
      if (rec) co_return false;  // the client went away or stalled: the temp file goes with it
    }
    file_parser.get().body().close();
    auto response = co_await on_workers(*upload.route.handler, request, upload.route.params);
    std::filesystem::remove(request.body_file, fec);  // before answering: nothing outlives the request
    co_return co_await answer(std::move(response));
  }

  /// After refusing a request early, read (and drop) what the client still sends for a moment so
  /// closing does not reset the connection before it reads our answer.
  asio::awaitable<void> drain(Connection& conn) {
    beast::error_code ignored;
    conn.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    conn.stream.expires_after(std::chrono::seconds(2));
    std::array<char, 16384> scratch;
    std::size_t total = 0;
    while (total < 64 * 1024 * 1024) {
      auto [ec, n] = co_await conn.stream.async_read_some(asio::buffer(scratch), kTuple);
      if (ec) break;
      total += n;
    }
  }

  asio::awaitable<void> serve(std::shared_ptr<Connection> conn) {
    beast::flat_buffer buffer;
    std::string remote = conn->address;
    while (!stopping) {
      bhttp::request_parser<bhttp::string_body> parser;
      // Which limit applies is known only once the header says what the request is: an upload's
      // (its route's) or everyone else's (max_body_bytes, set below before the body is read).
      parser.body_limit(boost::none);
      parser.header_limit(16 * 1024);
      conn->stream.expires_after(options.read_timeout);
      auto [hec, hn] = co_await bhttp::async_read_header(conn->stream, buffer, parser, kTuple);
      if (hec) {
        if (hec == bhttp::error::body_limit) {
          co_await write_error(*conn, 11, 413, "payload_too_large", "The request body is too large");
          co_await drain(*conn);
        } else if (hec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
                   hec != bhttp::error::end_of_stream) {
          co_await write_error(*conn, 11, 400, "bad_request", "The request is not valid HTTP");
        }  // a timeout has already closed the stream (Beast): nothing can be answered
        break;
      }
      conn->busy = true;
      const auto& header = parser.get();
      unsigned version = header.version();
      // Behind a trusted reverse proxy the client is who it says forwarded the request.
      remote = options.trusted_proxies.client(conn->address, header["X-Forwarded-For"]);
      if (conn->reserve) {
        std::string path;
        Fields query;
        if (!parse_target(header.target(), path, query) || !reserve_may_serve(path)) {
          co_await write_error(*conn, version, 503, "server_busy", "The server is at its connection limit; try again shortly");
          co_await drain(*conn);
          break;
        }
      }
      if (auto upload = upload_target(header, remote)) {
        bool keep = co_await receive_upload(conn, parser, std::move(*upload), buffer, version);
        conn->busy = false;
        if (!keep) break;
        continue;
      }
      if (auto length = parser.content_length(); length && *length > options.max_body_bytes) {
        co_await write_error(*conn, version, 413, "payload_too_large", "The request body is too large");
        co_await drain(*conn);
        break;
      }
      parser.body_limit(options.max_body_bytes);  // bodies of unknown length (chunked)
      if (beast::iequals(header[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
        co_await bhttp::async_write(conn->stream, cont, kTuple);
      }
      auto [ec, n] = co_await bhttp::async_read(conn->stream, buffer, parser, kTuple);
      if (ec) {
        if (ec == bhttp::error::body_limit) {
          co_await write_error(*conn, version, 413, "payload_too_large", "The request body is too large");
          co_await drain(*conn);
        } else if (ec != beast::error::timeout && ec != bhttp::error::end_of_stream) {
          co_await write_error(*conn, version, 400, "bad_request", "The request is not valid HTTP");
        }
        break;
      }
      auto started = std::chrono::steady_clock::now();
      auto beast_request = parser.release();
      bool keep_alive = beast_request.keep_alive();
      bool valid = false;
      bool is_upgrade = websocket::is_upgrade(beast_request);
      Request request = to_request(beast_request, remote, valid);
      if (is_upgrade && valid) {
        request.body.clear();
        co_await upgrade(conn, std::move(beast_request), std::move(request));
        forget(conn);
        co_return;
      }
      Response response;
      if (!valid) {
        response = error_response(400, "bad_request", "The request target is not a valid path");
      } else {
        response = co_await dispatch(request);
      }
      keep_alive = keep_alive && !stopping;
      int status = response.status;
      std::size_t bytes = 0;
      beast::error_code wec;
      if (response.file) {
        bytes = response.file->length;
        wec = co_await write_file(*conn, std::move(response), version, keep_alive, request.method == "HEAD");
      } else {
        auto out = to_beast(std::move(response), version, keep_alive, request.method == "HEAD");
        bytes = out.body().size();
        conn->stream.expires_after(options.read_timeout);
        std::tie(wec, std::ignore) = co_await bhttp::async_write(conn->stream, out, kTuple);
      }
      conn->busy = false;
      auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - started).count();
      stats.record(status, micros);
      spdlog::info("http method={} path={} status={} bytes={} us={} remote={}", request.method,
                   request.path, status, bytes, micros, remote);
      if (wec || !keep_alive) break;
    }
    beast::error_code ignored;
    conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    conn->stream.close();
    forget(conn);
  }

  void forget(const std::shared_ptr<Connection>& conn) {
    bool last = false;
    {
      std::lock_guard lock(connections_mutex);
      if (connections.erase(conn) > 0) {
        stats.connection_closed();
        auto it = per_address.find(conn->address);
        if (it != per_address.end() && --it->second == 0) per_address.erase(it);
      }
      last = connections.empty();
    }
    // The last connection gone: stop, without waiting for timers (a relay grace period) to fire.
    if (last && stopping) asio::post(control, [this] {
      grace_timer.cancel();
      ioc.stop();
    });
  }

  asio::awaitable<void> accept_loop() {
    while (!stopping) {
      // One network thread needs no strands: every handler already runs on that thread.
      asio::any_io_executor executor = options.network_threads == 1
                                           ? asio::any_io_executor(ioc.get_executor())
                                           : asio::any_io_executor(asio::make_strand(ioc));
      auto [ec, socket] = co_await acceptor.async_accept(executor, kTuple);
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        spdlog::warn("http: accept failed: {}", ec.message());
        asio::steady_timer pause(ioc, std::chrono::milliseconds(100));  // e.g. out of descriptors
        co_await pause.async_wait(kTuple);
        continue;
      }
      socket.set_option(tcp::no_delay(true));
      beast::error_code ep_ec;
      auto endpoint = socket.remote_endpoint(ep_ec);
      std::string address = ep_ec ? "?" : endpoint.address().to_string();
      auto admission = admit(address);
      if (admission == Admission::refuse) {
        auto on = socket.get_executor();  // before the socket is moved into the coroutine
        asio::co_spawn(on, refuse(std::move(socket)), asio::detached);
        continue;
      }
      auto conn = std::make_shared<Connection>(std::move(socket), address, admission == Admission::reserve);
      {
        std::lock_guard lock(connections_mutex);
        connections.insert(conn);
        ++per_address[address];
        stats.connection_opened();
      }
      asio::co_spawn(conn->stream.get_executor(), serve(conn), asio::detached);
    }
  }

  /// Whether a new connection from `address` may be served, only in the reserve, or not at all.
  Admission admit(const std::string& address) {
    std::lock_guard lock(connections_mutex);
    auto from_address = per_address.find(address);
    // A trusted proxy brings many clients' connections: only the overall limit applies to it.
    if (from_address != per_address.end() && from_address->second >= options.max_connections_per_address &&
        !options.trusted_proxies.trusts(address)) {
      stats.connection_refused();
      return Admission::refuse;
    }
    if (connections.size() >= options.max_connections + options.reserve_connections) {
      stats.connection_refused();
      return Admission::refuse;
    }
    return connections.size() >= options.max_connections ? Admission::reserve : Admission::serve;
  }

  /// Answers a connection that cannot be admitted with 503 without reading its request, then
  /// closes it; a second at most.
  asio::awaitable<void> refuse(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    stream.expires_after(std::chrono::seconds(1));
    auto out = to_beast(error_response(503, "server_busy", "Too many connections; try again shortly"), 11, false, false);
    out.set(bhttp::field::retry_after, "1");
    co_await bhttp::async_write(stream, out, kTuple);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.close();
  }

  void begin_shutdown() {
    if (stopping.exchange(true)) return;
    spdlog::info("http: shutting down; finishing in-flight requests");
    beast::error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    std::vector<std::shared_ptr<Connection>> open;
    {
      std::lock_guard lock(connections_mutex);
      open.assign(connections.begin(), connections.end());
    }
    for (auto& conn : open) {
      asio::post(conn->stream.get_executor(), [conn] {
        if (!conn->busy) conn->stream.cancel();
      });
    }
    std::vector<std::weak_ptr<WsSession>> sockets;
    {
      std::lock_guard lock(connections_mutex);
      sockets.swap(websockets);
    }
    for (auto& weak : sockets) {
      if (auto ws = weak.lock()) ws->close(1001, "server shutting down");
    }
    asio::post(control, [this, none_open = open.empty()] {
      if (none_open) {
        ioc.stop();
        return;
      }
      grace_timer.expires_after(options.shutdown_grace);
      grace_timer.async_wait([this](beast::error_code ec) {
        if (!ec) {
          spdlog::warn("http: shutdown grace period over; closing remaining connections");
          ioc.stop();
        }
      });
    });
  }
};

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() = default;

std::uint16_t Server::listen() {
  auto& a = impl_->acceptor;
  tcp::endpoint endpoint(asio::ip::make_address(impl_->options.host), impl_->options.port);
  a.open(endpoint.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(endpoint);
  a.listen(asio::socket_base::max_listen_connections);
  return a.local_endpoint().port();
}

void Server::run() {
  auto& impl = *impl_;
  impl.signals.async_wait([&impl](beast::error_code ec, int) {
    if (!ec) impl.begin_shutdown();
  });
  asio::co_spawn(impl.ioc, impl.accept_loop(), asio::detached);
  std::vector<std::thread> extra;
  for (int i = 1; i < impl.options.network_threads; ++i) extra.emplace_back([&impl] { impl.ioc.run(); });
  impl.ioc.run();
  for (auto& t : extra) t.join();
  impl.workers.join();
  impl.expensive_workers.join();
}

Scheduler& Server::scheduler() { return *impl_; }

const RequestStats& Server::stats() const { return impl_->stats; }

void Server::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_shutdown(); });
}

}  // namespace onair::http
