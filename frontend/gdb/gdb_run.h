#pragma once
// `mkemu run --gdb [HOST:]PORT`: for run_command.cpp to call when the option
// is given. The guest waits for gdb; after gdb detaches it runs to the end.
#include <string>

#include "frontend/machine_options.h"

namespace mkemu {

int run_with_gdb(const MachineOptions& options, const std::string& endpoint);

}  // namespace mkemu
