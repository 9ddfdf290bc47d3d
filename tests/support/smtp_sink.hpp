#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

namespace onair::testing {

/// A free TCP port on 127.0.0.1 (bound and released; fine for tests).
inline int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

/// tests/support/smtp_sink.py (Debian's python3-aiosmtpd) on 127.0.0.1:port; messages land as
/// .eml files in a temp dir. A missing aiosmtpd makes the test fail, never skip.
class SmtpSink {
 public:
  explicit SmtpSink(int port, bool reject = false) : port_(port) {
    std::string script = std::string(ONAIR_SOURCE_DIR) + "/tests/support/smtp_sink.py";
    std::string log = dir_.file("sink.log");
    std::vector<std::string> args{"/usr/bin/python3", "-u", script, "--port", std::to_string(port), "--out",
                                  dir_.file("mail")};
    if (reject) args.push_back("--reject");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/zero", O_RDONLY, 0);  // never EOF: runs until killed
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    char* env[] = {nullptr};
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), env) != 0) throw std::runtime_error("no python3");
    posix_spawn_file_actions_destroy(&actions);
    for (int i = 0; i < 200; ++i) {
      if (std::filesystem::exists(log) && read_file_bytes(log).find("READY") != std::string::npos) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    throw std::runtime_error("SMTP sink did not start: " + read_file_bytes(log));
  }
  ~SmtpSink() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }

  int port() const { return port_; }

  /// The messages received so far, oldest first.
  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir_.file("mail"), ec)) {
      if (e.path().extension() == ".eml") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) out.push_back(read_file_bytes(f.string()));
    return out;
  }
  std::vector<std::string> wait_for(std::size_t n, std::chrono::seconds timeout = std::chrono::seconds(10)) const {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (messages().size() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return messages();
  }

 private:
  TempDir dir_;
  int port_;
  pid_t pid_ = -1;
};

}  // namespace onair::testing
