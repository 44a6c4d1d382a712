#pragma once
// Runs a machine in slices so that external inputs arrive at their cycle
// stamps and checkpoints/snapshots happen at exact instruction counts. A
// slice boundary is invisible to the guest: Machine::run stops at an
// instruction boundary and continues from the same state, so record,
// replay, `run --input` and a restored snapshot all see identical
// executions. Everyone who runs a machine with inputs uses this loop.
#include <cstdint>
#include <functional>

#include "platform/machine.h"
#include "traces/external_input.h"

namespace mkemu::traces {

// Host input that arrives at host-time-dependent moments (interactive serial
// backends, stdin). The driver calls `poll` at a slice boundary at least
// every `interval` cycles; it adds what arrived to `inputs`, stamped with
// the current cycle, so it enters through the same queue as recorded inputs
// (and a recorder records it). `wait_cycles` is how long the guest will
// idle (CPU halted, interrupts on) before its next event: 0 when it is busy,
// kWaitForever when nothing but input can wake it. The poll may block up
// to that much real time. It returns false once no host input can come any
// more (then an idle guest with nothing scheduled stops as halted).
struct HostPoll {
  static constexpr uint64_t kWaitForever = UINT64_MAX;
  uint64_t interval = 0;  // cycles; 0: no host polling
  std::function<bool(Machine&, InputQueue& inputs, uint64_t wait_cycles)> poll;
};

struct DriveHooks {
  // Called when instructions retired reaches every multiple of
  // `checkpoint_interval` (0: never).
  uint64_t checkpoint_interval = 0;
  std::function<void(Machine&)> on_checkpoint;
  // Called once when instructions retired reaches `pause_at` (snapshots).
  uint64_t pause_at = UINT64_MAX;
  std::function<void(Machine&)> on_pause;
  // Called after an input was handed to the machine.
  std::function<void(Machine&, const ExternalInput&)> on_input;
  HostPoll host_poll;
};

// Runs until the machine stops or `limits` are reached (then kLimit), feeding
// `inputs` as their stamps come due.
RunResult drive_machine(Machine& machine, InputQueue& inputs, const RunLimits& limits,
                        const DriveHooks& hooks = {});

}  // namespace mkemu::traces
