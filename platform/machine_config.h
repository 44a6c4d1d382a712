#pragma once
// Everything that defines a machine before it runs. Two machines built from
// equal configs and images, fed equal external inputs, behave identically.
#include <cstdint>
#include <string>
#include <vector>

#include "cpu/cpu_model.h"

namespace mkemu {

struct MultibootModule {
  std::string path;
  std::string cmdline;  // the whole --module text: "FILE ARGS..."
};

struct MachineConfig {
  std::string machine = "pc";  // --machine NAME
  CpuConfig cpu;               // --cpu
  uint32_t ram_mib = 64;       // --mem
  uint64_t clock_hz = 100'000'000;  // --clock MHZ (virtual)
  std::string kernel;          // --kernel (Multiboot ELF)
  std::string append;          // --append
  std::vector<MultibootModule> modules;  // --module
  std::string rom;             // --rom
  bool no_reboot = false;      // --no-reboot
};

}  // namespace mkemu
