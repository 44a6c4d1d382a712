// The record/replay/trace subcommands are added here by the traces work
// (issue 7); none exist yet.
#include "frontend/command.h"

namespace mkemu {

void add_trace_commands(CLI::App&, CommandList&) {}

}  // namespace mkemu
