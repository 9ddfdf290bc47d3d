// Relay fan-out benchmark: one MediaRecorder recording (WebM or fragmented MP4) replayed at its
// real-time rate by a publisher to N viewers, through onair's built-in relay and through a minimal
// Asio TCP fan-out (the floor: the same bytes written to N sockets by one thread, nothing else). One
// single-threaded event-loop client plays the publisher and every viewer for both, so the two
// figures compare.
//
//   relay_fanout --onair build/onair --media REC.webm|REC.mp4 [--viewers 100,500,1000]
//                [--chunk-ms 120|1000] [--hls]
//
// Prints, per N and per target: server CPU seconds, bytes delivered, CPU s per delivered GB,
// viewers' skips (drops), and added latency (publish → viewer receive) p50/p99. A recording's chunks
// are replayed every --chunk-ms (default: 120 ms for WebM, MediaRecorder's start(100); 500 ms for
// MP4, where Chromium writes a fragment about every half second). With --hls (an H.264 MP4
// recording), one more client follows the stream's LL-HLS as a low-latency player does, waiting on
// each preload-hinted part, and the time from the publisher sending a chunk to the keyframe part cut
// from it being served is printed (p50/p95/max): when a new segment can be played.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

extern char** environ;

namespace {

struct Recording {
  std::vector<std::shared_ptr<const std::string>> chunks;
  std::vector<std::uint64_t> ends;  // cumulative end offset of each chunk
  double seconds = 0;
  int chunk_ms = 120;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// `chunk_ms` 0: the container's usual interval.
Recording load(const std::string& path, int chunk_ms = 0) {
  auto bytes = read_file(path);
  bool mp4 = path.ends_with(".mp4");
  auto lengths = json::parse(read_file(path.substr(0, path.rfind('.')) + ".chunks.json")).as_array();
  Recording r;
  std::uint64_t offset = 0;
  for (const auto& l : lengths) {
    auto n = static_cast<std::size_t>(l.to_number<std::int64_t>());
    if (n == 0) continue;
    r.chunks.push_back(std::make_shared<const std::string>(bytes.substr(offset, n)));
    offset += n;
    r.ends.push_back(offset);
  }
  r.chunk_ms = chunk_ms > 0 ? chunk_ms : mp4 ? 500 : 120;
  r.seconds = r.chunk_ms / 1000.0 * static_cast<double>(r.chunks.size());
  return r;
}

double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  auto close = stat.rfind(')');
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15; ++i) {
    rest >> field;
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

struct Process {
  pid_t pid = -1;
  std::string log;
  int port = 0;
  ~Process() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      int status;
      waitpid(pid, &status, 0);
    }
  }
};

