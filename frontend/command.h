#pragma once
// A `mkemu` subcommand: its CLI11 parser and what runs when it was chosen.
// Each part of the frontend adds its own subcommands (see cli.cpp).
#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace mkemu {

struct Command {
  CLI::App* app;
  // Returns the process exit status (frontend/exit_status.h). May throw
  // InputError for bad input (exit status 2).
  std::function<int()> run;
};

using CommandList = std::vector<Command>;

void add_run_command(CLI::App& mkemu, CommandList& commands);     // run_command.cpp
void add_debug_commands(CLI::App& mkemu, CommandList& commands);  // debugger/debug_commands.cpp
void add_trace_commands(CLI::App& mkemu, CommandList& commands);  // trace_commands.cpp

}  // namespace mkemu
