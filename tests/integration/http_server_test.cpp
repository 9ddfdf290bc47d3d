#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "support/api_session.hpp"
#include "support/raw_socket.hpp"

namespace onair::testing {
namespace {

int occurrences(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

class HttpServer : public ApiTest {
 protected:
  std::map<std::string, std::string> server_env() override {
    return {{"ONAIR_MAX_BODY_BYTES", "4096"}, {"ONAIR_REQUEST_TIMEOUT_SECONDS", "1"}};
  }
};

TEST_F(HttpServer, HealthzAnswersOk) {
  auto res = client()->get("/healthz");
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.json.at("status").as_string(), "ok");
  EXPECT_EQ(client()->request("HEAD", "/healthz").status, 200);
}

TEST_F(HttpServer, OversizeBodyIs413AndNothingIsWritten) {
  auto http = client();
  std::string big = R"({"handle":"alice","email":"a@b.io","password":")" + std::string(8000, 'x') + R"("})";
  expect_error(http->post("/api/auth/signup", big), 413, "payload_too_large");
  EXPECT_EQ(count("SELECT COUNT(*) FROM users"), 0);
  // Chunked bodies have no Content-Length up front; the limit still holds.
  RawSocket raw(server_->port());
  std::string chunk(3000, 'x');
  raw.send("POST /api/auth/signup HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  for (int i = 0; i < 3; ++i) raw.send("bb8\r\n" + chunk + "\r\n");
  raw.send("0\r\n\r\n");
  auto reply = raw.read_all();
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply.substr(0, 200);
  EXPECT_NE(reply.find("payload_too_large"), std::string::npos);
}

TEST_F(HttpServer, UnknownPathsAndMethodsUseTheErrorShape) {
  auto http = client();
  expect_error(http->get("/api/nothing-here"), 404, "not_found");
  expect_error(http->request("DELETE", "/healthz"), 405, "method_not_allowed");
  expect_error(http->request("PUT", "/api/live-streams"), 405, "method_not_allowed");
}

TEST_F(HttpServer, MalformedHttpGets400AndTheServerKeepsServing) {
  {
    RawSocket raw(server_->port());
    raw.send("THIS IS NOT HTTP\r\n\r\n");
    auto reply = raw.read_all();
    EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  }
  {
    RawSocket raw(server_->port());
    raw.send("GET /api/me HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n");
    EXPECT_EQ(raw.read_all().rfind("HTTP/1.1 400", 0), 0u);
  }
  EXPECT_EQ(client()->get("/healthz").status, 200);
}

TEST_F(HttpServer, KeepAliveServesPipelinedRequestsOnOneConnection) {
  RawSocket raw(server_->port());
  raw.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
           "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto reply = raw.read_all();
  EXPECT_EQ(occurrences(reply, "HTTP/1.1 200 OK"), 3) << reply;
}

TEST_F(HttpServer, SlowRequestIsCutOffAtTheTimeout) {
  RawSocket raw(server_->port());
  raw.send("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"lo");
  auto started = std::chrono::steady_clock::now();
  auto reply = raw.read_all();  // returns when the server closes the connection
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(reply.empty()) << reply;
  EXPECT_GE(waited, std::chrono::milliseconds(900));
  EXPECT_LT(waited, std::chrono::seconds(5));
  EXPECT_EQ(client()->get("/healthz").status, 200);
}

TEST_F(HttpServer, ShutdownFinishesInFlightRequestsAndClosesTheDatabaseCleanly) {
  auto idle = client();
  ASSERT_EQ(idle->get("/healthz").status, 200);  // an idle keep-alive connection stays open
  auto signup = std::async(std::launch::async, [&] {
    HttpClient http(server_->base_url());
    return http.post_json("/api/auth/signup", json::object{{"handle", "late"}, {"email", "late@example.test"},
                                                           {"password", "password1"}});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(30));  // the argon2id hash is under way
  auto db = server_->database_path();
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server_->stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  auto res = signup.get();
  EXPECT_EQ(res.status, 201) << res.body;
  // Checked before opening the file again: a reader would recreate the write-ahead log.
  EXPECT_FALSE(std::filesystem::exists(db + "-wal")) << "the last connection did not close cleanly";
  EXPECT_EQ(db_count(db, "SELECT COUNT(*) FROM users WHERE handle = 'late'"), 1);
}

TEST(HttpServerConfig, BadSettingStopsStartUpWithOneLineNamingIt) {
  auto [status, output] = run_server_expecting_exit({{"ONAIR_LISTEN", "127.0.0.1:notaport"}});
  EXPECT_EQ(status, 2);
  EXPECT_NE(output.find("ONAIR_LISTEN"), std::string::npos) << output;
  EXPECT_EQ(occurrences(output, "\n"), 1) << output;
  auto [status2, output2] = run_server_expecting_exit({{"ONAIR_MEDIA_BACKEND", "livekit"}});
  EXPECT_EQ(status2, 2);
  EXPECT_NE(output2.find("LIVEKIT_URL"), std::string::npos) << output2;
}

TEST(HttpServerStart, ADatabaseItCannotReachIsNamedWithoutItsPassword) {
  auto [status, output] =
      run_server_expecting_exit({{"ONAIR_DATABASE_URL", "postgresql://onair:hunter2-secret@127.0.0.1:1/onair"}});
  EXPECT_EQ(status, 2) << output;
  EXPECT_NE(output.find("postgresql://onair:***@127.0.0.1:1/onair"), std::string::npos) << output;
  EXPECT_EQ(output.find("hunter2"), std::string::npos) << output;
}

TEST(HttpServerStatic, ServesTheWebClientWithSpaFallbackAndNoEscape) {
  TempDir web;
  std::filesystem::create_directories(web.path() / "assets");
  std::ofstream(web.path() / "index.html") << "<!doctype html><title>onair app</title>";
  std::ofstream(web.path() / "assets" / "app-123.js") << "console.log('hi')";
  ServerProcess server({{"ONAIR_WEB_DIR", web.path().string()}});
  HttpClient http(server.base_url());
  auto index = http.get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("onair app"), std::string::npos);
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  auto route = http.get("/live/abc");
  EXPECT_NE(route.body.find("onair app"), std::string::npos);
  auto js = http.get("/assets/app-123.js");
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_NE(js.header("cache-control").find("immutable"), std::string::npos);
  auto api = http.get("/api/unknown");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.error_code(), "not_found");
}

TEST(HttpServerStatic, NoPathReachesAFileOutsideTheWebRoot) {
  TempDir outer;
  auto web = outer.path() / "web";
  std::filesystem::create_directories(web / "assets");
  std::ofstream(web / "index.html") << "<!doctype html><title>onair app</title>";
  const std::string kSecret = "TOP-SECRET-7f3a9c";
  std::ofstream(outer.path() / "secret.txt") << kSecret;
  std::filesystem::create_symlink(outer.path() / "secret.txt", web / "linked.txt");  // a link out of the root
  std::filesystem::create_directory_symlink(outer.path(), web / "assets" / "up");
  ServerProcess server({{"ONAIR_WEB_DIR", web.string()}});
  auto absolute = (outer.path() / "secret.txt").string();
  for (const std::string& path :
       {std::string("/../secret.txt"), std::string("/..%2fsecret.txt"), std::string("/%2e%2e/secret.txt"),
        std::string("/%2e%2e%2fsecret.txt"), std::string("/%252e%252e/secret.txt"), std::string("/assets/../../secret.txt"),
        std::string("/assets/%2e%2e/%2e%2e/secret.txt"), std::string("/..\\secret.txt"), std::string("/.%2e/secret.txt"),
        std::string("//") + absolute.substr(1), absolute, std::string("/%2f") + absolute.substr(1), std::string("/linked.txt"),
        std::string("/assets/up/secret.txt"), std::string("/assets/up/web/../secret.txt")}) {
    RawSocket raw(server.port());
    raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    auto reply = raw.read_all();
    EXPECT_FALSE(reply.empty()) << path;
    EXPECT_EQ(reply.find(kSecret), std::string::npos) << path << " reached the file outside the web root";
  }
  // The planted file is readable, so the test would see it: a path inside the root serves it.
  std::filesystem::copy_file(outer.path() / "secret.txt", web / "inside.txt");
  RawSocket raw(server.port());
  raw.send("GET /inside.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(raw.read_all().find(kSecret), std::string::npos);
}

}  // namespace
}  // namespace onair::testing
