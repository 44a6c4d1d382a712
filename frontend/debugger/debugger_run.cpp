// Execution control: the resume loop that runs the machine in slices (so
// Ctrl-C and gdb's interrupt are noticed), and step/next/finish/until.
#include <algorithm>

#include "frontend/debugger/debugger.h"
#include "frontend/debugger/guest_memory.h"
#include "frontend/disassembler.h"

namespace mkemu {
namespace {

// Slices are short enough to notice Ctrl-C promptly; running in slices does
// not change what the guest sees (the machine stops at the same boundaries
// it would stop at for a device deadline).
constexpr uint64_t kSliceInstructions = 200'000;
constexpr uint64_t kSliceCycles = 2'000'000;

}  // namespace

StopEvent Debugger::resume(Mode mode, uint64_t horizon) {
  history_.begin_if_needed();
  mode_ = mode;
  steps_ = 0;
  pending_.reset();
  recheck_exec_ = ret_pending_ = magic_pending_ = false;
  update_attachment(mode != Mode::kContinue);
  m_.observers.take_stop_request();  // a stale request from an earlier stop
  const uint64_t start = m_.cpu.instructions_retired();
  StopEvent result = run_slices(horizon);
  m_.observers.take_stop_request();
  pending_.reset();
  mode_ = Mode::kContinue;
  update_attachment(false);
  result.instructions = m_.cpu.instructions_retired() - start;
  if (scanning_) return result;  // reverse-continue's look-ahead: not a stop the user sees
  if (result.breakpoint) {
    auto it = std::find_if(breakpoints_.begin(), breakpoints_.end(),
                           [&](const Breakpoint& b) { return b.id == result.breakpoint; });
    if (it != breakpoints_.end() && it->temporary) delete_breakpoint(it->id);
  }
  last_stop_ = result;
  return result;
}

// The CPU stopped at a handler's first instruction: a breakpoint or the
// target there?
bool Debugger::recheck_at_handler(StopEvent& result) {
  recheck_exec_ = false;
  const uint32_t lin = current_linear_eip();
  if (mode_ == Mode::kTarget && lin == target_linear_ &&
      m_.cpu.state().gpr[kEsp] >= target_min_esp_) {
    result = {};
    result.reason = target_reason_;
    result.address = lin;
    return true;
  }
  if (std::binary_search(exec_linear_.begin(), exec_linear_.end(), lin) || has_exec_physical_) {
    return exec_breakpoint_hit(lin, result);
  }
  return false;
}

// Feeds the external inputs at their stamps and takes the history's
// snapshots at their instruction counts, as traces/run_driver.cpp does for
// run and record, so that the debugger, a straight run and a re-execution
// see the same inputs at the same boundaries.
StopEvent Debugger::run_slices(uint64_t horizon) {
  const uint64_t max_instructions = std::min(limits_.max_instructions, horizon);
  StopEvent result;
  bool clean = false;  // the last run ended at its limit: no transient stop flag is set
  for (;;) {
    history_.deliver_due_inputs();
    if (clean) history_.capture_if_due();
    const uint64_t retired = m_.cpu.instructions_retired();
    if (retired >= horizon) {
      if (!(recheck_exec_ && recheck_at_handler(result))) result.reason = StopReason::kNone;
      break;
    }
    if (poll_interrupt && poll_interrupt()) {
      result.reason = StopReason::kUserInterrupt;
      break;
    }
    RunLimits slice;
    slice.max_instructions =
        std::min({max_instructions, retired + kSliceInstructions, history_.next_capture()});
    slice.max_cycles =
        std::min({limits_.max_cycles, m_.clock.cycles + kSliceCycles, history_.next_input_cycle()});
    const RunResult r = m_.run(slice);
    clean = r.stop == MachineStop::kLimit;
    if (pending_) {
      result = *pending_;
      break;
    }
    if (r.stop == MachineStop::kObserver) {
      if (recheck_exec_ && recheck_at_handler(result)) break;
      continue;
    }
    if (r.stop == MachineStop::kLimit && m_.cpu.instructions_retired() < limits_.max_instructions &&
        m_.clock.cycles < limits_.max_cycles) {
      continue;  // only the slice ended
    }
    if (r.stop == MachineStop::kHaltedForever && m_.cpu.interrupts_enabled() &&
        history_.next_input_cycle() < limits_.max_cycles) {
      // Only the next input can wake it: idle until its stamp (as run does).
      m_.clock.cycles = std::max(m_.clock.cycles, history_.next_input_cycle());
      continue;
    }
    result.reason = r.stop == MachineStop::kLimit && limits_end_recording_
                        ? StopReason::kRecordingEnd
                        : StopReason::kMachine;
    result.machine = r;
    break;
  }
  history_.deliver_due_inputs();  // a straight run to here has delivered them too
  return result;
}

StopEvent Debugger::step(uint64_t count) {
  step_target_ = count ? count : 1;
  return resume(Mode::kStep);
}

StopEvent Debugger::cont() {
  return resume(Mode::kContinue);
}

StopEvent Debugger::until(uint32_t linear) {
  target_linear_ = linear;
  target_min_esp_ = 0;
  target_reason_ = StopReason::kUntil;
  return resume(Mode::kTarget);
}

StopEvent Debugger::finish() {
  finish_esp_ = m_.cpu.state().gpr[kEsp];
  return resume(Mode::kFinish);
}

// Steps over calls, INT n and whole REP instructions by running to the next
// instruction at the same (or a shallower) stack depth.
StopEvent Debugger::next() {
  const uint32_t lin = current_linear_eip();
  uint8_t bytes[15];
  size_t n = peek_guest(m_, AddressSpace::kLinear, lin, bytes);
  Disassembly d = disassemble_one(std::span<const uint8_t>(bytes, n), lin, code_is_32bit(m_));
  const std::string& t = d.text;
  const bool over = d.length && (t.starts_with("call") || t.starts_with("lcall") ||
                                 t.starts_with("int") || t.starts_with("rep"));
  if (!over) return step(1);
  target_linear_ = lin + d.length;
  target_min_esp_ = m_.cpu.state().gpr[kEsp];
  target_reason_ = StopReason::kStep;
  return resume(Mode::kTarget);
}

}  // namespace mkemu
