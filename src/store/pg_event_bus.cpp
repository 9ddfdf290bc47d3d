#include "store/pg_event_bus.hpp"

#include <poll.h>

#include <libpq-fe.h>

#include "store/conn.hpp"
#include "store/stream_repository.hpp"
#include <spdlog/spdlog.h>

#include <memory>
#include <vector>

namespace onair::store {
namespace {

struct ConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConn = std::unique_ptr<PGconn, ConnCloser>;

/// A connection, or nothing (logged) when the server cannot be reached.
PgConn connect(const std::string& conninfo, const char* role) {
  PgConn conn(PQconnectdb(conninfo.c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    spdlog::warn("events: the {} cannot reach PostgreSQL: {}", role, conn ? PQerrorMessage(conn.get()) : "no memory");
    return nullptr;
  }
  return conn;
}

/// Runs one statement; false (logged) when it failed.
bool exec(PGconn* conn, const char* sql, const char* param = nullptr) {
  std::unique_ptr<PGresult, decltype(&PQclear)> result(
      PQexecParams(conn, sql, param != nullptr ? 1 : 0, nullptr, param != nullptr ? &param : nullptr, nullptr,
                   nullptr, 0),
      &PQclear);
  auto status = PQresultStatus(result.get());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return true;
  spdlog::warn("events: {}", PQerrorMessage(conn));
  return false;
}

}  // namespace

PgEventBus::PgEventBus(std::string conninfo, std::string instance_id, Database& db)
    : conninfo_(std::move(conninfo)), instance_id_(std::move(instance_id)), load_([&db](const std::string& id) {
        return db.read([&](Conn& conn) -> Result<std::optional<LiveStream>> { return streams::find(conn, id); })
            .value();
      }) {}

PgEventBus::~PgEventBus() { stop(); }

void PgEventBus::publish(const events::LiveEvent& event) {
  deliver(event);
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= kMaxQueued) {
      queue_.pop_front();
      if (dropped_++ % 10'000 == 0) spdlog::error("events: PostgreSQL is not taking events; dropping the oldest");
    }
    queue_.push_back(event);
  }
  wake_.notify_one();
}

void PgEventBus::start(std::chrono::milliseconds wait) {
  sender_ = std::thread([this] { send_loop(); });
  listener_ = std::thread([this] { listen_loop(); });
  auto until = std::chrono::steady_clock::now() + wait;
  while (!listening_ && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void PgEventBus::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_listening_ = true;
  wake_.notify_all();
  if (sender_.joinable()) sender_.join();
  if (listener_.joinable()) listener_.join();
}

void PgEventBus::send_loop() {
  PgConn conn;
  std::vector<events::LiveEvent> batch;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      // What is queued at shutdown still goes out (a last chat, an end).
      if (stopping_ && (queue_.empty() || !conn)) return;
      while (!queue_.empty() && batch.size() < 512) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (!conn) conn = connect(conninfo_, "event sender");
    bool sent = conn != nullptr;
    if (sent) {
      for (const auto& payload : events::encode_payloads(instance_id_, batch, kMaxPayload)) {
        if (!exec(conn.get(), "SELECT pg_notify('onair_events', $1)", payload.c_str())) {
          sent = false;
          break;
        }
      }
    }
    if (!sent) {
      conn.reset();
      std::unique_lock lock(mutex_);
      // Put the batch back in front, and wait a moment before trying again.
      for (auto it = batch.rbegin(); it != batch.rend() && queue_.size() < kMaxQueued; ++it) {
        queue_.push_front(std::move(*it));
      }
      batch.clear();
      if (wake_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; })) return;
      continue;
    }
    batch.clear();
  }
}

void PgEventBus::listen_loop() {
  while (!stop_listening_) {
    PgConn conn = connect(conninfo_, "event listener");
    if (!conn || !exec(conn.get(), "LISTEN onair_events")) {
      for (int i = 0; i < 10 && !stop_listening_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    listening_ = true;
    pollfd fd{PQsocket(conn.get()), POLLIN, 0};
    while (!stop_listening_) {
      fd.revents = 0;
      int ready = ::poll(&fd, 1, 200);
      if (ready < 0 && errno != EINTR) break;
      if (ready <= 0) continue;
      if (PQconsumeInput(conn.get()) == 0) {
        spdlog::warn("events: lost the listening connection: {}", PQerrorMessage(conn.get()));
        break;
      }
      while (PGnotify* n = PQnotifies(conn.get())) {
        receive(n->extra);
        PQfreemem(n);
      }
    }
    listening_ = false;
  }
}

void PgEventBus::receive(const char* payload) {
  auto decoded = events::decode_payload(payload, load_);
  if (!decoded) {
    spdlog::warn("events: a payload on {} is not an onair event", kChannel);
    return;
  }
  if (decoded->origin == instance_id_) return;  // delivered at once when published
  for (const auto& event : decoded->events) deliver(event);
}

}  // namespace onair::store
