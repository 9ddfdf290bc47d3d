#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/config.hpp"
#include "core/result.hpp"

namespace onair {

/// Settings from an `onair.toml` file: top-level keys named like the environment variables
/// (`ONAIR_LISTEN = "0.0.0.0:8080"`, `ONAIR_WORKERS = 8`, `LIVEKIT_URL = "wss://…"`), each a
/// string, an integer or a boolean. An unknown key, another type or a syntax error is an error
/// naming the file, the line and the key: nothing is ignored silently.
Result<std::map<std::string, std::string>> read_config_file(const std::string& path);

/// The environment wins; then the file's settings.
EnvLookup with_config_file(EnvLookup env, std::map<std::string, std::string> file);

/// Which file to read: `$ONAIR_CONFIG` when set (it must exist), else `onair.toml` beside the
/// running binary when there is one, else none.
Result<std::optional<std::string>> config_file_path(const EnvLookup& env);

}  // namespace onair
