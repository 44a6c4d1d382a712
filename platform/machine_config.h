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

// Whether the machine gets a local APIC and I/O APIC (machines that have them).
enum class ApicMode : uint8_t {
  kAuto,  // when the CPU model reports an APIC (CPUID.1:EDX bit 9)
  kOn,    // required: an error if the CPU model or machine has none
  kOff,
};

struct MachineConfig {
  std::string machine = "pc";               // --machine NAME
  CpuConfig cpu;                            // --cpu
  uint32_t ram_mib = 64;                    // --mem
  uint64_t clock_hz = 100'000'000;          // --clock MHZ (virtual)
  std::string kernel;                       // --kernel (Multiboot ELF)
  std::string append;                       // --append
  std::vector<MultibootModule> modules;     // --module
  std::string rom;                          // --rom
  bool no_reboot = false;                   // --no-reboot
  std::string rtc = "2026-01-01T00:00:00";  // --rtc: the RTC's start time (never the host's)
  ApicMode apic = ApicMode::kAuto;          // --apic auto|on|off
  uint32_t log_categories = 0;              // --log: LogCategory bits (parse_log_categories)
};

}  // namespace mkemu
