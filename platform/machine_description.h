#pragma once
// Declarative machine descriptions (`--machine NAME`, `--machine help`), in
// the spirit of Seoul's machine config: each machine is a list of devices
// with the ports, memory ranges and IRQs they occupy. Machine builds itself
// from the list; the help text is generated from the same table.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace mkemu {

enum class DeviceKind : uint8_t {
  kPic,
  kPit,
  kRtc,
  kUart,
  kKbc,
  kPort92,
  kResetControl,
  kPostPort,
  kPci,
  kDebugConsole,
  kExitDevice,
  kVgaText,
  kLocalApic,  // present when the CPU model has an APIC (and --apic allows)
  kIoApic,     // present together with the local APIC
};

struct DeviceEntry {
  DeviceKind kind;
  std::string_view name;
  std::string_view resources;  // ports, MMIO and IRQs, for the help text
};

struct MachineDescription {
  std::string_view name;
  std::string_view summary;
  std::span<const DeviceEntry> devices;
  bool has(DeviceKind kind) const {
    for (const DeviceEntry& d : devices) {
      if (d.kind == kind) return true;
    }
    return false;
  }
};

// The machine named `name`; throws InputError listing the known names.
const MachineDescription& find_machine(std::string_view name);
std::span<const MachineDescription> all_machines();
// The text of `--machine help`.
std::string machine_help_text();

}  // namespace mkemu
