#include "media/transcoder.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <vector>

#include <spdlog/spdlog.h>

#include "media/hls.hpp"
#include "media/mp4_parser.hpp"

extern char** environ;

namespace onair::media {
namespace {

/// H.264 (baseline-compatible, fast, no look-ahead) with a keyframe every second, AAC, written as
/// fragmented MP4 of half a second: LL-HLS parts as they are, a segment per keyframe.
std::vector<std::string> ffmpeg_arguments() {
  const char* custom = std::getenv("ONAIR_FFMPEG");
  return {custom != nullptr ? custom : "/usr/bin/ffmpeg",
          "-nostdin", "-hide_banner", "-loglevel", "error",
          "-fflags", "+genpts", "-f", "webm", "-i", "pipe:0",
          "-map", "0:v:0", "-map", "0:a:0?",
          "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-profile:v", "main",
          "-maxrate", "3M", "-bufsize", "3M",
          "-pix_fmt", "yuv420p", "-force_key_frames", "expr:gte(t,n_forced*1)", "-sc_threshold", "0",
          "-c:a", "aac", "-b:a", "96k", "-ar", "48000",
          "-f", "mp4", "-movflags", "empty_moov+default_base_moof+frag_keyframe", "-frag_duration", "500000",
          "pipe:1"};
}

bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

Transcoder::Transcoder(std::string stream_id, std::shared_ptr<HlsStream> hls)
    : stream_id_(std::move(stream_id)), hls_(std::move(hls)) {
  int in[2] = {-1, -1};
  int out[2] = {-1, -1};
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
    spdlog::error("transcode: stream {}: no pipes", stream_id_);
    failed_ = true;
    return;
  }
  auto args = ffmpeg_arguments();
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  stdin_ = in[1];
  stdout_ = out[0];
  if (rc != 0) {
    spdlog::error("transcode: stream {}: cannot run {}", stream_id_, args[0]);
    failed_ = true;
    return;
  }
  pid_ = pid;
  spdlog::info("transcode: stream {}: ffmpeg {} makes its H.264 HLS", stream_id_, pid_);
  writer_ = std::thread([this] { write_loop(); });
  reader_ = std::thread([this] { read_loop(); });
}

Transcoder::~Transcoder() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_all();
  if (writer_.joinable()) writer_.join();  // closes ffmpeg's stdin when the queue is written
  // ffmpeg finishes what it has; one that does not within 2 s is stopped.
  for (int i = 0; i < 40 && pid_ > 0; ++i) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop_process();
  if (reader_.joinable()) reader_.join();
  if (stdout_ >= 0) ::close(stdout_);
  if (stdin_ >= 0) ::close(stdin_);
}

void Transcoder::stop_process() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
}

void Transcoder::feed(SharedBytes bytes) {
  {
    std::lock_guard lock(mutex_);
    if (failed_ || closing_) return;
    if (queued_ + bytes->size() > kMaxQueued) {
      spdlog::warn("transcode: stream {}: ffmpeg fell {} bytes behind; its HLS stops", stream_id_, queued_);
      failed_ = true;
      queue_.clear();
      queued_ = 0;
    } else {
      queued_ += bytes->size();
      queue_.push_back(std::move(bytes));
    }
  }
  wake_.notify_one();
}

bool Transcoder::running() const {
  std::lock_guard lock(mutex_);
  return !failed_ && pid_ > 0;
}

void Transcoder::write_loop() {
  for (;;) {
    SharedBytes next;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return closing_ || failed_ || !queue_.empty(); });
      if (failed_ || queue_.empty()) break;  // failed, or closing with everything written
      next = std::move(queue_.front());
      queue_.pop_front();
      queued_ -= next->size();
    }
    if (!write_all(stdin_, *next)) {
      std::lock_guard lock(mutex_);
      failed_ = true;
      break;
    }
  }
  ::close(stdin_);  // ffmpeg sees the end of its input
  stdin_ = -1;
}

void Transcoder::read_loop() {
  // ffmpeg's fragmented MP4, cut into its init segment and fragments for the HLS.
  Mp4Parser parser;
  std::vector<MediaEvent> events;
  std::string pending;               // bytes from pending_offset not yet handed on
  std::uint64_t pending_offset = 0;
  std::vector<std::uint64_t> starts;  // fragment starts not yet handed on
  std::vector<char> buffer(64 * 1024);
  for (;;) {
    auto n = ::read(stdout_, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    std::string_view bytes(buffer.data(), static_cast<std::size_t>(n));
    events.clear();
    if (auto fed = parser.feed(bytes, events); !fed) {
      spdlog::error("transcode: stream {}: ffmpeg's output is unreadable: {}", stream_id_, fed.error().message);
      break;
    }
    pending.append(bytes);
    for (const auto& e : events) {
      if (e.kind == MediaEvent::Kind::init_complete) {
        hls_->start(std::make_shared<const std::string>(pending.substr(0, e.offset - pending_offset)),
                    parser.tracks());
        pending.erase(0, e.offset - pending_offset);
        pending_offset = e.offset;
      } else if (e.kind == MediaEvent::Kind::fragment_start) {
        starts.push_back(e.offset);
      }
    }
    // Whole fragments: from each start to the next (or to the aligned end).
    auto aligned = parser.aligned_offset();
    while (!starts.empty() && starts.front() < aligned) {
      auto start = starts.front();
      starts.erase(starts.begin());
      auto end = !starts.empty() && starts.front() <= aligned ? starts.front() : aligned;
      hls_->add_fragment(std::string_view(pending).substr(start - pending_offset, end - start));
      if (end == aligned) break;
    }
    // Nothing is dropped before the init segment is whole (ftyp and moov may come alone).
    if (parser.init_complete() && aligned > pending_offset && (starts.empty() || starts.front() >= aligned)) {
      pending.erase(0, aligned - pending_offset);
      pending_offset = aligned;
    }
  }
  std::lock_guard lock(mutex_);
  if (!closing_) {
    spdlog::warn("transcode: stream {}: ffmpeg stopped early", stream_id_);
    failed_ = true;
  }
}

}  // namespace onair::media