/// Starts `argv` with `env` added; waits for "listening on …:PORT" (or "PORT n") in its output.
std::unique_ptr<Process> start(std::vector<std::string> argv, std::vector<std::string> env, const std::string& log) {
  auto p = std::make_unique<Process>();
  p->log = log;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args, envp;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  for (char** e = environ; *e; ++e) envp.push_back(*e);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  if (posix_spawn(&p->pid, argv[0].c_str(), &actions, nullptr, args.data(), envp.data()) != 0) {
    throw std::runtime_error("cannot start " + argv[0]);
  }
  posix_spawn_file_actions_destroy(&actions);
  std::regex listening(R"((?:listening on http://[0-9.]+:|PORT )([0-9]+))");
  for (int i = 0; i < 400; ++i) {
    std::smatch m;
    auto text = read_file(log);
    if (std::regex_search(text, m, listening)) {
      p->port = std::stoi(m[1]);
      return p;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  throw std::runtime_error("did not start: " + read_file(log));
}

// ---- the floor: a minimal single-threaded Asio TCP fan-out ----------------------------------

int run_floor_server(int viewers) {
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::printf("PORT %d\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  std::vector<std::shared_ptr<tcp::socket>> sockets;
  for (int i = 0; i < viewers; ++i) {
    auto s = std::make_shared<tcp::socket>(acceptor.accept());
    s->set_option(tcp::no_delay(true));
    sockets.push_back(s);
  }
  tcp::socket publisher = acceptor.accept();
  // Length-prefixed chunks from the publisher, each written to every viewer from one buffer.
  for (;;) {
    std::uint32_t n = 0;
    boost::system::error_code ec;
    asio::read(publisher, asio::buffer(&n, 4), ec);
    if (ec) break;
    auto chunk = std::make_shared<std::string>(n, '\0');
    asio::read(publisher, asio::buffer(*chunk), ec);
    if (ec) break;
    for (auto& s : sockets) asio::async_write(*s, asio::buffer(*chunk), [chunk](auto, auto) {});
    ioc.poll();
    ioc.restart();
  }
  ioc.run();
  return 0;
}

// ---- the client: publisher + N viewers on one event loop ------------------------------------

struct Result {
  std::vector<double> hls_ms;  // keyframe fragment sent → its first HLS part served
  double server_cpu = 0;
  std::uint64_t bytes = 0;
  std::uint64_t skips = 0;
  std::vector<double> latency_ms;
};

struct Viewer {
  std::uint64_t received = 0;  // stream bytes so far (init included)
};

void note_latency(const Recording& rec, const std::vector<Clock::time_point>& sent, std::uint64_t end,
                  Result& result) {
  auto it = std::lower_bound(rec.ends.begin(), rec.ends.end(), end);
  auto index = static_cast<std::size_t>(it - rec.ends.begin());
  if (index < sent.size()) {
    result.latency_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent[index]).count());
  }
}

Result run_floor(const std::string& self, const Recording& rec, int viewers, const std::string& work) {
  auto server = start({self, "--floor-server", std::to_string(viewers)}, {}, work + "/floor.log");
  asio::io_context ioc;
  Result result;
  std::vector<Clock::time_point> sent;
  std::vector<std::unique_ptr<tcp::socket>> sockets;
  std::vector<Viewer> state(viewers);
  std::vector<std::array<char, 65536>> buffers(viewers);
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server->port));
  for (int i = 0; i < viewers; ++i) {
    sockets.push_back(std::make_unique<tcp::socket>(ioc));
    sockets.back()->connect(endpoint);
  }
  std::function<void(int)> read = [&](int i) {
    sockets[i]->async_read_some(asio::buffer(buffers[i]), [&, i](boost::system::error_code ec, std::size_t n) {
      if (ec) return;
      state[i].received += n;
      result.bytes += n;
      note_latency(rec, sent, state[i].received, result);
      read(i);
    });
  };
  for (int i = 0; i < viewers; ++i) read(i);
  tcp::socket publisher(ioc);
  publisher.connect(endpoint);
  double cpu0 = cpu_seconds(server->pid);
  asio::steady_timer timer(ioc);
  auto t0 = Clock::now();
  std::size_t next = 0;
  std::function<void()> tick = [&] {
    if (next == rec.chunks.size()) {
      publisher.close();
      timer.expires_after(std::chrono::seconds(1));
      timer.async_wait([&](auto) { ioc.stop(); });
      return;
    }
    std::uint32_t n = static_cast<std::uint32_t>(rec.chunks[next]->size());
    sent.push_back(Clock::now());
    asio::write(publisher, std::array<asio::const_buffer, 2>{asio::buffer(&n, 4), asio::buffer(*rec.chunks[next])});
    ++next;
    timer.expires_at(t0 + std::chrono::milliseconds(rec.chunk_ms * static_cast<int>(next)));
    timer.async_wait([&](auto) { tick(); });
  };
  tick();
  ioc.run();
  result.server_cpu = cpu_seconds(server->pid) - cpu0;
  return result;
}

/// GET `target` and its body (empty on failure).
std::string http_get(int port, const std::string& target) {
  try {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1");
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res.result() == http::status::ok ? res.body() : std::string();
  } catch (const std::exception&) {
    return {};
  }
}

