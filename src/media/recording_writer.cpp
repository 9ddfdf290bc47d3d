#include "media/recording_writer.hpp"

#include <cstdio>
#include <filesystem>
#include <future>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace onair::media {

RecordingWriter::RecordingWriter(std::string root) : root_(std::move(root)) {
  thread_ = std::thread([this] { run(); });
}

RecordingWriter::~RecordingWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  for (auto& [id, file] : files_) std::fclose(file);
}

std::string RecordingWriter::directory_of(const std::string& stream_id) const {
  return (std::filesystem::path(root_) / stream_id).string();
}

void RecordingWriter::start_part(const std::string& stream_id, SharedBytes init, std::string_view extension) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back({stream_id, std::move(init), std::string(extension), {}});
  }
  wake_.notify_one();
}

void RecordingWriter::append(const std::string& stream_id, SharedBytes bytes) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back({stream_id, std::move(bytes), {}, {}});
  }
  wake_.notify_one();
}

std::vector<std::string> RecordingWriter::finish(const std::string& stream_id) {
  std::promise<std::vector<std::string>> result;
  auto future = result.get_future();
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back({stream_id, nullptr, {}, [this, stream_id, &result] {
                       if (auto it = files_.find(stream_id); it != files_.end()) {
                         std::fclose(it->second);
                         files_.erase(it);
                       }
                       auto parts = std::move(parts_[stream_id]);
                       parts_.erase(stream_id);
                       result.set_value(std::move(parts));
                     }});
  }
  wake_.notify_one();
  return future.get();
}

void RecordingWriter::discard(const std::string& stream_id) {
  finish(stream_id);
  std::error_code ec;
  std::filesystem::remove_all(directory_of(stream_id), ec);
}

void RecordingWriter::write(const Job& job) {
  auto& file = files_[job.stream_id];
  if (!job.new_part.empty()) {
    if (file != nullptr) std::fclose(file);
    auto dir = std::filesystem::path(directory_of(job.stream_id));
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    auto& parts = parts_[job.stream_id];
    // Numbered after every part already there: parts recorded before a restart are kept.
    int next = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      int n = 0;
      if (std::sscanf(entry.path().filename().c_str(), "part-%d.", &n) == 1) next = std::max(next, n + 1);
    }
    auto path = (dir / fmt::format("part-{:03}.{}", next, job.new_part)).string();
    file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) {
      spdlog::error("recording: cannot open {}", path);
      files_.erase(job.stream_id);
      return;
    }
    parts.push_back(path);
  }
  if (file == nullptr) {
    files_.erase(job.stream_id);
    return;  // media before any init segment cannot be played back; nothing to write to
  }
  if (std::fwrite(job.bytes->data(), 1, job.bytes->size(), file) != job.bytes->size()) {
    spdlog::error("recording: write failed for stream {}", job.stream_id);
  }
}

void RecordingWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
    if (jobs_.empty()) return;  // stopping and drained
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    if (job.done) {
      for (auto& [id, file] : files_) std::fflush(file);
      job.done();
    } else {
      write(job);
    }
    lock.lock();
    if (jobs_.empty()) {
      // Caught up: what was received goes to the kernel now, so a crash of this process loses
      // none of it (stdio would otherwise hold the last few KB until the recording finishes).
      lock.unlock();
      for (auto& [id, file] : files_) std::fflush(file);
      lock.lock();
    }
  }
}

}  // namespace onair::media
