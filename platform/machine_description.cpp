#include "platform/machine_description.h"

#include <array>

#include "platform/core/errors.h"

namespace mkemu {
namespace {

using K = DeviceKind;

constexpr std::array<DeviceEntry, 14> kPcDevices = {{
    {K::kPic, "8259A PIC pair", "ports 0x20-0x21, 0xA0-0xA1, ELCR 0x4D0-0x4D1"},
    {K::kLocalApic, "local APIC", "MMIO 0xFEE00000 (if the CPU model has an APIC)"},
    {K::kIoApic, "I/O APIC", "MMIO 0xFEC00000, 24 pins (with the local APIC)"},
    {K::kPit, "8254 PIT", "ports 0x40-0x43, port 0x61; IRQ0"},
    {K::kRtc, "MC146818 RTC/CMOS", "ports 0x70-0x71; IRQ8"},
    {K::kUart, "16550A UART (COM1)", "ports 0x3F8-0x3FF; IRQ4"},
    {K::kKbc, "8042 keyboard controller", "ports 0x60, 0x64; IRQ1, IRQ12"},
    {K::kPort92, "system control port A", "port 0x92 (A20, fast reset)"},
    {K::kResetControl, "PIIX reset control", "port 0xCF9"},
    {K::kPci, "PCI host bridge (i440FX, PIIX3)", "ports 0xCF8-0xCFF; 00:00.0, 00:01.0"},
    {K::kPostPort, "POST port", "port 0x80"},
    {K::kVgaText, "VGA text memory", "MMIO 0xB8000-0xBFFFF, ports 0x3D4-0x3D5, 0x3DA"},
    {K::kDebugConsole, "debug console", "port 0xE9"},
    {K::kExitDevice, "isa-debug-exit", "ports 0xF4-0xF7"},
}};

constexpr std::array<DeviceEntry, 11> kIsaPcDevices = {{
    {K::kPic, "8259A PIC pair", "ports 0x20-0x21, 0xA0-0xA1, ELCR 0x4D0-0x4D1"},
    {K::kPit, "8254 PIT", "ports 0x40-0x43, port 0x61; IRQ0"},
    {K::kRtc, "MC146818 RTC/CMOS", "ports 0x70-0x71; IRQ8"},
    {K::kUart, "16550A UART (COM1)", "ports 0x3F8-0x3FF; IRQ4"},
    {K::kKbc, "8042 keyboard controller", "ports 0x60, 0x64; IRQ1, IRQ12"},
    {K::kPort92, "system control port A", "port 0x92 (A20, fast reset)"},
    {K::kResetControl, "reset control", "port 0xCF9"},
    {K::kPostPort, "POST port", "port 0x80"},
    {K::kVgaText, "VGA text memory", "MMIO 0xB8000-0xBFFFF, ports 0x3D4-0x3D5, 0x3DA"},
    {K::kDebugConsole, "debug console", "port 0xE9"},
    {K::kExitDevice, "isa-debug-exit", "ports 0xF4-0xF7"},
}};

const std::array<MachineDescription, 2> kMachines = {{
    {"pc", "i440FX-class PC with PCI, APIC and I/O APIC when the CPU has an APIC (default)",
     kPcDevices},
    {"isapc", "ISA-only PC: no PCI, no APIC", kIsaPcDevices},
}};

}  // namespace

std::span<const MachineDescription> all_machines() {
  return kMachines;
}

const MachineDescription& find_machine(std::string_view name) {
  for (const MachineDescription& m : kMachines) {
    if (m.name == name) return m;
  }
  std::string known;
  for (const MachineDescription& m : kMachines)
    known += (known.empty() ? "" : ", ") + std::string(m.name);
  throw InputError("--machine: unknown machine '" + std::string(name) + "' (known: " + known +
                   "; see --machine help)");
}

std::string machine_help_text() {
  std::string text;
  for (const MachineDescription& m : kMachines) {
    text += std::string(m.name) + ": " + std::string(m.summary) + "\n";
    for (const DeviceEntry& d : m.devices) {
      std::string line = "    " + std::string(d.name);
      if (line.size() < 38) line.append(38 - line.size(), ' ');
      text += line + " " + std::string(d.resources) + "\n";
    }
  }
  text += "All machines: no firmware; RAM from 0, BIOS data areas zero.\n";
  return text;
}

}  // namespace mkemu