/// Follows a stream's LL-HLS the way a low-latency player does: wait on the preload-hinted part,
/// then reload the playlist. Notes when each part starting a segment-to-be (INDEPENDENT) was
/// first served. Stops when `stop` is set or the playlist ends.
struct HlsFollower {
  std::vector<std::pair<std::int64_t, Clock::time_point>> independent;  // part number, served at
  std::int64_t first_part = -1;  // the first part waited on (its media may have come earlier)
  void run(int port, const std::string& base, const std::string& query, const std::atomic<bool>& stop) {
    std::map<std::int64_t, Clock::time_point> served;
    std::set<std::int64_t> noted;
    std::regex hint(R"re(PRELOAD-HINT:TYPE=PART,URI="part-([0-9]+)\.m4s)re");
    std::regex part(R"re(URI="part-([0-9]+)\.m4s[^"]*",INDEPENDENT=YES)re");
    while (!stop) {
      auto playlist = http_get(port, base + "playlist.m3u8" + query);
      for (std::sregex_iterator it(playlist.begin(), playlist.end(), part), end; it != end; ++it) {
        auto n = std::stoll((*it)[1]);
        if (served.count(n) != 0 && noted.insert(n).second) independent.emplace_back(n, served[n]);
      }
      if (playlist.find("#EXT-X-ENDLIST") != std::string::npos) return;
      std::smatch m;
      if (!std::regex_search(playlist, m, hint)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      auto next = std::stoll(m[1]);
      if (first_part < 0) first_part = next;
      if (!http_get(port, base + "part-" + std::to_string(next) + ".m4s" + query).empty()) {
        served.emplace(next, Clock::now());
      }
    }
  }
};

json::value http_json(int port, http::verb verb, const std::string& target, const std::string& body,
                      const std::string& token = "") {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::content_type, "application/json");
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  return json::parse(res.body());
}

std::string path_of(const json::value& creds) {
  std::string url(creds.at("url").as_string());
  return url.substr(url.find('/', url.find("//") + 2)) + "?token=" + std::string(creds.at("token").as_string());
}

Result run_onair(const std::string& binary, const Recording& rec, int viewers, const std::string& work, bool hls) {
  std::filesystem::remove_all(work + "/data");
  auto server = start({binary},
                      {"ONAIR_DATA_DIR=" + work + "/data", "ONAIR_LISTEN=127.0.0.1:0", "ONAIR_LOG_LEVEL=warn",
                       "ONAIR_RELAY_MAX_VIEWERS=100000",
                       // Every viewer of the bench comes from 127.0.0.1.
                       "ONAIR_MAX_CONNECTIONS_PER_ADDRESS=100000", "ONAIR_MAX_CONNECTIONS=100000"},
                      work + "/onair.log");
  int port = server->port;
  auto creator = http_json(port, http::verb::post, "/api/auth/signup",
                           R"({"handle":"creator","email":"c@bench.test","password":"password1"})");
  auto viewer = http_json(port, http::verb::post, "/api/auth/signup",
                          R"({"handle":"viewer","email":"v@bench.test","password":"password1"})");
  std::string creator_token(creator.at("token").as_string()), viewer_token(viewer.at("token").as_string());
  auto created = http_json(port, http::verb::post, "/api/live-streams",
                           R"({"title":"bench","sensitivity":"none","gating":"public"})", creator_token);
  std::string id(created.at("stream").at("id").as_string());
  auto publish_path = path_of(created.at("publish"));

  asio::io_context ioc;
  Result result;
  std::vector<Clock::time_point> sent;
  std::vector<std::unique_ptr<websocket::stream<beast::tcp_stream>>> sockets;
  std::vector<Viewer> state(viewers);
  std::vector<beast::flat_buffer> buffers(viewers);
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
  for (int i = 0; i < viewers; ++i) {
    auto joined = http_json(port, http::verb::post, "/api/live-streams/" + id + "/join", "{}", viewer_token);
    auto ws = std::make_unique<websocket::stream<beast::tcp_stream>>(ioc);
    beast::get_lowest_layer(*ws).connect(endpoint);
    ws->handshake("127.0.0.1", path_of(joined.at("watch")));
    ws->read_message_max(64 << 20);
    sockets.push_back(std::move(ws));
  }
  std::function<void(int)> read = [&](int i) {
    sockets[i]->async_read(buffers[i], [&, i](boost::system::error_code ec, std::size_t n) {
      if (ec) return;
      if (sockets[i]->got_binary()) {
        state[i].received += n;
        result.bytes += n;
        note_latency(rec, sent, state[i].received, result);
      } else if (beast::buffers_to_string(buffers[i].data()).find("\"skip\"") != std::string::npos) {
        ++result.skips;
      }
      buffers[i].consume(buffers[i].size());
      read(i);
    });
  };
  for (int i = 0; i < viewers; ++i) read(i);
  websocket::stream<beast::tcp_stream> publisher(ioc);
  beast::get_lowest_layer(publisher).connect(endpoint);
  publisher.handshake("127.0.0.1", publish_path);
  publisher.binary(true);
  // HLS exists once the publisher's init segment and first fragment are in: send those now.
  HlsFollower follower;
  std::atomic<bool> stop_hls{false};
  std::thread hls_thread;
  std::vector<Clock::time_point> early;
  if (hls) {
    // MediaRecorder's first chunks: ftyp+moov, then the first fragment (Chromium: two chunks).
    for (std::size_t i = 0; i < 2 && i < rec.chunks.size(); ++i) {
      early.push_back(Clock::now());
      publisher.write(asio::buffer(*rec.chunks[i]));
    }
    std::string url;
    for (int tries = 0; tries < 100 && url.empty(); ++tries) {
      auto joined = http_json(port, http::verb::post, "/api/live-streams/" + id + "/join", "{}", viewer_token);
      if (joined.at("watch").as_object().contains("hlsUrl")) url = joined.at("watch").at("hlsUrl").as_string();
      else std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (url.empty()) throw std::runtime_error("the stream has no hlsUrl: is the recording H.264 MP4?");
    auto path = url.substr(url.find('/', url.find("//") + 2));
    auto query = path.substr(path.find('?'));
    auto base = path.substr(0, path.rfind('/') + 1);
    hls_thread = std::thread([&, base, query] { follower.run(port, base, query, stop_hls); });
  }
  double cpu0 = cpu_seconds(server->pid);
  asio::steady_timer timer(ioc);
  auto t0 = Clock::now();
  std::size_t next = 0;
  sent = early;
  next = early.size();
  std::function<void()> tick = [&] {
    if (next == rec.chunks.size()) {
      timer.expires_after(std::chrono::seconds(2));
      timer.async_wait([&](auto) { ioc.stop(); });
      return;
    }
    sent.push_back(Clock::now());
    publisher.write(asio::buffer(*rec.chunks[next]));
    ++next;
    timer.expires_at(t0 + std::chrono::milliseconds(rec.chunk_ms * static_cast<int>(next - early.size())));
    timer.async_wait([&](auto) { tick(); });
  };
  tick();
  ioc.run();
  result.server_cpu = cpu_seconds(server->pid) - cpu0;
  if (hls) {
    stop_hls = true;
    // Ending the stream answers the follower's waiting request.
    http_json(port, http::verb::post, "/api/live-streams/" + id + "/end", R"({"saveRecording":false})", creator_token);
    hls_thread.join();
    // Parts are made when a chunk arrives: a part served at t came from the last chunk sent
    // before t. Only parts starting at a keyframe (INDEPENDENT) count: where a player may join.
    for (const auto& [part, served] : follower.independent) {
      auto after = std::upper_bound(sent.begin(), sent.end(), served);
      if (after == sent.begin() || part == follower.first_part) continue;
      result.hls_ms.push_back(std::chrono::duration<double, std::milli>(served - *std::prev(after)).count());
    }
  }
  return result;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size())))];
}

