#include "livekit/twirp_client.hpp"

#include <curl/curl.h>

#include <random>
#include <thread>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include "livekit/json_fields.hpp"

namespace onair::livekit {
namespace {

struct CurlHandle {
  CURL* curl = curl_easy_init();
  ~CurlHandle() { curl_easy_cleanup(curl); }
};

/// The calling thread's handle; reusing it keeps the connection to LiveKit open.
CURL* thread_handle() {
  thread_local CurlHandle handle;
  curl_easy_reset(handle.curl);
  return handle.curl;
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

bool transient_status(long status) {
  return status == 408 || status == 429 || (status >= 500 && status != 501);
}

}  // namespace

std::string http_base_url(std::string url) {
  if (url.rfind("wss://", 0) == 0) url = "https://" + url.substr(6);
  if (url.rfind("ws://", 0) == 0) url = "http://" + url.substr(5);
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

struct TwirpClient::Attempt {
  long status = 0;               // 0: no HTTP answer
  std::string transport_error;   // set when status == 0
  std::string body;
  bool json = false;
};

TwirpClient::TwirpClient(std::string url, const TokenSigner& signer, const Clock& clock, TwirpOptions options)
    : base_url_(http_base_url(std::move(url))),
      signer_(signer),
      clock_(clock),
      options_(std::move(options)),
      rooms_breaker_(clock, options_.breaker_threshold, options_.breaker_cooldown),
      egress_breaker_(clock, options_.breaker_threshold, options_.breaker_cooldown) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

TwirpClient::Attempt TwirpClient::attempt_once(const std::string& url, const std::string& body,
                                               const std::string& token) {
  Attempt a;
  CURL* curl = thread_handle();
  std::string auth = "Authorization: Bearer " + token;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  headers = curl_slist_append(headers, auth.c_str());
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a.body);
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    a.transport_error = curl_easy_strerror(rc);
    return a;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a.status);
  char* type = nullptr;
  curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
  a.json = type != nullptr && std::string_view(type).rfind("application/json", 0) == 0;
  return a;
}

Result<boost::json::object> TwirpClient::call(std::string_view service, std::string_view method,
                                              const boost::json::object& request, const VideoGrant& grant) {
  const std::string what = std::string(service) + "/" + std::string(method);
  auto& breaker = service == "Egress" ? egress_breaker_ : rooms_breaker_;
  if (!breaker.allow()) {
    return Error{ErrorCode::media_backend_unavailable,
                 "The live video service is unavailable; try again shortly", {{"reason", "circuit_open"}}};
  }
  const std::string url = base_url_ + "/twirp/livekit." + what;
  const std::string body = boost::json::serialize(request);
  thread_local std::minstd_rand jitter(std::random_device{}());
  std::string last_failure;
  for (int n = 0; n < options_.max_attempts; ++n) {
    if (n > 0) {
      auto cap = options_.backoff_base.count() << (n - 1);
      std::uniform_int_distribution<long long> pick(0, cap);
      std::this_thread::sleep_for(std::chrono::milliseconds(pick(jitter)));
    }
    TokenClaims claims;
    claims.video = grant;
    claims.now_seconds = clock_.now_ms() / 1000;
    claims.ttl_seconds = 600;
    Attempt a = attempt_once(url, body, signer_.mint(claims));
    if (a.status == 200) {
      breaker.record_success();
      boost::system::error_code ec;
      auto parsed = boost::json::parse(a.body, ec);
      if (ec || !parsed.is_object()) {
        return Error{ErrorCode::internal, "LiveKit " + what + " answered with JSON onair cannot read", {}};
      }
      return std::move(parsed.as_object());
    }
    std::string code, msg;
    if (a.json) {
      boost::system::error_code ec;
      auto parsed = boost::json::parse(a.body, ec);
      if (!ec && parsed.is_object()) {
        code = json_fields::text(parsed.as_object(), "code");
        msg = json_fields::text(parsed.as_object(), "msg");
      }
    }
    if (a.status == 0 || transient_status(a.status)) {
      last_failure = a.status == 0 ? a.transport_error : std::to_string(a.status) + " " + code + " " + msg;
      spdlog::warn("livekit: {} attempt {} failed: {}", what, n + 1, last_failure);
      breaker.record_failure();
      if (!breaker.allow()) break;
      continue;
    }
    // LiveKit answered: the service is up even though it refused this request.
    breaker.record_success();
    Details details{{"twirpCode", code.empty() ? std::to_string(a.status) : code}};
    if (a.status == 401 || a.status == 403) {
      // The body is not logged: LiveKit echoes the token in it.
      spdlog::error("livekit: {} refused onair's credentials ({}): check LIVEKIT_API_KEY and LIVEKIT_API_SECRET",
                    what, a.status);
      return Error{ErrorCode::media_backend_unavailable, "The live video service refused onair's credentials",
                   std::move(details)};
    }
    if (code == "not_found" || (code.empty() && a.status == 404)) {
      return Error{ErrorCode::not_found, "LiveKit: " + (msg.empty() ? std::string("not found") : msg),
                   std::move(details)};
    }
    // Callers treat "already gone" answers (404, 412) as done; anything else is a request onair
    // should never have sent.
    auto level = a.status == 412 ? spdlog::level::debug : spdlog::level::err;
    spdlog::log(level, "livekit: {} rejected: {} {} {}", what, a.status, code, msg);
    return Error{ErrorCode::internal, "LiveKit rejected " + what + ": " + msg, std::move(details)};
  }
  return Error{ErrorCode::media_backend_unavailable, "The live video service is unavailable; try again shortly",
               {{"reason", last_failure.empty() ? std::string("circuit_open") : last_failure}}};
}

}  // namespace onair::livekit
