#include "frontend/cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "frontend/exit_status.h"
#include "frontend/machine_options.h"
#include "frontend/run_command.h"
#include "platform/core/errors.h"

namespace mkemu {

int cli_main(int argc, char** argv) {
  CLI::App app{"mkemu: a cycle-aware, deterministic x86 microkernel machine emulator"};
  app.footer(kExitStatusHelp);
  app.require_subcommand(1);

  MachineOptions run_options;
  CLI::App* run = app.add_subcommand("run", "Boot a machine and run it until it stops");
  add_machine_options(*run, run_options);
  run->footer(kExitStatusHelp);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);  // prints help or the error
    return code == 0 ? kExitOk : kExitUsage;
  }

  try {
    if (run->parsed()) {
      if (!finish_machine_options(run_options)) return kExitOk;
      return run_command(run_options);
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
