#include "frontend/command.h"
#include "frontend/gdb/gdb_run.h"
#include "frontend/machine_options.h"
#include "frontend/machine_setup.h"
#include "platform/core/errors.h"
#include "traces/run_hook.h"

namespace mkemu {

void add_run_command(CLI::App& mkemu, CommandList& commands) {
  auto options = std::make_shared<MachineOptions>();
  auto trace = std::make_shared<RunTraceOptions>();
  auto gdb = std::make_shared<std::string>();
  CLI::App* app = mkemu.add_subcommand("run", "Boot a machine and run it until it stops");
  add_machine_options(*app, *options);
  add_run_trace_options(*app, *trace);
  app->add_option("--gdb", *gdb,
                  "Serve the GDB remote protocol on [HOST:]PORT (127.0.0.1 unless a host is "
                  "given); the guest waits for gdb before its first instruction")
      ->type_name("[HOST:]PORT");
  commands.push_back({app, [options, trace, gdb]() {
                        prepare_run_trace_options(*options, *trace);
                        if (!finish_machine_options(*options)) return 0;
                        if (!gdb->empty()) {
                          if (!trace->input.empty() || !trace->restore.empty() ||
                              trace->snapshot_at_given) {
                            throw InputError(
                                "--gdb cannot be combined with --input, --restore "
                                "or --snapshot-at (use mkemu debug --replay)");
                          }
                          return run_with_gdb(*options, *gdb);
                        }
                        BootedMachine booted = build_and_boot(*options);
                        RunResult result = run_with_trace_options(booted, *options, *trace);
                        booted.flush_outputs();
                        if (options->stats) print_run_stats(*booted.machine);
                        return exit_status_for(result, *booted.machine);
                      }});
}

}  // namespace mkemu
