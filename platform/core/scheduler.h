#pragma once
// Events on the virtual cycle clock. Timers are registered once, when the
// machine is built, so they have stable ids (snapshots store only deadlines).
// Simultaneous deadlines fire in registration order: (deadline, id) is the
// total order, documented in docs/state-hash.md.
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "platform/core/state_io.h"

namespace mkemu {

using TimerId = uint32_t;
inline constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();

class Scheduler : public Stateful {
 public:
  // The callback receives the deadline it was due at (not "now"), so periodic
  // devices re-arm without drift.
  using Callback = std::function<void(uint64_t due)>;

  TimerId add_timer(std::string name, Callback callback);
  void arm(TimerId id, uint64_t deadline);
  void disarm(TimerId id);
  bool armed(TimerId id) const { return timers_[id].deadline != kNever; }
  uint64_t deadline(TimerId id) const { return timers_[id].deadline; }
  const std::string& name(TimerId id) const { return timers_[id].name; }
  size_t size() const { return timers_.size(); }

  // The earliest armed deadline, or kNever.
  uint64_t next_deadline() const { return next_; }
  // Fires, in (deadline, id) order, every timer due at or before `now`,
  // including ones armed by callbacks. Returns how many fired.
  unsigned run_due(uint64_t now);
  // Called when arming moves the earliest deadline earlier, so a running CPU
  // can stop at it (the machine wires this to the CPU's run deadline).
  std::function<void(uint64_t deadline)> on_earlier_deadline;

  std::string_view state_name() const override { return "scheduler"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

 private:
  struct Timer {
    std::string name;
    Callback callback;
    uint64_t deadline = kNever;
  };
  void recompute_next();
  std::vector<Timer> timers_;
  uint64_t next_ = kNever;
};

}  // namespace mkemu
