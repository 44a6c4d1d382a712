#pragma once
// Building and booting a machine from the command line's machine options,
// and turning how it stopped into an exit status. Shared by run, debug and
// record so they boot identically.
#include <memory>
#include <string>
#include <vector>

#include "frontend/machine_options.h"
#include "frontend/output_sink.h"
#include "frontend/serial_host_input.h"
#include "platform/machine.h"
#include "traces/external_input.h"

namespace mkemu {

struct BootedMachine {
  std::unique_ptr<Machine> machine;
  std::unique_ptr<OutputSink> serial;
  std::unique_ptr<OutputSink> debugcon;
  bool serial_input_from_stdin = false;  // --serial-input -
  void flush_outputs();
  // The host-input hook for traces::drive_machine / record_run: input from
  // an interactive --serial backend and from stdin (--serial-input -),
  // stamped with the guest cycle at which it arrives. Empty when there is
  // none. Only run and record call it: stdin is left alone otherwise.
  traces::HostPoll host_poll();

 private:
  std::unique_ptr<SerialHostInput> host_input_;
};

// Opens the output sinks (a TCP serial backend starts listening), builds the
// machine, loads the ROM or the Multiboot kernel and modules, then waits for
// the TCP serial client if there is one. Throws InputError for unusable
// inputs.
BootedMachine build_and_boot(const MachineOptions& options);

// For `record`: --serial-input FILE as an external input at cycle 0 (so a
// trace holds it), cleared from `options` so that build_and_boot does not
// also queue it. Empty without a file (and for '-', which is host input).
std::vector<traces::ExternalInput> take_serial_input_file(MachineOptions& options);

RunLimits run_limits(const MachineOptions& options);

// "mkemu: stats: instructions N, cycles N, idle skips N, state hash H" on
// stderr (the hash is docs/state-hash.md's total, 16 hex digits).
void print_run_stats(const Machine& machine);

// The exit status for a stop; for non-zero statuses also prints the stop
// report (reason, registers, last instructions) on stderr.
int exit_status_for(const RunResult& result, const Machine& machine);

}  // namespace mkemu
