#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/scheduler.hpp"

namespace onair::media {

/// Appends live media to files under `root/<stream id>/part-NNN.<webm|mp4>` on its own thread, so
/// the network threads never wait for the disk. Each publisher session (a new init segment) starts
/// a new part, numbered after the parts already there (a restart keeps the earlier ones). Buffers
/// are shared, not copied.
class RecordingWriter {
 public:
  explicit RecordingWriter(std::string root);
  ~RecordingWriter();
  RecordingWriter(const RecordingWriter&) = delete;
  RecordingWriter& operator=(const RecordingWriter&) = delete;

  /// A new part, a file with `extension` (webm, mp4), starting with `init`.
  void start_part(const std::string& stream_id, SharedBytes init, std::string_view extension);
  void append(const std::string& stream_id, SharedBytes bytes);
  /// Blocks until everything queued for the stream is written and its file closed; returns the
  /// parts in order (empty when nothing was recorded).
  std::vector<std::string> finish(const std::string& stream_id);
  /// finish(), then deletes the stream's files.
  void discard(const std::string& stream_id);
  std::string directory_of(const std::string& stream_id) const;

 private:
  struct Job {
    std::string stream_id;
    SharedBytes bytes;
    std::string new_part;        // starts a part with this extension (empty: appends)
    std::function<void()> done;  // a barrier: runs once earlier jobs are written
  };
  void run();
  void write(const Job& job);

  std::string root_;
  std::mutex mutex_;  // guards jobs_, stopping_
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  // Only the writer thread touches these.
  std::map<std::string, std::FILE*> files_;
  std::map<std::string, std::vector<std::string>> parts_;
  std::thread thread_;
};

}  // namespace onair::media
