#pragma once
// One debugging session: boot the machine stopped before its first
// instruction, then run a --script, serve gdb (--gdb), or read commands
// interactively. Shared by `mkemu debug` and `mkemu run --gdb`.
#include <string>
#include <vector>

#include "frontend/machine_options.h"

namespace mkemu {

struct DebugSessionOptions {
  std::string script;                     // --script FILE
  std::string gdb;                        // --gdb [HOST:]PORT
  std::vector<std::string> symbol_files;  // --symbols FILE (the --kernel ELF is always read)
  bool interactive = true;                // read the terminal when no script/gdb ends it
  bool run_after_detach = false;          // `run --gdb`: run on to the end after gdb detaches
};

// Returns the exit status (frontend/exit_status.h). Throws InputError for
// unusable inputs (script, symbol file, gdb endpoint).
int run_debug_session(const MachineOptions& machine, const DebugSessionOptions& session);

}  // namespace mkemu
