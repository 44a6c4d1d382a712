#pragma once
// The trace options of `mkemu run` (--input, --snapshot-at/--snapshot-out,
// --restore). Implemented in frontend/trace_commands.cpp, next to record and
// replay, so that run, record and replay drive the machine the same way
// (traces/run_driver.h). run_command.cpp calls, in this order:
//   add_run_trace_options(*app, trace_options);          // when building the parser
//   prepare_run_trace_options(options, trace_options);   // before finish_machine_options
//   RunResult r = run_with_trace_options(booted, options, trace_options);  // instead of run()
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "frontend/machine_options.h"
#include "frontend/machine_setup.h"
#include "traces/machine_identity.h"

namespace mkemu {

struct RunTraceOptions {
  std::string input;         // --input FILE
  uint64_t snapshot_at = 0;  // --snapshot-at N (instructions)
  bool snapshot_at_given = false;
  std::string snapshot_out;  // --snapshot-out FILE
  std::string restore;       // --restore FILE
};

void add_run_trace_options(CLI::App& app, RunTraceOptions& options);
// The identity a trace or snapshot records for these machine options, and
// machine options rebuilt from a recorded identity (finished; InputError
// naming `origin` for a bad value). Also used by `debug --replay`.
traces::MachineIdentity identity_of(const MachineOptions& options);
void options_from_identity(const traces::MachineIdentity& identity, MachineOptions& options,
                           const std::string& origin);
// With --restore and neither --kernel nor --rom, takes the machine options
// from the snapshot, so `mkemu run --restore FILE` works alone. Throws
// InputError for inconsistent options (e.g. --snapshot-at without --snapshot-out).
void prepare_run_trace_options(MachineOptions& machine, const RunTraceOptions& options);
// Restores the snapshot (checking it was made on this machine and images),
// feeds the input schedule and writes the snapshot while running.
RunResult run_with_trace_options(BootedMachine& booted, const MachineOptions& machine,
                                 const RunTraceOptions& options);

}  // namespace mkemu
