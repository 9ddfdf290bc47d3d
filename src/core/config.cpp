#include "core/config.hpp"

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

namespace onair {
namespace {

Error bad(const std::string& name, const std::string& why) {
  return Error{ErrorCode::validation_failed, fmt::format("{}: {}", name, why), {}};
}

Result<long long> parse_int(const std::string& name, const std::string& text, long long min,
                            long long max) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return bad(name, fmt::format("'{}' is not a whole number", text));
  }
  if (value < min || value > max) {
    return bad(name, fmt::format("{} is outside {}..{}", value, min, max));
  }
  return value;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text + ",") {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item.push_back(c);
    }
  }
  return out;
}

Status parse_listen(const std::string& text, Config& config) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return bad("ONAIR_LISTEN", fmt::format("'{}' is not host:port", text));
  }
  auto port = parse_int("ONAIR_LISTEN", text.substr(colon + 1), 0, 65535);
  if (!port) return port.error();
  config.listen_host = text.substr(0, colon);
  config.listen_port = static_cast<std::uint16_t>(*port);
  return ok_status();
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string without_password(std::string_view url) {
  std::string out(url);
  auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    auto authority_end = out.find_first_of("/?#", scheme + 3);
    auto at = out.rfind('@', authority_end == std::string::npos ? std::string::npos : authority_end);
    if (at != std::string::npos && at > scheme) {
      auto colon = out.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (std::size_t at = out.find("password="); at != std::string::npos; at = out.find("password=", at + 1)) {
    auto value = at + 9;
    auto end = out.find_first_of("&; ", value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

Result<Config> load_config(const EnvLookup& env) {
  Config config;
  auto get = [&](const char* name) { return env(name); };

  if (auto v = get("ONAIR_LISTEN")) {
    if (auto s = parse_listen(*v, config); !s) return s.error();
  }
  if (auto v = get("ONAIR_DATA_DIR")) {
    if (v->empty()) return bad("ONAIR_DATA_DIR", "must not be empty");
    config.data_dir = *v;
  }
  config.database_url = get("ONAIR_DATABASE_URL").value_or("sqlite://" + config.data_dir + "/onair.db");
  config.media_dir = get("ONAIR_MEDIA_DIR").value_or(config.data_dir + "/media");
  if (config.database_url.rfind("sqlite://", 0) != 0 &&
      config.database_url.rfind("postgresql://", 0) != 0 &&
      config.database_url.rfind("postgres://", 0) != 0) {
    return bad("ONAIR_DATABASE_URL", "must start with sqlite:// or postgresql://");
  }
  config.media_backend = get("ONAIR_MEDIA_BACKEND").value_or("builtin");
  if (config.media_backend != "builtin" && config.media_backend != "livekit") {
    return bad("ONAIR_MEDIA_BACKEND", fmt::format("'{}' is not builtin or livekit", config.media_backend));
  }
  config.livekit_url = get("LIVEKIT_URL").value_or("");
  config.livekit_api_key = get("LIVEKIT_API_KEY").value_or("");
  config.livekit_api_secret = get("LIVEKIT_API_SECRET").value_or("");
  if (config.media_backend == "livekit") {
    for (auto [name, value] : {std::pair{"LIVEKIT_URL", &config.livekit_url},
                               std::pair{"LIVEKIT_API_KEY", &config.livekit_api_key},
                               std::pair{"LIVEKIT_API_SECRET", &config.livekit_api_secret}}) {
      if (value->empty()) return bad(name, "is required when ONAIR_MEDIA_BACKEND=livekit");
    }
    if (config.livekit_url.rfind("ws://", 0) != 0 && config.livekit_url.rfind("wss://", 0) != 0 &&
        config.livekit_url.rfind("http://", 0) != 0 && config.livekit_url.rfind("https://", 0) != 0) {
      return bad("LIVEKIT_URL", "must start with wss://, ws://, https:// or http://");
    }
  }
  config.livekit_egress_dir = get("LIVEKIT_EGRESS_DIR").value_or(config.data_dir + "/media/egress");
  if (config.livekit_egress_dir.empty()) return bad("LIVEKIT_EGRESS_DIR", "must be a directory or none");
  if (config.livekit_egress_dir == "none") config.livekit_egress_dir.clear();
  config.smtp_url = get("ONAIR_SMTP_URL").value_or("");
  if (!config.smtp_url.empty() && config.smtp_url.rfind("smtp://", 0) != 0 &&
      config.smtp_url.rfind("smtps://", 0) != 0) {
    return bad("ONAIR_SMTP_URL", "must start with smtp:// or smtps://");
  }
  config.public_url_set = get("ONAIR_PUBLIC_URL").has_value();
  config.public_url = get("ONAIR_PUBLIC_URL").value_or(
      fmt::format("http://{}:{}", config.listen_host, config.listen_port));
  if (config.public_url.rfind("http://", 0) != 0 && config.public_url.rfind("https://", 0) != 0) {
    return bad("ONAIR_PUBLIC_URL", "must start with http:// or https://");
  }
  while (!config.public_url.empty() && config.public_url.back() == '/') config.public_url.pop_back();
  if (auto v = get("ONAIR_RELAY_URL")) {
    if (v->rfind("http://", 0) != 0 && v->rfind("https://", 0) != 0) {
      return bad("ONAIR_RELAY_URL", "must start with http:// or https://");
    }
    config.relay_url = *v;
    while (!config.relay_url.empty() && config.relay_url.back() == '/') config.relay_url.pop_back();
  }
  if (auto v = get("ONAIR_TRANSCODE")) {
    if (*v != "h264" && *v != "none" && !v->empty()) return bad("ONAIR_TRANSCODE", "must be h264 or none");
    config.transcode = *v == "h264" ? "h264" : "";
  }
  if (auto v = get("ONAIR_WEB_DIR")) config.web_dir = *v;
  if (auto v = get("ONAIR_MAIL_FROM")) {
    if (v->find('@') == std::string::npos || v->find_first_of("\r\n") != std::string::npos) {
      return bad("ONAIR_MAIL_FROM", "must be an email address");
    }
    config.mail_from = *v;
  }
  if (auto v = get("ONAIR_SECRET")) {
    if (v->size() < 32) return bad("ONAIR_SECRET", "must be at least 32 characters");
    config.secret = *v;
  }
  if (auto v = get("ONAIR_ADMIN_HANDLES")) config.admin_handles = split_list(*v);
  if (auto v = get("ONAIR_TRUSTED_PROXIES")) config.trusted_proxies = split_list(*v);
  if (auto v = get("ONAIR_LOG_LEVEL")) {
    static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
    bool known = false;
    for (const char* level : kLevels) known = known || *v == level;
    if (!known) return bad("ONAIR_LOG_LEVEL", fmt::format("'{}' is not trace|debug|info|warn|error|off", *v));
    config.log_level = *v;
  }
  struct IntSetting {
    const char* name;
    long long min, max;
    std::function<void(long long)> set;
  };
  const IntSetting ints[] = {
      {"ONAIR_MAX_BODY_BYTES", 1024, 64LL * 1024 * 1024,
       [&](long long v) { config.max_body_bytes = static_cast<std::size_t>(v); }},
      {"ONAIR_MAX_UPLOAD_BYTES", 1024, 64LL * 1024 * 1024 * 1024, [&](long long v) { config.max_upload_bytes = v; }},
      {"ONAIR_HTTP_THREADS", 1, 64, [&](long long v) { config.http_threads = static_cast<int>(v); }},
      {"ONAIR_WORKERS", 1, 256, [&](long long v) { config.worker_threads = static_cast<int>(v); }},
      {"ONAIR_MEDIA_TOKEN_TTL_SECONDS", 10, 86400,
       [&](long long v) { config.media_token_ttl_seconds = static_cast<int>(v); }},
      {"ONAIR_REQUEST_TIMEOUT_SECONDS", 1, 3600,
       [&](long long v) { config.request_timeout_seconds = static_cast<int>(v); }},
      {"ONAIR_RELAY_GRACE_SECONDS", 1, 3600,
       [&](long long v) { config.relay_grace_seconds = static_cast<int>(v); }},
      {"ONAIR_HLS_CDN", 0, 1, [&](long long v) { config.hls_cdn = v == 1; }},
      {"ONAIR_RELAY_MAX_VIEWERS", 1, 100000,
       [&](long long v) { config.relay_max_viewers = static_cast<int>(v); }},
      {"ONAIR_RELAY_MAX_BITRATE", 100000, 1'000'000'000, [&](long long v) { config.relay_max_bitrate = v; }},
      {"ONAIR_EMAIL_RETRY_BASE_MS", 10, 3'600'000, [&](long long v) { config.email_retry_base_ms = static_cast<int>(v); }},
      {"ONAIR_EMAIL_CLAIM_SECONDS", 1, 3600, [&](long long v) { config.email_claim_seconds = static_cast<int>(v); }},
      {"ONAIR_INSTANCE_TIMEOUT_SECONDS", 4, 600,
       [&](long long v) { config.instance_timeout_seconds = static_cast<int>(v); }},
      {"ONAIR_FANOUT_BATCH", 1, 100'000, [&](long long v) { config.fanout_batch = static_cast<int>(v); }},
      {"LIVEKIT_TIMEOUT_MS", 100, 60'000, [&](long long v) { config.livekit_timeout_ms = static_cast<int>(v); }},
      {"LIVEKIT_RECONCILE_SECONDS", 1, 3600,
       [&](long long v) { config.livekit_reconcile_seconds = static_cast<int>(v); }},
      {"ONAIR_MAX_CONNECTIONS", 16, 1'000'000, [&](long long v) { config.max_connections = static_cast<int>(v); }},
      {"ONAIR_MAX_CONNECTIONS_PER_ADDRESS", 1, 1'000'000,
       [&](long long v) { config.max_connections_per_address = static_cast<int>(v); }},
      {"ONAIR_SIGNUPS_PER_HOUR", 1, 1'000'000, [&](long long v) { config.signups_per_hour = static_cast<int>(v); }},
      {"ONAIR_CHAT_STREAM_PER_SECOND", 1, 10'000,
       [&](long long v) { config.chat_stream_per_second = static_cast<int>(v); }},
      {"ONAIR_SESSION_TTL_DAYS", 1, 365,
       [&](long long v) { config.session_ttl_days = static_cast<int>(v); }},
  };
  for (const auto& setting : ints) {
    if (auto v = get(setting.name)) {
      auto parsed = parse_int(setting.name, *v, setting.min, setting.max);
      if (!parsed) return parsed.error();
      setting.set(*parsed);
    }
  }
  return config;
}

}  // namespace onair
