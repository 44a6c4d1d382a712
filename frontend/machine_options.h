#pragma once
// The machine options shared by `run`, `debug` and `record`: they define
// the machine, what it boots, where its output goes and when it stops.
#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "platform/machine_config.h"

namespace mkemu {

struct MachineOptions {
  MachineConfig config;
  std::string cpu_text = "p6";
  std::vector<std::string> module_texts;
  uint32_t clock_mhz = 100;
  std::string serial = "stdio";
  std::string debugcon = "none";
  uint64_t max_insns = 0;   // 0: no limit
  uint64_t max_cycles = 0;  // 0: no limit
  std::string stop_on;
  bool stats = false;  // print instruction and cycle counts on stderr at the end
  std::string apic = "auto";
  std::string log = "none";
  std::string serial_input;  // --serial-input FILE
};

// Registers the options on `app`, storing into `options`.
void add_machine_options(CLI::App& app, MachineOptions& options);
// Validates what the parser cannot and fills options.config. Returns false
// after printing help text when --cpu help or --machine help was asked for.
// Throws InputError for bad values.
bool finish_machine_options(MachineOptions& options);

}  // namespace mkemu
