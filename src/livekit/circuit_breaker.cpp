#include "livekit/circuit_breaker.hpp"

namespace onair::livekit {

bool CircuitBreaker::allow() {
  std::lock_guard lock(mutex_);
  if (state_ == State::closed) return true;
  if (state_ == State::open) {
    if (clock_.now_ms() - opened_at_ < cooldown_ms_) return false;
    state_ = State::half_open;
    probe_out_ = false;
  }
  if (probe_out_) return false;
  probe_out_ = true;
  return true;
}

void CircuitBreaker::record_success() {
  std::lock_guard lock(mutex_);
  state_ = State::closed;
  failures_ = 0;
  probe_out_ = false;
}

void CircuitBreaker::record_failure() {
  std::lock_guard lock(mutex_);
  ++failures_;
  if (state_ == State::half_open || failures_ >= threshold_) {
    state_ = State::open;
    opened_at_ = clock_.now_ms();
    probe_out_ = false;
  }
}

CircuitBreaker::State CircuitBreaker::state() const {
  std::lock_guard lock(mutex_);
  if (state_ == State::open && clock_.now_ms() - opened_at_ >= cooldown_ms_) return State::half_open;
  return state_;
}

}  // namespace onair::livekit
