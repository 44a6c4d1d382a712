#pragma once
// One debugging session: boot the machine stopped before its first
// instruction, then run a --script, serve gdb (--gdb), or read commands
// interactively. Shared by `mkemu debug` and `mkemu run --gdb`.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "frontend/debugger/reverse_history.h"
#include "frontend/machine_options.h"
#include "traces/trace_records.h"

namespace mkemu {

struct DebugSessionOptions {
  std::string script;                     // --script FILE
  std::string gdb;                        // --gdb [HOST:]PORT
  std::vector<std::string> symbol_files;  // --symbols FILE (the --kernel ELF is always read)
  bool interactive = true;                // read the terminal when no script/gdb ends it
  bool run_after_detach = false;          // `run --gdb`: run on to the end after gdb detaches
  std::string input;                      // --input FILE: cycle-stamped inputs
  std::string replay;                     // --replay RUN.mkt
  std::shared_ptr<const traces::TraceContents> recording;        // read by prepare_debug_replay
  uint64_t snapshot_every = ExecutionHistory::kDefaultInterval;  // 0: no reverse execution
  size_t snapshots_kept = ExecutionHistory::kDefaultCapacity;
};

// --replay: reads the recording and takes the machine options from it (the
// output options stay). Throws InputError for an unusable trace or when
// --kernel/--rom/--input are given too.
void prepare_debug_replay(MachineOptions& machine, DebugSessionOptions& session);
// After finish_machine_options: refuses images that changed since the
// recording (InputError).
void check_debug_replay(const MachineOptions& machine, const DebugSessionOptions& session);

// Returns the exit status (frontend/exit_status.h). Throws InputError for
// unusable inputs (script, symbol file, gdb endpoint).
int run_debug_session(const MachineOptions& machine, const DebugSessionOptions& session);

}  // namespace mkemu
