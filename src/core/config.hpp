#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace onair {

/// Server settings, read from environment variables (ARCHITECTURE.md "Configuration").
/// Every setting has a working default so the server starts with none set.
struct Config {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::string data_dir = "./data";
  std::string database_url;  // sqlite://… or postgresql://…
  std::string media_backend = "builtin";
  std::string livekit_url;
  std::string livekit_api_key;
  std::string livekit_api_secret;
  /// Where LiveKit's egress writes recordings, shared with this server at the same path;
  /// "none" turns recording off. Default: $ONAIR_DATA_DIR/media/egress.
  std::string livekit_egress_dir;
  int livekit_timeout_ms = 3000;
  int livekit_reconcile_seconds = 15;
  std::string smtp_url;
  std::string public_url;
  bool public_url_set = false;  // false: derived from the listen address (and the bound port)
  /// Where this instance's built-in relay is reached (its publish and watch URLs); empty: the
  /// public URL. Instances behind one address give each its own (see docs/DEPLOY.md).
  std::string relay_url;
  std::string web_dir = "./web/dist";
  std::string media_dir = "./data/media";  // recordings and reels; instances may share it
  std::string secret;  // HMAC key for media tokens; empty = generated under data_dir
  /// ONAIR_ADMIN_HANDLES: when set, exactly these existing accounts are admins at start-up.
  std::optional<std::vector<std::string>> admin_handles;
  std::string log_level = "info";
  std::size_t max_body_bytes = 1024 * 1024;
  long long max_upload_bytes = 500LL * 1024 * 1024;
  int http_threads = 1;
  int worker_threads = 4;
  int media_token_ttl_seconds = 300;
  /// Public, not sensitive streams' HLS without a token, cacheable by a CDN (docs/DEPLOY.md).
  bool hls_cdn = false;
  /// "h264": WebM publishers are also transcoded to H.264 by ffmpeg for HLS (iPhones); "" off.
  std::string transcode;
  int request_timeout_seconds = 30;
  int relay_grace_seconds = 30;
  std::string mail_from = "onair <no-reply@onair.local>";
  int email_retry_base_ms = 30'000;
  int email_claim_seconds = 60;  // a worker's claim on a batch of emails (see NotificationService)
  int instance_timeout_seconds = 20;  // an instance silent this long is dead; others take over its streams
  int fanout_batch = 500;
  int relay_max_viewers = 1000;
  long long relay_max_bitrate = 12'000'000;
  int session_ttl_days = 30;
  /// Client connections at most (a reserve beyond it serves health checks and publishers), and
  /// from one address; lowered at start-up to what the descriptor limit allows.
  int max_connections = 10'000;
  int max_connections_per_address = 256;
  /// ONAIR_TRUSTED_PROXIES: reverse proxies (addresses, CIDR ranges) whose X-Forwarded-For names
  /// the client; checked at start-up (http::TrustedProxies).
  std::vector<std::string> trusted_proxies;
  /// New accounts per client address and hour (a burst of as many, refilled over the hour).
  int signups_per_hour = 30;
  /// Chat messages per second into one stream, from everyone together (a burst of 3 s worth).
  int chat_stream_per_second = 10;
};

/// Looks a variable up; returns nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

/// The process environment.
EnvLookup process_env();

/// `url` fit for a log line: the password of `scheme://user:password@host…` and any
/// `password=` parameter are replaced by `***`.
std::string without_password(std::string_view url);

/// Reads and validates every setting. A bad value is an error whose message is one line naming
/// the variable; nothing falls back silently.
Result<Config> load_config(const EnvLookup& env);

}  // namespace onair
