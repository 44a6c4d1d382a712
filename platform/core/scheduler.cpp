#include "platform/core/scheduler.h"

namespace mkemu {

TimerId Scheduler::add_timer(std::string name, Callback callback) {
  timers_.push_back({std::move(name), std::move(callback), kNever});
  return static_cast<TimerId>(timers_.size() - 1);
}

void Scheduler::arm(TimerId id, uint64_t deadline) {
  timers_[id].deadline = deadline;
  if (deadline < next_) {
    next_ = deadline;
    if (on_earlier_deadline) on_earlier_deadline(deadline);
  } else {
    recompute_next();
  }
}

void Scheduler::disarm(TimerId id) {
  uint64_t old = timers_[id].deadline;
  timers_[id].deadline = kNever;
  if (old == next_) recompute_next();
}

// A machine has a handful of timers: a linear scan beats a heap here and
// keeps the tie-break rule obvious.
void Scheduler::recompute_next() {
  next_ = kNever;
  for (const Timer& t : timers_) next_ = t.deadline < next_ ? t.deadline : next_;
}

unsigned Scheduler::run_due(uint64_t now) {
  unsigned fired = 0;
  while (next_ <= now) {
    TimerId due_id = 0;
    for (TimerId i = 0; i < timers_.size(); ++i) {
      if (timers_[i].deadline == next_) {
        due_id = i;
        break;
      }
    }
    uint64_t due = timers_[due_id].deadline;
    disarm(due_id);
    timers_[due_id].callback(due);
    ++fired;
  }
  return fired;
}

void Scheduler::save_state(StateWriter& out) const {
  out.put<uint32_t>(static_cast<uint32_t>(timers_.size()));
  for (const Timer& t : timers_) out.put(t.deadline);
}

void Scheduler::load_state(StateReader& in) {
  auto n = in.get<uint32_t>();
  in.expect(n == timers_.size(), "scheduler has " + std::to_string(timers_.size()) +
                                     " timers, state has " + std::to_string(n));
  for (Timer& t : timers_) t.deadline = in.get<uint64_t>();
  recompute_next();
}

}  // namespace mkemu
