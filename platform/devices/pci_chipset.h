#pragma once
// The two chipset functions of the i440FX PC: the 82441FX host bridge (PMC)
// at 00:00.0 and the 82371SB PIIX3 PCI-to-ISA bridge at 00:01.0, with their
// datasheet power-on header values. Their device-specific registers (PAM,
// DRAM, SMRAM; PIRQ routing, ISA clocks, APIC base) are stored; of them only
// the PIRQ route control (0x60-0x63) has an effect here.
#include <functional>

#include "platform/devices/pci_function.h"

namespace mkemu {

class I440fxHostBridge final : public PciFunction {
 public:
  I440fxHostBridge();
};

class Piix3IsaBridge final : public PciFunction {
 public:
  static constexpr uint8_t kPirqRoute = 0x60;
  Piix3IsaBridge();
  // ISA IRQ for PIRQ A-D (0-3), or -1 when routing is disabled (bit 7).
  int pirq_irq(unsigned pirq) const;
  // Called after the PIRQ route control changes.
  std::function<void()> on_routing_changed;

 protected:
  void config_changed(uint8_t reg, unsigned size) override;
};

}  // namespace mkemu
