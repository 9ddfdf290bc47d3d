#pragma once

#include <chrono>
#include <mutex>

#include "core/clock.hpp"

namespace onair::livekit {

/// Stops calling a media plane that keeps failing. Closed: calls go through and consecutive
/// transient failures are counted; `threshold` of them open it. Open: calls are refused at once
/// for `cooldown`. Then half-open: one probe goes through; its success closes the breaker, its
/// failure opens it again. Thread-safe.
class CircuitBreaker {
 public:
  enum class State { closed, open, half_open };

  CircuitBreaker(const Clock& clock, int threshold, std::chrono::milliseconds cooldown)
      : clock_(clock), threshold_(threshold), cooldown_ms_(cooldown.count()) {}

  /// Whether a call may go out now. In half-open only the first caller gets true.
  bool allow();
  void record_success();
  void record_failure();
  State state() const;

 private:
  const Clock& clock_;
  const int threshold_;
  const TimeMs cooldown_ms_;
  mutable std::mutex mutex_;  // guards the fields below
  State state_ = State::closed;
  int failures_ = 0;
  TimeMs opened_at_ = 0;
  bool probe_out_ = false;
};

}  // namespace onair::livekit
