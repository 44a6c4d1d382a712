// Reverse execution: going back is restoring the nearest snapshot of the
// history and re-executing forward, with the same inputs at the same stamps,
// to the instruction count wanted (docs/debugger.md, "Reverse execution").
#include <algorithm>

#include "frontend/debugger/debugger.h"

namespace mkemu {
namespace {

// Machine stops a re-execution runs through: the user already went past
// them (the guest's exit write, the --stop-on text, a refused reset).
bool passable(const StopEvent& e) {
  if (e.reason != StopReason::kMachine || !e.machine) return false;
  const MachineStop s = e.machine->stop;
  return s == MachineStop::kGuestExit || s == MachineStop::kStopText ||
         s == MachineStop::kResetRequest;
}

}  // namespace

void Debugger::replay_to(uint64_t target) {
  const ExecutionHistory::Point* from = history_.nearest(target);
  if (!from) throw HistoryError("no snapshot at or before instruction " + std::to_string(target));
  const uint64_t distance = target - from->instructions();
  history_.restore(*from);
  // Unobserved and uninterruptible: breakpoints must not fire on the way,
  // and stopping short would land somewhere else.
  if (attached_) {
    m_.observers.detach(this);
    attached_ = false;
  }
  m_.observers.take_stop_request();
  pending_.reset();
  recheck_exec_ = false;
  mode_ = Mode::kContinue;
  auto poll = std::move(poll_interrupt);
  poll_interrupt = nullptr;
  auto run_to = [this](uint64_t position) {
    StopEvent e;
    do {
      e = run_slices(position);
    } while (passable(e) && m_.cpu.instructions_retired() < position);
  };
  const uint64_t near = history_.near_distance();
  if (distance > 2 * near) {
    run_to(target - near);
    if (m_.cpu.instructions_retired() == target - near) history_.keep_near();
  }
  run_to(target);
  poll_interrupt = std::move(poll);
  update_attachment(false);
  if (m_.cpu.instructions_retired() != target) {
    throw HistoryError("re-execution stopped at instruction " +
                       std::to_string(m_.cpu.instructions_retired()) + " before reaching " +
                       std::to_string(target));
  }
}

std::vector<Debugger::Hit> Debugger::scan_hits(uint64_t from, uint64_t end, bool& interrupted) {
  std::vector<Hit> hits;
  const ExecutionHistory::Point* point = history_.nearest(from);
  if (!point) return hits;
  history_.restore(*point);
  scanning_ = true;
  for (;;) {
    StopEvent e = resume(Mode::kContinue, end);
    if (e.reason == StopReason::kNone) break;  // reached `end`
    if (e.reason == StopReason::kUserInterrupt) {
      interrupted = true;
      break;
    }
    if (passable(e)) continue;
    if (e.reason == StopReason::kMachine || e.reason == StopReason::kRecordingEnd) break;
    hits.push_back(
        {m_.cpu.instructions_retired(), m_.clock.cycles, current_linear_eip(), std::move(e)});
  }
  scanning_ = false;
  return hits;
}

StopEvent Debugger::reverse_step(uint64_t count) {
  if (!history_.enabled()) throw HistoryError("reverse execution is off (--snapshot-every 0)");
  history_.begin_if_needed();
  const uint64_t here = m_.cpu.instructions_retired();
  const uint64_t start = history_.start();
  const uint64_t room = here > start ? here - start : 0;
  if (count > room) {
    throw HistoryError(room == 0
                           ? "at the start of the history (instruction " + std::to_string(start) +
                                 "): nothing to go back to"
                           : "the history begins at instruction " + std::to_string(start) + ", " +
                                 std::to_string(room) + " instruction" + (room == 1 ? "" : "s") +
                                 " back: cannot go back " + std::to_string(count));
  }
  replay_to(here - count);
  StopEvent result;
  result.reason = StopReason::kReverseStep;
  result.instructions = count;
  last_stop_ = result;
  return result;
}

// Newest interval first: from the last snapshot before here up to here, then
// the one before, until an interval holds a stop. The last stop in it is
// where a forward `continue` would have stopped last.
StopEvent Debugger::reverse_continue() {
  if (!history_.enabled()) throw HistoryError("reverse execution is off (--snapshot-every 0)");
  history_.begin_if_needed();
  const uint64_t here = m_.cpu.instructions_retired();
  const std::vector<uint64_t> starts = history_.positions_before(here);
  std::vector<uint64_t> hit_counts;
  for (const Breakpoint& b : breakpoints_) hit_counts.push_back(b.hits);
  std::optional<Hit> found;
  bool interrupted = false;
  for (size_t i = starts.size(); i-- > 0 && !found && !interrupted;) {
    const uint64_t end = i + 1 < starts.size() ? starts[i + 1] : here;
    std::vector<Hit> hits = scan_hits(starts[i], end, interrupted);
    // Stops at this instruction count are where we are, or after it (an
    // interrupt not yet taken here).
    std::erase_if(hits, [here](const Hit& h) { return h.position >= here; });
    if (!hits.empty()) found = std::move(hits.back());
  }
  StopEvent result;
  if (interrupted) {
    replay_to(here);
    result.reason = StopReason::kUserInterrupt;
  } else if (found) {
    replay_to(found->position);
    if (m_.clock.cycles != found->cycles || current_linear_eip() != found->linear_eip) {
      // The stop came after work at the instruction boundary that a run to
      // this count has not done yet (an interrupt taken, a breakpoint at its
      // handler): do it with the breakpoints armed, as the forward run did.
      scanning_ = true;
      resume(Mode::kContinue, found->position + 1);
      scanning_ = false;
    }
    result = std::move(found->event);
    result.reverse = true;
    if (m_.cpu.instructions_retired() != found->position || m_.clock.cycles != found->cycles) {
      result.note = "could not reproduce the stop exactly: now at the instruction count";
    }
  } else {
    replay_to(history_.start());
    result.reason = StopReason::kHistoryStart;
  }
  for (size_t i = 0; i < breakpoints_.size() && i < hit_counts.size(); ++i) {
    breakpoints_[i].hits = hit_counts[i];
  }
  result.instructions = here - m_.cpu.instructions_retired();
  last_stop_ = result;
  return result;
}

}  // namespace mkemu
