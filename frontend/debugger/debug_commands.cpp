// `mkemu debug`: the debugger console (and gdb stub) on a machine stopped
// before its first instruction.
#include <memory>

#include "frontend/command.h"
#include "frontend/debugger/debug_session.h"

namespace mkemu {

void add_debug_commands(CLI::App& mkemu, CommandList& commands) {
  auto options = std::make_shared<MachineOptions>();
  auto session = std::make_shared<DebugSessionOptions>();
  CLI::App* app = mkemu.add_subcommand(
      "debug",
      "Boot a machine stopped before its first instruction and debug it: interactive console, "
      "--script, or gdb over --gdb (docs/debugger.md)");
  add_machine_options(*app, *options);
  app->add_option("--script", session->script,
                  "Run the console commands in FILE (one per line, # comments), print their "
                  "output and exit; status 2 if a command failed")
      ->type_name("FILE");
  app->add_option("--gdb", session->gdb,
                  "Serve the GDB remote protocol on [HOST:]PORT (127.0.0.1 unless HOST is "
                  "given; port 0 picks a free port); the guest waits for gdb")
      ->type_name("[HOST:]PORT");
  app->add_option("--symbols", session->symbol_files,
                  "Also read symbols from this ELF file (the --kernel ELF is always read)")
      ->type_name("FILE");
  app->add_option("--input", session->input,
                  "Feed a schedule of cycle-stamped inputs (docs/trace-format.md), as run does")
      ->type_name("FILE");
  app->add_option("--replay", session->replay,
                  "Debug a recording: the machine, images and inputs come from RUN.mkt, and "
                  "running stops at its end")
      ->type_name("RUN.mkt");
  app->add_option("--snapshot-every", session->snapshot_every,
                  "Instructions between the in-memory snapshots that reverse-step and "
                  "reverse-continue restore (0: no reverse execution)")
      ->default_val(ExecutionHistory::kDefaultInterval)
      ->type_name("N");
  commands.push_back({app, [options, session]() {
                        prepare_debug_replay(*options, *session);
                        if (!finish_machine_options(*options)) return 0;
                        check_debug_replay(*options, *session);
                        return run_debug_session(*options, *session);
                      }});
}

}  // namespace mkemu
