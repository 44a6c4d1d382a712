#include "frontend/command.h"
#include "frontend/machine_options.h"
#include "frontend/machine_setup.h"

namespace mkemu {

void add_run_command(CLI::App& mkemu, CommandList& commands) {
  auto options = std::make_shared<MachineOptions>();
  CLI::App* app = mkemu.add_subcommand("run", "Boot a machine and run it until it stops");
  add_machine_options(*app, *options);
  commands.push_back({app, [options]() {
                        if (!finish_machine_options(*options)) return 0;
                        BootedMachine booted = build_and_boot(*options);
                        RunResult result = booted.machine->run(run_limits(*options));
                        booted.flush_outputs();
                        if (options->stats) print_run_stats(*booted.machine);
                        return exit_status_for(result, *booted.machine);
                      }});
}

}  // namespace mkemu
