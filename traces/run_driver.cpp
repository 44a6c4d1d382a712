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
  const HostPoll& host = hooks.host_poll;
  bool polling = host.interval && host.poll;
  bool host_open = polling;
  uint64_t next_poll = polling ? machine.clock.cycles : UINT64_MAX;
  uint64_t idle_wait = 0;  // cycles the guest idles after this boundary (for the host poll)
  for (;;) {
    insns = machine.cpu.instructions_retired();
    if (insns >= next_checkpoint) {
      if (hooks.on_checkpoint) hooks.on_checkpoint(machine);
      next_checkpoint = next_multiple(insns, hooks.checkpoint_interval);
    }
    if (polling && machine.clock.cycles >= next_poll) {
      host_open = host.poll(machine, inputs, idle_wait);
      next_poll = machine.clock.cycles + host.interval;
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
    slice.max_cycles = std::min({limits.max_cycles, inputs.next_cycle(), next_poll});
    RunResult result = machine.run(slice);
    idle_wait = 0;
    if (polling && result.stop == MachineStop::kLimit && machine.cpu.halted() &&
        machine.cpu.interrupts_enabled()) {
      uint64_t wake = std::min({machine.scheduler.next_deadline(), inputs.next_cycle(),
                                limits.max_cycles, machine.clock.cycles + host.interval});
      idle_wait = wake > machine.clock.cycles ? wake - machine.clock.cycles : 0;
    }
    if (result.stop == MachineStop::kHaltedForever && machine.cpu.interrupts_enabled() &&
        inputs.next_cycle() < limits.max_cycles) {
      // Halted with interrupts on and no timer armed: only the next input
      // can wake it, so idle until its stamp (as the machine idles to a timer).
      machine.clock.cycles = std::max(machine.clock.cycles, inputs.next_cycle());
      continue;
    }
    if (result.stop == MachineStop::kHaltedForever && machine.cpu.interrupts_enabled() &&
        host_open) {
      // Only host input can wake it: wait for some (stamped with this cycle).
      host_open = host.poll(machine, inputs, HostPoll::kWaitForever);
      next_poll = machine.clock.cycles + host.interval;
      continue;
    }
    if (result.stop != MachineStop::kLimit) return result;
  }
}

}  // namespace mkemu::traces
