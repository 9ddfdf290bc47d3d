#include "media/ffmpeg.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/crypto.hpp"

extern char** environ;

namespace onair::media {
namespace {

std::string ffmpeg_path() {
  const char* custom = std::getenv("ONAIR_FFMPEG");
  return custom != nullptr ? custom : "/usr/bin/ffmpeg";
}

}  // namespace

/// Runs `binary args…`, waits, and returns what it printed (stdout and stderr).
Result<std::string> run_tool(const std::string& binary, std::vector<std::string> argv_store);
/// Whether `video` has a sound track (ffprobe).
bool has_audio(const std::string& video);

Status run_ffmpeg(const std::vector<std::string>& args) {
  std::vector<std::string> argv{ffmpeg_path(), "-nostdin", "-hide_banner", "-v", "error"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto out = run_tool(argv[0], argv);
  if (!out) return std::move(out).error();
  return ok_status();
}

bool has_audio(const std::string& video) {
  const char* custom = std::getenv("ONAIR_FFPROBE");
  std::string binary = custom != nullptr ? custom : "/usr/bin/ffprobe";
  auto out = run_tool(binary, {binary, "-v", "error", "-select_streams", "a", "-show_entries", "stream=index", "-of",
                               "csv=p=0", video});
  return out && !out->empty();
}

Result<std::int64_t> probe_duration_ms(const std::string& video) {
  const char* custom = std::getenv("ONAIR_FFPROBE");
  std::string binary = custom != nullptr ? custom : "/usr/bin/ffprobe";
  auto out = run_tool(binary, {binary, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", video});
  if (!out) return std::move(out).error();
  try {
    return static_cast<std::int64_t>(std::stod(*out) * 1000.0 + 0.5);
  } catch (const std::exception&) {
    return Error{ErrorCode::validation_failed, "ffprobe found no duration", {}};
  }
}

Result<std::string> run_tool(const std::string& binary, std::vector<std::string> argv_store) {
  auto log = std::filesystem::temp_directory_path() / ("onair-tool-" + crypto::random_id() + ".log");
  std::vector<char*> argv;
  for (auto& a : argv_store) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  // The tool must not inherit the server's sockets and files: a connection it held would outlive
  // the server (a client of a crashed server would hang until the tool finished).
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Error{ErrorCode::internal, "cannot run " + binary, {}};
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::ifstream in(log);
  std::stringstream out;
  out << in.rdbuf();
  std::error_code ec;
  std::filesystem::remove(log, ec);
  auto text = out.str();
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return text;
  if (text.size() > 400) text = text.substr(text.size() - 400);
  return Error{ErrorCode::internal, binary + " failed: " + text, {}};
}

Status join_parts(const std::vector<std::string>& parts, const std::string& out) {
  if (parts.empty()) return Error{ErrorCode::internal, "nothing was recorded", {}};
  bool mp4 = out.ends_with(".mp4");
  std::vector<std::string> format{"-c", "copy"};
  if (mp4) format.insert(format.end(), {"-movflags", "+faststart", "-f", "mp4", out});
  else format.insert(format.end(), {"-f", "webm", out});
  if (parts.size() == 1) {
    std::vector<std::string> args{"-y", "-i", parts[0]};
    args.insert(args.end(), format.begin(), format.end());
    return run_ffmpeg(args);
  }
  auto list = out + ".parts.txt";
  {
    std::ofstream f(list);
    for (const auto& p : parts) f << "file '" << std::filesystem::absolute(p).string() << "'\n";
  }
  std::vector<std::string> args{"-y", "-f", "concat", "-safe", "0", "-i", list};
  args.insert(args.end(), format.begin(), format.end());
  auto result = run_ffmpeg(args);
  std::error_code ec;
  std::filesystem::remove(list, ec);
  return result;
}

Status transcode_parts(const std::vector<std::string>& parts, const std::string& out) {
  if (parts.empty()) return Error{ErrorCode::internal, "nothing was recorded", {}};
  std::vector<std::string> args{"-y"};
  std::string graph;
  std::string joined;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    args.insert(args.end(), {"-i", parts[i]});
    auto n = std::to_string(i);
    graph += "[" + n + ":v:0]scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,"
             "setsar=1,fps=30,format=yuv420p[v" + n + "];";
    // A part without sound gets silence as long as its picture.
    if (has_audio(parts[i])) {
      graph += "[" + n + ":a:0]aresample=48000,aformat=channel_layouts=stereo[a" + n + "];";
    } else {
      auto ms = probe_duration_ms(parts[i]);
      graph += fmt::format("aevalsrc=0|0:s=48000:d={:.3f}[a{}];", ms ? static_cast<double>(*ms) / 1000.0 : 0.0, n);
    }
    joined += "[v" + n + "][a" + n + "]";
  }
  graph += joined + fmt::format("concat=n={}:v=1:a=1[v][a]", parts.size());
  args.insert(args.end(), {"-filter_complex", graph, "-map", "[v]", "-map", "[a]", "-c:v", "libvpx", "-deadline",
                           "realtime", "-cpu-used", "8", "-b:v", "2M", "-c:a", "libopus", "-f", "webm", out});
  return run_ffmpeg(args);
}

Status cut_thumbnail(const std::string& video, const std::string& jpeg, double at_seconds) {
  auto at = std::to_string(at_seconds);
  auto s = run_ffmpeg({"-y", "-ss", at, "-i", video, "-frames:v", "1", "-vf", "scale=480:-2", "-q:v", "4", jpeg});
  if (s && std::filesystem::exists(jpeg) && std::filesystem::file_size(jpeg) > 0) return s;
  return run_ffmpeg({"-y", "-i", video, "-frames:v", "1", "-vf", "scale=480:-2", "-q:v", "4", jpeg});
}

}  // namespace onair::media
