#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/temp_dir.hpp"

namespace onair::testing {

/// The real onair binary started on an ephemeral port with a fresh data directory.
class ServerProcess {
 public:
  /// Starts the server with `env` added to a minimal environment; waits until it listens.
  /// `data_dir`, when given, is used instead of a fresh one (a restart on the same data).
  explicit ServerProcess(std::map<std::string, std::string> env = {}, std::string data_dir = "");
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const TempDir& data() const { return data_; }
  std::string database_path() const { return data_dir_ + "/onair.db"; }
  const std::string& data_dir() const { return data_dir_; }

  /// Sends SIGTERM and waits; returns the exit status (or -1 when killed by a signal).
  int stop();
  /// SIGKILL, as a crash would.
  void kill();
  /// Everything the server wrote to stdout and stderr so far.
  std::string log() const;
  /// Runs the binary with `args` (e.g. admin grant boss) and the server's own configuration, as an
  /// operator would beside it; returns (exit status, combined output).
  std::pair<int, std::string> run_command(const std::vector<std::string>& args) const;
  bool running() const { return pid_ > 0; }

 private:
  /// With ONAIR_TEST_SERVER_POSTGRES_URL set (and no ONAIR_DATABASE_URL given), the server runs on
  /// a fresh schema of that PostgreSQL server, dropped with this object (the HTTP suite on
  /// PostgreSQL).
  void use_test_postgres(std::map<std::string, std::string>& env);

  std::string postgres_url_, postgres_schema_;  // a schema this object created
  TempDir data_;
  std::string data_dir_;
  std::map<std::string, std::string> env_;
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

/// Runs the binary with `env` and returns (exit status, combined output) — for start-up failures.
std::pair<int, std::string> run_server_expecting_exit(std::map<std::string, std::string> env);

/// Counts rows with a read-only query against a server's database: its SQLite file, or its
/// PostgreSQL schema when the suite runs on PostgreSQL.
long long db_count(const std::string& db_path, const std::string& sql);

/// Runs a statement against a server's database (for tests that simulate lost rows).
void db_exec(const std::string& db_path, const std::string& sql);

}  // namespace onair::testing
