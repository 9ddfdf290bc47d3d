#include "core/config_file.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace onair {
namespace {

std::string write(const testing::TempDir& dir, const std::string& text) {
  auto path = dir.file("onair.toml");
  std::ofstream(path) << text;
  return path;
}

TEST(ConfigFile, SettingsAreReadAndTheEnvironmentWins) {
  testing::TempDir dir;
  auto path = write(dir, "# comment\nONAIR_LISTEN = \"0.0.0.0:9000\"\nONAIR_WORKERS = 8\nONAIR_ADMIN_HANDLES = \"a,b\"\n");
  auto file = read_config_file(path);
  ASSERT_TRUE(file.ok()) << file.error().message;
  auto env = with_config_file(
      [](const std::string& name) -> std::optional<std::string> {
        if (name == "ONAIR_WORKERS") return "3";
        return std::nullopt;
      },
      *file);
  auto config = load_config(env);
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->listen_host, "0.0.0.0");
  EXPECT_EQ(config->listen_port, 9000);
  EXPECT_EQ(config->worker_threads, 3);  // the environment wins
  EXPECT_EQ(config->admin_handles, (std::vector<std::string>{"a", "b"}));  // set: applied at start-up
}

TEST(ConfigFile, UnknownKeysWrongTypesAndSyntaxErrorsNameTheLine) {
  testing::TempDir dir;
  auto unknown = read_config_file(write(dir, "ONAIR_WORKERS = 2\nONAIR_LISTN = \"x\"\n"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("line 2: unknown setting ONAIR_LISTN"), std::string::npos);
  auto typed = read_config_file(write(dir, "ONAIR_WORKERS = 2.5\n"));
  ASSERT_FALSE(typed.ok());
  EXPECT_NE(typed.error().message.find("ONAIR_WORKERS must be"), std::string::npos);
  auto broken = read_config_file(write(dir, "ONAIR_WORKERS =\n"));
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.error().message.find("line 1"), std::string::npos);
  // LiveKit settings are known keys too.
  EXPECT_TRUE(read_config_file(write(dir, "LIVEKIT_URL = \"wss://lk\"\nLIVEKIT_TIMEOUT_MS = 900\n")).ok());
}

TEST(ConfigFile, AnExplicitPathMustExist) {
  auto missing = config_file_path([](const std::string& name) -> std::optional<std::string> {
    if (name == "ONAIR_CONFIG") return "/nonexistent/onair.toml";
    return std::nullopt;
  });
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("ONAIR_CONFIG"), std::string::npos);
}

}  // namespace
}  // namespace onair
