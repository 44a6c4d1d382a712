#pragma once
// Recording a run: the header (machine identity, settings), a checkpoint
// at the start and every N instructions, every external input as delivered,
// the guest's output, optionally every instruction, and an end record with
// the final state.
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "platform/machine.h"
#include "traces/external_input.h"
#include "traces/machine_identity.h"
#include "traces/run_driver.h"
#include "traces/trace_file.h"

namespace mkemu::traces {

using RecordSink = std::function<void(RecordType, std::span<const uint8_t>)>;

struct RecordSettings {
  uint64_t checkpoint_interval = 10'000'000;  // instructions; 0: only start and end
  bool instructions = false;                  // per-instruction records (--insns)
  std::string stop_on;                        // the run's --stop-on text, for replay
  std::string producer = "mkemu";
  HostPoll host_poll;  // interactive host input, recorded as it is stamped
};

struct RecordSummary {
  RunResult result;
  uint64_t checkpoints = 0;
  uint64_t inputs = 0;
  uint64_t instructions_recorded = 0;
};

// Records `machine` (booted, not yet run) until it stops or `limits` are
// reached. `inputs` are delivered at their stamps and recorded as delivered.
RecordSummary record_run(Machine& machine, const MachineIdentity& identity,
                         const RecordSettings& settings, InputQueue& inputs,
                         const RunLimits& limits, const RecordSink& sink);

}  // namespace mkemu::traces
