#pragma once
// Replaying a trace: re-executes the recorded machine from its recorded
// inputs and, when verifying, compares every checkpoint, input delivery,
// instruction record (when the trace has them) and the end state. The first
// mismatch ends the replay with a report: the checkpoint interval
// (instructions and cycles), what differs (register, machine part, RAM page,
// output) and, with instruction records, the first divergent instruction
// with its disassembly and the differing values.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "traces/instruction_diff.h"
#include "traces/trace_records.h"

namespace mkemu::traces {

struct ReplaySettings {
  bool verify = false;
  // Inputs that are not in the recording (injected faults, RAM patches): a
  // replay with them is expected to diverge, and the report says where.
  std::vector<ExternalInput> injections;
  Disassembler disassemble;
  // The recorded instruction records in order (InstructionStream::next);
  // when unset, trace.instructions is used.
  std::function<bool(InstructionEvent&)> recorded_instructions;
};

struct ReplayOutcome {
  RunResult result;
  bool diverged = false;
  std::string report;  // the divergence report, or a one-line summary on a match
  uint64_t checkpoints_verified = 0;
  uint64_t instructions_verified = 0;
};

// `machine` must be built and booted from trace.header.identity.
ReplayOutcome replay_run(Machine& machine, const TraceContents& trace,
                         const ReplaySettings& settings);

}  // namespace mkemu::traces
