#pragma once
// PCI bus 0: the functions present by device/function number, configuration
// accesses on their behalf, and INTx routing. A function's INTx pin is
// swizzled onto PIRQ A-D ((device + pin - 1) mod 4) and the PIIX routes each
// PIRQ to an ISA IRQ (or none); PIRQ lines are level-triggered and shared.
#include <array>
#include <cstdint>
#include <functional>

#include "platform/core/irq_line.h"
#include "platform/devices/pci_function.h"

namespace mkemu {

class PciBus {
 public:
  static constexpr unsigned kDevices = 32;
  // Registers `function` at 00:device.function (throws std::invalid_argument if taken).
  void add_function(unsigned device, unsigned function, PciFunction* pci_function);
  PciFunction* find(unsigned device, unsigned function) const;

  // Reads/writes configuration space; absent functions read as all ones.
  uint32_t config_read(unsigned device, unsigned function, uint8_t reg, unsigned size) const;
  void config_write(unsigned device, unsigned function, uint8_t reg, unsigned size, uint32_t value);

  // A function drives its INTx pin (the pin from its interrupt pin register).
  void set_intx(unsigned device, unsigned function, bool level);
  // Which ISA IRQ a PIRQ (0-3) goes to, or -1 (the PIIX's PIRQ route control).
  std::function<int(unsigned pirq)> pirq_route;
  // ISA IRQ lines the routed PIRQs drive (connected by the host bridge).
  std::array<IrqLine, 16>& isa_lines() { return isa_lines_; }
  // Re-evaluates the ISA IRQ levels (after routing or level changes).
  void update_routing();

  void reset();

 private:
  std::array<std::array<PciFunction*, 8>, kDevices> functions_{};
  std::array<uint8_t, 4> pirq_asserted_{};  // any function asserting, per PIRQ
  std::array<uint8_t, kDevices * 8> intx_level_{};
  std::array<IrqLine, 16> isa_lines_;
};

}  // namespace mkemu
