#pragma once

#include <map>
#include <optional>
#include <string>

#include <boost/json/value.hpp>

namespace onair::testing {

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  boost::json::value json;                      // null when the body is not JSON

  /// `error.code` of an API.md error body, or "" when there is none.
  std::string error_code() const;
  std::string header(const std::string& lower_name) const;
};

/// A small libcurl client for tests: one connection reused across calls (keep-alive).
class HttpClient {
 public:
  explicit HttpClient(std::string base_url);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Sent as `Authorization: Bearer <token>` when set.
  void set_token(std::string token) { token_ = std::move(token); }
  const std::string& token() const { return token_; }
  /// Sent with every request (unless the request names it), e.g. `X-Forwarded-For`.
  void set_header(const std::string& name, std::string value) { always_[name] = std::move(value); }

  HttpResponse request(const std::string& method, const std::string& path,
                       const std::optional<std::string>& body = std::nullopt,
                       const std::map<std::string, std::string>& headers = {});
  HttpResponse get(const std::string& path) { return request("GET", path); }
  HttpResponse post(const std::string& path, const std::string& body = "{}") {
    return request("POST", path, body);
  }
  HttpResponse post_json(const std::string& path, const boost::json::value& body);

 private:
  std::string base_url_;
  std::string token_;
  std::map<std::string, std::string> always_;
  void* curl_;
};

}  // namespace onair::testing
