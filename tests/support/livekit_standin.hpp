#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

extern char** environ;

namespace onair::testing {

inline std::string standin_dir() { return std::string(ONAIR_SOURCE_DIR) + "/tests/livekit-standin"; }

/// tests/livekit-standin (Node, LiveKit's own SDK and protocol packages) on 127.0.0.1 with its
/// own port. A missing node or missing packages make the test fail, never skip.
class LiveKitStandin {
 public:
  LiveKitStandin(std::string api_key, std::string api_secret) {
    std::string log = dir_.file("standin.log");
    std::vector<std::string> args{"node", standin_dir() + "/server.mjs", "--port", "0", "--api-key", api_key,
                                  "--api-secret", api_secret, "--host", "127.0.0.1"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, dir_.file("standin.err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (posix_spawnp(&pid_, "node", &actions, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("node is not installed");
    }
    posix_spawn_file_actions_destroy(&actions);
    for (int i = 0; i < 400; ++i) {
      std::string out = std::filesystem::exists(log) ? read_file_bytes(log) : "";
      if (auto at = out.find("LISTENING "); at != std::string::npos && out.find('\n', at) != std::string::npos) {
        port_ = std::stoi(out.substr(at + 10));
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    throw std::runtime_error("LiveKit stand-in did not start: " + read_file_bytes(dir_.file("standin.err")));
  }
  ~LiveKitStandin() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  LiveKitStandin(const LiveKitStandin&) = delete;
  LiveKitStandin& operator=(const LiveKitStandin&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string errors() const { return read_file_bytes(dir_.file("standin.err")); }

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

/// Runs one of the stand-in's tools (`node <script> args…`) with `input` on stdin; returns the
/// exit status and stdout.
inline std::pair<int, std::string> run_standin_tool(const std::string& script, const std::string& args,
                                                    const std::string& input) {
  TempDir dir;
  std::string in = dir.file("in");
  {
    std::FILE* f = std::fopen(in.c_str(), "wb");
    std::fwrite(input.data(), 1, input.size(), f);
    std::fclose(f);
  }
  std::string command = "cd '" + standin_dir() + "' && node " + script + " " + args + " < '" + in + "' 2>&1";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace onair::testing
