#include "traces/run_driver.h"

#include <algorithm>

namespace mkemu::traces {
namespace {

uint64_t next_multiple(uint64_t value, uint64_t interval) {
  uint64_t next = (value / interval + 1) * interval;
  return next < value ? UINT64_MAX : next;  // overflow
}

}  // namespace

RunResult drive_machine(Machine& machine, InputQueue& inputs, const RunLimits& limits,
                        const DriveHooks& hooks) {
  uint64_t insns = machine.cpu.instructions_retired();
  uint64_t next_checkpoint =
      hooks.checkpoint_interval ? next_multiple(insns, hooks.checkpoint_interval) : UINT64_MAX;
  bool paused = hooks.pause_at < insns;
  for (;;) {
    insns = machine.cpu.instructions_retired();
    if (insns >= next_checkpoint) {
      if (hooks.on_checkpoint) hooks.on_checkpoint(machine);
      next_checkpoint = next_multiple(insns, hooks.checkpoint_interval);
    }
    // Inputs first: a snapshot then holds only inputs stamped after its cycle.
    while (!inputs.empty() && inputs.next_cycle() <= machine.clock.cycles) {
      ExternalInput input = inputs.pop();
      deliver_input(machine, input);
      if (hooks.on_input) hooks.on_input(machine, input);
    }
    if (!paused && insns >= hooks.pause_at) {
      paused = true;
      if (hooks.on_pause) hooks.on_pause(machine);
    }
    if (insns >= limits.max_instructions || machine.clock.cycles >= limits.max_cycles) {
      return {MachineStop::kLimit};
    }
    RunLimits slice;
    slice.max_instructions =
        std::min({limits.max_instructions, next_checkpoint, paused ? UINT64_MAX : hooks.pause_at});
    slice.max_cycles = std::min(limits.max_cycles, inputs.next_cycle());
    RunResult result = machine.run(slice);
    if (result.stop == MachineStop::kHaltedForever && machine.cpu.interrupts_enabled() &&
        inputs.next_cycle() < limits.max_cycles) {
      // Halted with interrupts on and no timer armed: only the next input
      // can wake it, so idle until its stamp (as the machine idles to a timer).
      machine.clock.cycles = std::max(machine.clock.cycles, inputs.next_cycle());
      continue;
    }
    if (result.stop != MachineStop::kLimit) return result;
  }
}

}  // namespace mkemu::traces
