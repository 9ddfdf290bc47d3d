#include "support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace onair::testing {
namespace {

std::vector<std::string> make_env(const std::map<std::string, std::string>& extra) {
  // Tests sign many users up from one address; the signup limit has its own test.
  std::map<std::string, std::string> env{
      {"PATH", "/usr/bin:/bin"}, {"ONAIR_LOG_LEVEL", "warn"}, {"ONAIR_SIGNUPS_PER_HOUR", "100000"}};
  for (const auto& [k, v] : extra) env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

pid_t spawn(const std::vector<std::string>& env, const std::string& log_path,
            const std::vector<std::string>& args = {}) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  std::vector<char*> argv{const_cast<char*>(ONAIR_SERVER_BINARY)};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, ONAIR_SERVER_BINARY, &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + std::string(ONAIR_SERVER_BINARY));
  return pid;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

/// Runs `sql` on the PostgreSQL server at `url` (in `schema` when given); the first column of the
/// first row, if any. Throws when it fails.
std::optional<std::string> postgres_exec(const std::string& url, const std::string& sql, const std::string& schema = "") {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) throw std::runtime_error("PostgreSQL: " + std::string(PQerrorMessage(conn.get())));
  auto run = [&](const std::string& statement) {
    std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), statement.c_str()), &PQclear);
    auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      throw std::runtime_error("PostgreSQL: " + std::string(PQerrorMessage(conn.get())) + " in " + statement);
    }
    return PQntuples(result.get()) > 0 && !PQgetisnull(result.get(), 0, 0)
               ? std::optional<std::string>(PQgetvalue(result.get(), 0, 0))
               : std::nullopt;
  };
  run("SET client_min_messages TO warning");
  if (!schema.empty()) run("SET search_path TO " + schema);
  return run(sql);
}

/// The PostgreSQL schema of the server whose database file would be `db_path`, if it runs on one.
std::optional<std::string> postgres_schema_of(const std::string& db_path) {
  auto schema = read_all((std::filesystem::path(db_path).parent_path() / "postgres-schema").string());
  if (schema.empty()) return std::nullopt;
  return schema;
}

ServerProcess::ServerProcess(std::map<std::string, std::string> env, std::string data_dir)
    : data_dir_(data_dir.empty() ? data_.path().string() : std::move(data_dir)) {
  log_path_ = data_.file("server.log");
  use_test_postgres(env);
  env.emplace("ONAIR_DATA_DIR", data_dir_);
  env.emplace("ONAIR_LISTEN", "127.0.0.1:0");
  env.emplace("ONAIR_WEB_DIR", data_.file("no-web"));
  env_ = env;
  pid_ = spawn(make_env(env), log_path_);
  static const std::regex kListening(R"(onair listening on http://[0-9.]+:([0-9]+))");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    std::string text = read_all(log_path_);
    if (std::regex_search(text, m, kListening)) {
      port_ = std::stoi(m[1]);
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("onair exited during start-up:\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill();
  throw std::runtime_error("onair did not start listening:\n" + read_all(log_path_));
}

void ServerProcess::use_test_postgres(std::map<std::string, std::string>& env) {
  const char* pg = std::getenv("ONAIR_TEST_SERVER_POSTGRES_URL");
  if (pg == nullptr || *pg == '\0' || env.contains("ONAIR_DATABASE_URL")) return;
  // A restart on the same data dir finds its schema again; a new server gets a fresh one.
  auto marker = data_dir_ + "/postgres-schema";
  std::string schema = read_all(marker);
  if (schema.empty()) {
    schema = "h_" + std::to_string(::getpid()) + "_" + std::to_string(std::rand()) + "_" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
    postgres_exec(pg, "CREATE SCHEMA " + schema);
    std::ofstream(marker) << schema;
    // A data dir of the test's own may be restarted on after this server goes: its schema stays.
    if (data_dir_ == data_.path().string()) {
      postgres_url_ = pg;
      postgres_schema_ = schema;
    }
  }
  env["ONAIR_DATABASE_URL"] = std::string(pg) + "?options=-csearch_path%3D" + schema;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();
  if (!postgres_schema_.empty()) {
    try {
      postgres_exec(postgres_url_, "DROP SCHEMA " + postgres_schema_ + " CASCADE");
    } catch (const std::exception&) {
      // The schema stays behind in a throwaway cluster.
    }
  }
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void ServerProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::log() const { return read_all(log_path_); }

std::pair<int, std::string> ServerProcess::run_command(const std::vector<std::string>& args) const {
  TempDir dir;
  auto output = dir.file("command.log");
  pid_t pid = spawn(make_env(env_), output, args);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_all(output)};
}

std::pair<int, std::string> run_server_expecting_exit(std::map<std::string, std::string> env) {
  TempDir dir;
  std::string log_path = dir.file("server.log");
  env.emplace("ONAIR_DATA_DIR", dir.path().string());
  env.emplace("ONAIR_LISTEN", "127.0.0.1:0");
  pid_t pid = spawn(make_env(env), log_path);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return {-1, read_all(log_path)};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_all(log_path)};
}

long long db_count(const std::string& db_path, const std::string& sql) {
  if (auto schema = postgres_schema_of(db_path)) {
    auto value = postgres_exec(std::getenv("ONAIR_TEST_SERVER_POSTGRES_URL"), sql, *schema);
    if (!value) throw std::runtime_error("query returned nothing: " + sql);
    return std::stoll(*value);
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + db_path);
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  long long n = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
    n = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (n < 0) throw std::runtime_error("query failed: " + sql);
  return n;
}

void db_exec(const std::string& db_path, const std::string& sql) {
  if (auto schema = postgres_schema_of(db_path)) {
    postgres_exec(std::getenv("ONAIR_TEST_SERVER_POSTGRES_URL"), sql, *schema);
    return;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + db_path);
  }
  sqlite3_busy_timeout(db, 5000);
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  std::string error = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error("exec failed: " + sql + ": " + error);
}

}  // namespace onair::testing
