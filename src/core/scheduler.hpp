#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace onair {

/// An immutable byte buffer shared by every receiver it is sent to (never copied per receiver).
using SharedBytes = std::shared_ptr<const std::string>;

/// Deferred work for domain code that must not see Asio: timers on the network threads and
/// blocking jobs on the worker pool. The HTTP server implements it.
class Scheduler {
 public:
  virtual ~Scheduler() = default;

  class Timer {
   public:
    virtual ~Timer() = default;
    /// The callback will not run after this returns on the timer's thread; elsewhere it may
    /// already be running.
    virtual void cancel() = 0;
  };
  /// Runs `fn` on a network thread after `delay` unless cancelled first. `fn` must not block.
  virtual std::shared_ptr<Timer> after(std::chrono::milliseconds delay, std::function<void()> fn) = 0;
  /// Runs `fn` on the worker pool (database, files, processes).
  virtual void run_blocking(std::function<void()> fn) = 0;
};

}  // namespace onair
