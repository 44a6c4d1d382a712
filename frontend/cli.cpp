#include "frontend/cli.h"

#include <CLI/CLI.hpp>

namespace mkemu {
int cli_main(int argc, char** argv) {
  CLI::App app{"mkemu: a deterministic x86 microkernel machine emulator"};
  app.require_subcommand(1);
  app.add_subcommand("run", "Run a machine");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}
}  // namespace mkemu
