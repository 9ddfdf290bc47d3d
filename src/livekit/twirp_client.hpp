#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "livekit/access_token.hpp"
#include "livekit/circuit_breaker.hpp"

namespace onair::livekit {

struct TwirpOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds request_timeout{3000};
  /// Attempts per call for transient failures (503, 429, timeouts, resets); 4xx never retry.
  int max_attempts = 3;
  /// Backoff before attempt n (n ≥ 1) is uniform in [0, backoff_base · 2^(n-1)] ("full jitter").
  std::chrono::milliseconds backoff_base{100};
  int breaker_threshold = 5;
  std::chrono::milliseconds breaker_cooldown{10'000};
  /// Where CA certificates are read for https (empty: libcurl's default bundle).
  std::string ca_file;
};

/// Calls LiveKit's Twirp services (`POST /twirp/livekit.<Service>/<Method>`, JSON) with a fresh,
/// short-lived bearer token carrying only the grant the method needs. Blocking; call from the
/// worker pool. One libcurl handle per thread keeps connections alive between calls.
///
/// Failures come back as:
/// - `media_backend_unavailable`: LiveKit unreachable, timing out, answering 5xx/429 after the
///   retries, or the circuit breaker is open (then the call returns at once);
/// - `media_backend_unavailable` too when LiveKit refuses our credentials (401/403: a
///   configuration error, logged, not retried and not counted by the breaker);
/// - `not_found` for Twirp `not_found`;
/// - `internal` for any other 4xx (a request LiveKit could not accept: our bug).
/// Every error carries `twirpCode` in its details when LiveKit answered one.
class TwirpClient {
 public:
  /// `url` is LIVEKIT_URL: ws(s)://host[:port] or http(s)://…; Twirp goes over http(s).
  TwirpClient(std::string url, const TokenSigner& signer, const Clock& clock, TwirpOptions options = {});

  Result<boost::json::object> call(std::string_view service, std::string_view method,
                                   const boost::json::object& request, const VideoGrant& grant);

  const std::string& base_url() const { return base_url_; }
  /// The breaker of RoomService calls (what creating and joining streams need).
  CircuitBreaker::State breaker_state() const { return rooms_breaker_.state(); }
  CircuitBreaker::State egress_breaker_state() const { return egress_breaker_.state(); }

 private:
  struct Attempt;
  Attempt attempt_once(const std::string& url, const std::string& body, const std::string& token);

  std::string base_url_;
  const TokenSigner& signer_;
  const Clock& clock_;
  TwirpOptions options_;
  CircuitBreaker rooms_breaker_;
  // Its own breaker: a cluster without working Egress must not stop streams from starting.
  CircuitBreaker egress_breaker_;
};

/// "wss://lk.example.com" → "https://lk.example.com" (ws → http); others unchanged.
std::string http_base_url(std::string url);

}  // namespace onair::livekit
