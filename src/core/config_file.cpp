#include "core/config_file.hpp"

#include <unistd.h>

#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace onair {
namespace {

Error bad_file(const std::string& path, const std::string& why) {
  return Error{ErrorCode::validation_failed, fmt::format("{}: {}", path, why), {}};
}

/// Every variable load_config reads, learnt by asking it.
std::set<std::string> known_keys() {
  std::set<std::string> keys;
  (void)load_config([&keys](const std::string& name) -> std::optional<std::string> {
    keys.insert(name);
    return std::nullopt;
  });
  // Asked only in LiveKit mode, so also learnt in that mode.
  (void)load_config([&keys](const std::string& name) -> std::optional<std::string> {
    keys.insert(name);
    if (name == "ONAIR_MEDIA_BACKEND") return "livekit";
    if (name == "LIVEKIT_URL") return "wss://x";
    if (name == "LIVEKIT_API_KEY" || name == "LIVEKIT_API_SECRET") return "x";
    return std::nullopt;
  });
  return keys;
}

}  // namespace

Result<std::map<std::string, std::string>> read_config_file(const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return bad_file(path, fmt::format("line {}: {}", e.source().begin.line, e.description()));
  }
  static const std::set<std::string> kKnown = known_keys();
  std::map<std::string, std::string> out;
  for (const auto& [key, node] : table) {
    std::string name(key.str());
    auto line = key.source().begin.line;
    if (!kKnown.contains(name)) return bad_file(path, fmt::format("line {}: unknown setting {}", line, name));
    if (auto s = node.value_exact<std::string>()) {
      out[name] = *s;
    } else if (auto i = node.value_exact<std::int64_t>()) {
      out[name] = std::to_string(*i);
    } else if (auto b = node.value_exact<bool>()) {
      out[name] = *b ? "true" : "false";
    } else {
      return bad_file(path, fmt::format("line {}: {} must be a string, an integer or a boolean", line, name));
    }
  }
  return out;
}

EnvLookup with_config_file(EnvLookup env, std::map<std::string, std::string> file) {
  return [env = std::move(env), file = std::move(file)](const std::string& name) -> std::optional<std::string> {
    if (auto v = env(name)) return v;
    if (auto it = file.find(name); it != file.end()) return it->second;
    return std::nullopt;
  };
}

Result<std::optional<std::string>> config_file_path(const EnvLookup& env) {
  std::error_code ec;
  if (auto explicit_path = env("ONAIR_CONFIG")) {
    if (!std::filesystem::is_regular_file(*explicit_path, ec)) {
      return Error{ErrorCode::validation_failed, "ONAIR_CONFIG: no file at " + *explicit_path, {}};
    }
    return std::optional<std::string>(*explicit_path);
  }
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::optional<std::string>();
  auto beside = exe.parent_path() / "onair.toml";
  if (std::filesystem::is_regular_file(beside, ec)) return std::optional<std::string>(beside.string());
  return std::optional<std::string>();
}

}  // namespace onair
