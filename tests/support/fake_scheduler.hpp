#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "core/scheduler.hpp"

namespace onair::testing {

/// Timers fire only when the test says so; blocking jobs run at once.
class FakeScheduler final : public Scheduler {
 public:
  struct FakeTimer final : Timer {
    void cancel() override { cancelled = true; }
    bool cancelled = false;
    std::function<void()> fn;
  };
  std::shared_ptr<Timer> after(std::chrono::milliseconds, std::function<void()> fn) override {
    auto t = std::make_shared<FakeTimer>();
    t->fn = std::move(fn);
    timers.push_back(t);
    return t;
  }
  void run_blocking(std::function<void()> fn) override { fn(); }
  void fire_all() {
    auto pending = std::move(timers);
    for (auto& t : pending) {
      if (!t->cancelled) t->fn();
    }
  }
  std::vector<std::shared_ptr<FakeTimer>> timers;
};

}  // namespace onair::testing
