#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onair {

/// Milliseconds since the Unix epoch, UTC. The one time representation stored and passed around.
using TimeMs = std::int64_t;

/// Time source; tests replace it with `ManualClock`.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimeMs now_ms() const override;
};

/// A clock that moves only when told to.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimeMs start) : now_(start) {}
  TimeMs now_ms() const override { return now_.load(); }
  void advance(std::chrono::milliseconds by) { now_ += by.count(); }

 private:
  std::atomic<TimeMs> now_;
};

/// `2026-11-24T10:00:00.000Z`
std::string format_iso8601(TimeMs ms);
/// An ISO 8601 / RFC 3339 time with seconds (`2026-12-03T18:00:00Z`, a fraction, or an offset
/// such as `+01:00`) as epoch milliseconds; nothing when it is not one.
std::optional<TimeMs> parse_iso8601(std::string_view text);

}  // namespace onair
