#include "frontend/cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "frontend/command.h"
#include "frontend/exit_status.h"
#include "platform/core/errors.h"

namespace mkemu {

int cli_main(int argc, char** argv) {
  CLI::App app{"mkemu: a cycle-aware, deterministic x86 microkernel machine emulator"};
  app.footer(kExitStatusHelp);
  app.require_subcommand(1);
  CommandList commands;
  add_run_command(app, commands);
  add_debug_commands(app, commands);
  add_trace_commands(app, commands);
  for (Command& c : commands) {
    if (c.app->get_footer().empty()) c.app->footer(kExitStatusHelp);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);  // prints the help text or the error
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    for (Command& c : commands) {
      if (c.app->parsed()) return c.run();
    }
  } catch (const InputError& e) {
    std::fprintf(stderr, "mkemu: %s\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mkemu: internal error: %s\n", e.what());
    return kExitInternalError;
  }
  return kExitUsage;
}

}  // namespace mkemu
