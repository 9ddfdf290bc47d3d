#include "support/http_client.hpp"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace onair::testing {
namespace {

size_t on_body(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    (*static_cast<std::map<std::string, std::string>*>(out))[name] = value;
  }
  return size * n;
}

}  // namespace

std::string HttpResponse::error_code() const {
  if (!json.is_object()) return "";
  const auto* error = json.as_object().if_contains("error");
  if (error == nullptr || !error->is_object()) return "";
  const auto* code = error->as_object().if_contains("code");
  return code != nullptr && code->is_string() ? std::string(code->as_string()) : "";
}

std::string HttpResponse::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

HttpClient::HttpClient(std::string base_url) : base_url_(std::move(base_url)), curl_(curl_easy_init()) {
  if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
}

namespace {

/// With ONAIR_CONTRACT_LOG naming a directory, every answer is appended there as a JSON line
/// (method, path, status, content type, a JSON body) for tests/contract to check against
/// api/openapi.json once the suite has run.
void record_for_contract(const std::string& method, const std::string& target, const HttpResponse& res) {
  const char* dir = std::getenv("ONAIR_CONTRACT_LOG");
  if (dir == nullptr || *dir == '\0') return;
  auto type = res.header("content-type");
  boost::json::object line{{"method", method},
                           {"path", target.substr(0, target.find('?'))},
                           {"status", res.status},
                           {"contentType", type}};
  if (type.starts_with("application/json") && res.body.size() < 2 * 1024 * 1024) line["body"] = res.json;
  std::ofstream out(std::string(dir) + "/http-" + std::to_string(::getpid()) + ".jsonl", std::ios::app);
  out << boost::json::serialize(line) << "\n";
}

}  // namespace

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResponse HttpClient::request(const std::string& method, const std::string& path,
                                 const std::optional<std::string>& body,
                                 const std::map<std::string, std::string>& headers) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);
  HttpResponse out;
  std::string url = base_url_ + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &out.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  curl_slist* list = nullptr;
  bool has_content_type = false;
  for (const auto& [k, v] : headers) {
    list = curl_slist_append(list, (k + ": " + v).c_str());
    has_content_type = has_content_type || k == "Content-Type";
  }
  if (body) {
    if (!has_content_type) list = curl_slist_append(list, "Content-Type: application/json");
    list = curl_slist_append(list, "Expect:");
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
  }
  if (!token_.empty()) list = curl_slist_append(list, ("Authorization: Bearer " + token_).c_str());
  for (const auto& [k, v] : always_) {
    if (!headers.contains(k)) list = curl_slist_append(list, (k + ": " + v).c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(list);
  if (rc != CURLE_OK) throw std::runtime_error(std::string("HTTP request failed: ") + curl_easy_strerror(rc));
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
  boost::system::error_code ec;
  out.json = boost::json::parse(out.body, ec);
  if (ec) out.json = nullptr;
  record_for_contract(method, path, out);
  return out;
}

HttpResponse HttpClient::post_json(const std::string& path, const boost::json::value& body) {
  return request("POST", path, boost::json::serialize(body));
}

}  // namespace onair::testing
