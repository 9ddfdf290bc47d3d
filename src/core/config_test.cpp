#include "core/config.hpp"

#include <map>

#include <gtest/gtest.h>

namespace onair {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(Config, DefaultsWorkWithNothingSet) {
  auto config = load_config(env_of({}));
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->listen_host, "127.0.0.1");
  EXPECT_EQ(config->listen_port, 8080);
  EXPECT_EQ(config->database_url, "sqlite://./data/onair.db");
  EXPECT_EQ(config->media_backend, "builtin");
  EXPECT_EQ(config->public_url, "http://127.0.0.1:8080");
}

TEST(Config, LiveKitSettingsAreValidated) {
  std::map<std::string, std::string> lk{{"ONAIR_MEDIA_BACKEND", "livekit"},
                                        {"LIVEKIT_URL", "wss://lk.example.com"},
                                        {"LIVEKIT_API_KEY", "APIk"},
                                        {"LIVEKIT_API_SECRET", "s"},
                                        {"ONAIR_DATA_DIR", "/srv/onair"}};
  auto config = load_config(env_of(lk));
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->livekit_egress_dir, "/srv/onair/media/egress");
  EXPECT_EQ(config->livekit_timeout_ms, 3000);
  lk["LIVEKIT_EGRESS_DIR"] = "none";
  EXPECT_EQ(load_config(env_of(lk))->livekit_egress_dir, "");
  lk["LIVEKIT_URL"] = "lk.example.com";
  EXPECT_NE(load_config(env_of(lk)).error().message.find("LIVEKIT_URL"), std::string::npos);
  lk["LIVEKIT_URL"] = "wss://lk";
  lk["LIVEKIT_TIMEOUT_MS"] = "5";
  EXPECT_NE(load_config(env_of(lk)).error().message.find("LIVEKIT_TIMEOUT_MS"), std::string::npos);
}

TEST(Config, DataDirMovesTheDefaultDatabase) {
  auto config = load_config(env_of({{"ONAIR_DATA_DIR", "/tmp/x"}, {"ONAIR_LISTEN", "0.0.0.0:9000"}}));
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->database_url, "sqlite:///tmp/x/onair.db");
  EXPECT_EQ(config->listen_port, 9000);
}

TEST(Config, SeveralInstancesShareMediaAndEachHasItsRelayAddress) {
  auto config = load_config(env_of({{"ONAIR_DATA_DIR", "/srv/a"}}));
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->media_dir, "/srv/a/media");
  EXPECT_EQ(config->relay_url, "");  // the public URL, once it is known
  EXPECT_EQ(config->instance_timeout_seconds, 20);
  config = load_config(env_of({{"ONAIR_MEDIA_DIR", "/mnt/shared"},
                               {"ONAIR_RELAY_URL", "https://live.example.com/relay/a/"},
                               {"ONAIR_INSTANCE_TIMEOUT_SECONDS", "8"}}));
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->media_dir, "/mnt/shared");
  EXPECT_EQ(config->relay_url, "https://live.example.com/relay/a");
  EXPECT_EQ(config->instance_timeout_seconds, 8);
  auto bad = load_config(env_of({{"ONAIR_RELAY_URL", "live.example.com"}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("ONAIR_RELAY_URL"), std::string::npos);
  EXPECT_FALSE(load_config(env_of({{"ONAIR_INSTANCE_TIMEOUT_SECONDS", "1"}})).ok());
}

TEST(Config, BadValuesNameTheVariable) {
  const std::map<std::string, std::string> cases[] = {
      {{"ONAIR_LISTEN", "nonsense"}},
      {{"ONAIR_LISTEN", "127.0.0.1:99999"}},
      {{"ONAIR_MEDIA_BACKEND", "webrtc"}},
      {{"ONAIR_DATABASE_URL", "mysql://x"}},
      {{"ONAIR_WORKERS", "four"}},
      {{"ONAIR_SECRET", "short"}},
      {{"ONAIR_LOG_LEVEL", "loud"}},
      {{"ONAIR_TRANSCODE", "h265"}},
      {{"ONAIR_HLS_CDN", "yes"}},
  };
  for (const auto& vars : cases) {
    auto config = load_config(env_of(vars));
    ASSERT_FALSE(config.ok()) << vars.begin()->first;
    EXPECT_NE(config.error().message.find(vars.begin()->first), std::string::npos)
        << config.error().message;
  }
}

TEST(Config, HlsOptionsAreReadAndOffByDefault) {
  auto defaults = load_config(env_of({}));
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->transcode, "");
  EXPECT_FALSE(defaults->hls_cdn);
  auto set = load_config(env_of({{"ONAIR_TRANSCODE", "h264"}, {"ONAIR_HLS_CDN", "1"}}));
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->transcode, "h264");
  EXPECT_TRUE(set->hls_cdn);
}

TEST(Config, LiveKitBackendRequiresItsCredentials) {
  auto config = load_config(env_of({{"ONAIR_MEDIA_BACKEND", "livekit"}, {"LIVEKIT_URL", "wss://lk"}}));
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("LIVEKIT_API_KEY"), std::string::npos);
}

}  // namespace
}  // namespace onair

namespace onair {
namespace {

TEST(Config, UrlsInTheLogCarryNoPassword) {
  EXPECT_EQ(without_password("postgresql://onair:s3cret@db.internal:5432/onair"),
            "postgresql://onair:***@db.internal:5432/onair");
  EXPECT_EQ(without_password("smtp://mailer:p%40ss@mail:587"), "smtp://mailer:***@mail:587");
  EXPECT_EQ(without_password("postgresql://db/onair?user=onair&password=s3cret&sslmode=require"),
            "postgresql://db/onair?user=onair&password=***&sslmode=require");
  EXPECT_EQ(without_password("postgresql://onair@db/onair"), "postgresql://onair@db/onair");
  EXPECT_EQ(without_password("sqlite://./data/onair.db"), "sqlite://./data/onair.db");
  EXPECT_EQ(without_password("postgresql://u:a@b@db/x"), "postgresql://u:***@db/x");  // '@' in the password
}

}  // namespace
}  // namespace onair
