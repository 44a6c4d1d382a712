#pragma once
#include "frontend/machine_options.h"

namespace mkemu {

// `mkemu run`: builds the machine, boots it, runs it to a stop and returns
// the exit status (frontend/exit_status.h).
int run_command(MachineOptions& options);

}  // namespace mkemu
