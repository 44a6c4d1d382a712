#pragma once

namespace mkemu {
// The `mkemu` command line; returns the process exit status (see --help).
int cli_main(int argc, char** argv);
}  // namespace mkemu
