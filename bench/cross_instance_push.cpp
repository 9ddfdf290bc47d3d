// Cross-instance push latency: two onair instances on one PostgreSQL (ONAIR_PG_URL, a fresh
// schema); chat is posted through instance A and received on an event socket of instance B.
// Prints the latency from "request sent on A" to "push read on B": p50, p99, max.
//
//   bench/cross_instance_push.sh [messages]   (starts a throwaway PostgreSQL, runs this)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/crypto.hpp"
#include "store/conn.hpp"
#include "store/database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/ws_client.hpp"

using namespace onair;
using namespace onair::testing;
using Clock = std::chrono::steady_clock;

namespace {

std::unique_ptr<HttpClient> signup(const ServerProcess& server, const std::string& handle, std::string* token) {
  auto http = std::make_unique<HttpClient>(server.base_url());
  auto res = http->post_json("/api/auth/signup", boost::json::object{{"handle", handle},
                                                                     {"email", handle + "@bench.test"},
                                                                     {"password", "password-" + handle}});
  if (res.status != 201) throw std::runtime_error("signup failed: " + res.body);
  *token = std::string(res.json.at("token").as_string());
  http->set_token(*token);
  return http;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size())))];
}

}  // namespace

int run(int argc, char** argv) {
  const int messages = argc > 1 ? std::atoi(argv[1]) : 500;
  const char* pg = std::getenv("ONAIR_PG_URL");
  if (pg == nullptr) {
    std::fprintf(stderr, "ONAIR_PG_URL is not set (run bench/cross_instance_push.sh)\n");
    return 2;
  }
  crypto::init();
  spdlog::set_level(spdlog::level::warn);
  auto admin = store::Database::open(pg, 1).value();
  std::string schema = "b_" + crypto::random_id();
  admin->write([&](store::Conn& c) -> Status {
    c.sql << "CREATE SCHEMA " + schema;
    return ok_status();
  }).value();
  std::string url = std::string(pg) + "?options=-csearch_path%3D" + schema;
  std::map<std::string, std::string> env{{"ONAIR_DATABASE_URL", url}, {"ONAIR_CHAT_STREAM_PER_SECOND", "10000"}};
  {
    ServerProcess a(env);
    ServerProcess b(env);
    std::string creator_token, fan_token;
    auto creator = signup(a, "creator", &creator_token);
    auto fan = signup(b, "fan", &fan_token);
    auto created = creator->post_json("/api/live-streams", boost::json::object{{"title", "bench"}, {"sensitivity", "none"},
                                                                               {"gating", "public"}});
    std::string id(created.json.at("stream").at("id").as_string());
    fan->post("/api/live-streams/" + id + "/join", "");
    // Posters on A, each within the per-user chat limit (a burst of 5).
    const int posters = (messages + 3) / 4;
    std::vector<std::unique_ptr<HttpClient>> on_a;
    for (int i = 0; i < posters; ++i) {
      std::string token;
      on_a.push_back(signup(a, "poster" + std::to_string(i), &token));
    }
    WsClient socket(b.port(), "/ws", "onair_session=" + fan_token);
    socket.read_until_text(R"("type":"hello")");
    socket.send_text(R"({"type":"subscribe","streamId":")" + id + R"("})");
    socket.read_until_text(R"("type":"subscribed")");

    std::vector<Clock::time_point> sent(messages), received(messages);
    std::vector<bool> got(messages, false);
    std::thread reader([&] {
      std::regex text(R"re("text":"m([0-9]+)")re");
      int seen = 0;
      auto deadline = Clock::now() + std::chrono::seconds(60);
      while (seen < messages && Clock::now() < deadline) {
        auto m = socket.read(std::chrono::seconds(5));
        if (!m) break;
        auto now = Clock::now();
        std::smatch found;
        if (!std::regex_search(m->data, found, text)) continue;
        int i = std::stoi(found[1]);
        if (i < messages && !got[i]) {
          got[i] = true;
          received[i] = now;
          ++seen;
        }
      }
    });
    for (int i = 0; i < messages; ++i) {
      sent[i] = Clock::now();
      auto res = on_a[i % posters]->post_json("/api/live-streams/" + id + "/chat",
                                              boost::json::object{{"text", "m" + std::to_string(i)}});
      if (res.status != 201) std::fprintf(stderr, "post %d: %ld %s\n", i, res.status, res.body.c_str());
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    reader.join();
    std::vector<double> ms;
    for (int i = 0; i < messages; ++i) {
      if (got[i]) ms.push_back(std::chrono::duration<double, std::milli>(received[i] - sent[i]).count());
    }
    if (ms.empty()) {
      std::printf("RESULT cross_instance_chat received=0 of %d\n", messages);
    } else {
      std::printf("RESULT cross_instance_chat messages=%d received=%zu p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
                  messages, ms.size(), percentile(ms, 50), percentile(ms, 99), percentile(ms, 100));
    }
  }
  admin->write([&](store::Conn& c) -> Status {
    c.sql << "DROP SCHEMA " + schema + " CASCADE";
    return ok_status();
  }).value();
  return 0;
}

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cross_instance_push: %s\n", e.what());
    return 1;
  }
}
