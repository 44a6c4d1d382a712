#include "platform/devices/pci_bus.h"

#include <stdexcept>
#include <string>

namespace mkemu {

void PciBus::add_function(unsigned device, unsigned function, PciFunction* pci_function) {
  if (device >= kDevices || function >= 8 || functions_[device][function]) {
    throw std::invalid_argument("PCI slot 00:" + std::to_string(device) + "." +
                                std::to_string(function) + " unavailable for " +
                                pci_function->name());
  }
  functions_[device][function] = pci_function;
}

PciFunction* PciBus::find(unsigned device, unsigned function) const {
  if (device >= kDevices || function >= 8) return nullptr;
  PciFunction* f0 = functions_[device][0];
  // Functions 1-7 exist only behind a multi-function function 0.
  if (function != 0 && (!f0 || !(f0->config8(PciFunction::kHeaderType) & 0x80))) return nullptr;
  return functions_[device][function];
}

uint32_t PciBus::config_read(unsigned device, unsigned function, uint8_t reg, unsigned size) const {
  if (const PciFunction* f = find(device, function)) return f->config_read(reg, size);
  return size >= 4 ? 0xFFFF'FFFFu : (1u << (8 * size)) - 1;
}

void PciBus::config_write(unsigned device, unsigned function, uint8_t reg, unsigned size,
                          uint32_t value) {
  if (PciFunction* f = find(device, function)) f->config_write(reg, size, value);
}

void PciBus::set_intx(unsigned device, unsigned function, bool level) {
  const PciFunction* f = functions_[device][function];
  if (!f || f->interrupt_pin() < 1 || f->interrupt_pin() > 4) return;
  unsigned pirq = (device + f->interrupt_pin() - 1) & 3;
  unsigned slot = device * 8 + function;
  intx_level_[slot] = level;
  // Shared lines: a PIRQ is high while any function on it asserts.
  bool any = false;
  for (unsigned s = 0; s < intx_level_.size(); ++s) {
    const PciFunction* other = functions_[s / 8][s % 8];
    if (intx_level_[s] && other && ((s / 8 + other->interrupt_pin() - 1) & 3) == pirq) any = true;
  }
  pirq_asserted_[pirq] = any;
  update_routing();
}

void PciBus::update_routing() {
  std::array<bool, 16> level{};
  for (unsigned pirq = 0; pirq < 4; ++pirq) {
    int irq = pirq_route ? pirq_route(pirq) : -1;
    if (irq >= 0 && irq < 16 && pirq_asserted_[pirq]) level[irq] = true;
  }
  for (unsigned irq = 0; irq < 16; ++irq) isa_lines_[irq].set(level[irq]);
}

void PciBus::reset() {
  for (auto& device : functions_) {
    for (PciFunction* f : device) {
      if (f) f->reset();
    }
  }
  pirq_asserted_ = {};
  intx_level_ = {};
  update_routing();
}

}  // namespace mkemu
