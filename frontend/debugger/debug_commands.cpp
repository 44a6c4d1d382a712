// The debugger's subcommands (`mkemu debug`) are added here by the
// debugger/GDB-stub work (issue 6); none exist yet.
#include "frontend/command.h"

namespace mkemu {

void add_debug_commands(CLI::App&, CommandList&) {}

}  // namespace mkemu