void print(const char* target, int viewers, const Result& r) {
  double gb = static_cast<double>(r.bytes) / 1e9;
  std::printf("%-6s viewers=%-5d cpu_s=%6.2f delivered_MB=%9.1f cpu_s_per_GB=%6.2f skips=%-5llu "
              "latency_ms p50=%6.2f p99=%7.2f\n",
              target, viewers, r.server_cpu, static_cast<double>(r.bytes) / 1e6, gb > 0 ? r.server_cpu / gb : 0,
              static_cast<unsigned long long>(r.skips), percentile(r.latency_ms, 50), percentile(r.latency_ms, 99));
  if (!r.hls_ms.empty()) {
    std::printf("hls    viewers=%-5d keyframe fragment sent -> first part served ms: n=%zu p50=%.1f p95=%.1f max=%.1f\n",
                viewers, r.hls_ms.size(), percentile(r.hls_ms, 50), percentile(r.hls_ms, 95),
                percentile(r.hls_ms, 100));
  }
  std::fflush(stdout);
}

}  // namespace

/// `--publish PORT PATH MEDIA SECONDS`: publishes a recording's chunks (as fast as they go) to a
/// relay publish path, then holds the socket open for SECONDS. Used by bench/notify_fanout.sh.
int publish_only(int port, const std::string& path, const std::string& media, int seconds) {
  auto rec = load(media);
  asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws(ioc);
  beast::get_lowest_layer(ws).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  ws.handshake("127.0.0.1", path);
  ws.binary(true);
  for (const auto& chunk : rec.chunks) ws.write(asio::buffer(*chunk));
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  return 0;
}

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "--floor-server") return run_floor_server(std::stoi(args[1]));
  if (args.size() == 5 && args[0] == "--publish") {
    return publish_only(std::stoi(args[1]), args[2], args[3], std::stoi(args[4]));
  }
  std::string onair = "build/onair", media;
  std::vector<int> counts{100, 500, 1000};
  int chunk_ms = 0;
  bool hls = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--hls") hls = true;
  }
  std::erase(args, std::string("--hls"));
  for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
    if (args[i] == "--onair") onair = args[i + 1];
    if (args[i] == "--chunk-ms") chunk_ms = std::stoi(args[i + 1]);
    if (args[i] == "--media") media = args[i + 1];
    if (args[i] == "--viewers") {
      counts.clear();
      std::stringstream list(args[i + 1]);
      for (std::string n; std::getline(list, n, ',');) counts.push_back(std::stoi(n));
    }
  }
  if (media.empty()) {
    std::cerr << "usage: relay_fanout --onair BIN --media REC.webm|REC.mp4 [--viewers 100,500,1000] "
                 "[--chunk-ms N] [--hls]\n";
    return 2;
  }
  auto rec = load(media, chunk_ms);
  std::uint64_t total = rec.ends.back();
  std::printf("relay_fanout: %s, %zu chunks, %.1f MB, %.2f Mbit/s replayed over %.1f s, %u cores\n",
              media.c_str(), rec.chunks.size(), static_cast<double>(total) / 1e6,
              static_cast<double>(total) * 8 / rec.seconds / 1e6, rec.seconds, std::thread::hardware_concurrency());
  auto work = std::filesystem::temp_directory_path() / ("onair-fanout-" + std::to_string(getpid()));
  std::filesystem::create_directories(work);
  std::string self = std::filesystem::canonical("/proc/self/exe").string();
  for (int n : counts) {
    auto floor = run_floor(self, rec, n, work.string());
    print("floor", n, floor);
    auto relay = run_onair(onair, rec, n, work.string(), hls);
    print("onair", n, relay);
    std::printf("ratio  viewers=%-5d cpu_per_GB onair/floor=%.2f\n", n,
                (relay.server_cpu / std::max(1.0, static_cast<double>(relay.bytes))) /
                    (floor.server_cpu / std::max(1.0, static_cast<double>(floor.bytes))));
  }
  std::filesystem::remove_all(work);
  return 0;
}
