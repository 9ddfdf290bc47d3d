#pragma once

#include <chrono>
#include <functional>
#include <filesystem>
#include <memory>
#include <thread>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace onair::testing {

namespace json = boost::json;

/// A user signed up through the API with its own client.
struct ApiUser {
  std::string id;
  std::string handle;
  std::string token;
  std::unique_ptr<HttpClient> http;
};

/// Starts a fresh server per test and signs users up through the real API.
class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override { server_ = std::make_unique<ServerProcess>(server_env()); }
  virtual std::map<std::string, std::string> server_env() { return {}; }

  std::unique_ptr<HttpClient> client() { return std::make_unique<HttpClient>(server_->base_url()); }

  /// `forwarded_for`: sent as X-Forwarded-For with every request of the user (for a server with
  /// ONAIR_TRUSTED_PROXIES, the client's address).
  ApiUser signup(const std::string& handle, const std::string& forwarded_for = {}) {
    auto http = client();
    if (!forwarded_for.empty()) http->set_header("X-Forwarded-For", forwarded_for);
    auto res = http->post_json("/api/auth/signup", json::object{{"handle", handle},
                                                                {"email", handle + "@example.test"},
                                                                {"password", "password-" + handle},
                                                                {"displayName", "User " + handle}});
    EXPECT_EQ(res.status, 201) << res.body;
    ApiUser user;
    user.id = std::string(res.json.at("user").at("id").as_string());
    user.handle = handle;
    user.token = std::string(res.json.at("token").as_string());
    http->set_token(user.token);
    user.http = std::move(http);
    return user;
  }

  /// Signs a user up and makes them an operator with `onair admin grant`, as an operator would.
  ApiUser signup_admin(const std::string& handle) {
    auto user = signup(handle);
    auto [status, output] = server_->run_command({"admin", "grant", handle});
    EXPECT_EQ(status, 0) << output;
    return user;
  }

  /// Creates a stream for `user` and returns its id.
  std::string create_stream(ApiUser& user, json::object body = {}) {
    if (!body.contains("title")) body["title"] = "Stream of " + user.handle;
    if (!body.contains("sensitivity")) body["sensitivity"] = "none";
    if (!body.contains("gating")) body["gating"] = "public";
    auto res = user.http->post_json("/api/live-streams", body);
    EXPECT_EQ(res.status, 201) << res.body;
    return std::string(res.json.at("stream").at("id").as_string());
  }

  long long count(const std::string& sql) { return db_count(server_->database_path(), sql); }

  std::unique_ptr<ServerProcess> server_;
};

/// Polls `done` until it holds (true) or `timeout` passes (what `done` says then).
inline bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return done();
}

/// Waits until the file at `path` holds `size` bytes (a recording the relay is still writing);
/// false when it does not within `timeout`.
inline bool wait_for_file_size(const std::filesystem::path& path, std::uintmax_t size,
                               std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::error_code ec;
    if (std::filesystem::file_size(path, ec) == size && !ec) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

/// Where the relay records a stream's first publisher connection, under a server's data dir.
inline std::filesystem::path recording_part(const std::string& data_dir, const std::string& stream_id,
                                            const std::string& extension = "webm") {
  return std::filesystem::path(data_dir) / "media" / "live" / stream_id / ("part-000." + extension);
}

/// The path and query of relay credentials `{url, token}`, to open on the test server.
inline std::string path_of(const json::value& creds) {
  std::string url(creds.at("url").as_string());
  return url.substr(url.find('/', url.find("//") + 2)) + "?token=" + std::string(creds.at("token").as_string());
}

/// Asserts an API.md error: status, body shape and code.
inline void expect_error(const HttpResponse& res, long status, const std::string& code) {
  EXPECT_EQ(res.status, status) << res.body;
  ASSERT_TRUE(res.json.is_object()) << res.body;
  const auto* error = res.json.as_object().if_contains("error");
  ASSERT_NE(error, nullptr) << res.body;
  EXPECT_EQ(res.error_code(), code) << res.body;
  ASSERT_TRUE(error->as_object().if_contains("message") != nullptr);
  EXPECT_TRUE(error->at("message").is_string());
  EXPECT_FALSE(error->at("message").as_string().empty());
  EXPECT_EQ(res.header("content-type"), "application/json");
}

}  // namespace onair::testing
