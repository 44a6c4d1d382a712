#include "platform/devices/pci_host.h"

#include <cstdio>

namespace mkemu {

void PciHost::attach(MachineBus& bus) {
  machine_ = &bus;
  bus.io.claim(0xCF8, 8, this, "pci-config");
  pci_.add_function(0, 0, &host_bridge_);
  pci_.add_function(1, 0, &isa_bridge_);
  pci_.pirq_route = [this](unsigned pirq) { return isa_bridge_.pirq_irq(pirq); };
  isa_bridge_.on_routing_changed = [this] { pci_.update_routing(); };
  for (unsigned irq = 0; irq < 16; ++irq) bus.connect_isa_irq(pci_.isa_lines()[irq], irq);
  bus.pci = &pci_;
  reset();
}

void PciHost::reset() {
  address_ = 0;
  pci_.reset();
}

bool PciHost::decode(unsigned offset, unsigned& device, unsigned& function, uint8_t& reg) const {
  if (!(address_ & 0x8000'0000u)) return false;
  // Bits 1-0 select type 0 (00) or type 1 (01); only bus 0 exists, and the
  // host bridge claims type 0 accesses to it.
  if (((address_ >> 16) & 0xFF) != 0) return false;
  device = (address_ >> 11) & 0x1F;
  function = (address_ >> 8) & 7;
  reg = static_cast<uint8_t>((address_ & 0xFC) + offset);
  return true;
}

void PciHost::log_access(bool is_write, unsigned offset, unsigned size, uint32_t value) const {
  if (!machine_ || !machine_->logging(LogCategory::kPci)) return;
  char text[96];
  std::snprintf(text, sizeof text, "%s %02x:%02x.%x reg 0x%02x size %u %s 0x%0*x",
                is_write ? "write" : "read", (address_ >> 16) & 0xFF, (address_ >> 11) & 0x1F,
                (address_ >> 8) & 7, (address_ & 0xFC) + offset, size, is_write ? "<-" : "->",
                static_cast<int>(2 * size), value);
  machine_->log->write(LogCategory::kPci, text);
}

uint32_t PciHost::io_peek(uint16_t port, unsigned size) const {
  uint32_t ones = size >= 4 ? 0xFFFF'FFFFu : (1u << (8 * size)) - 1;
  if (port < 0xCFC) {
    if (port == 0xCF8 && size == 4) return address_;
    if (port == 0xCF9 && size == 1 && reset_control_) return reset_control_->io_peek(port, 1);
    return ones;
  }
  unsigned device, function;
  uint8_t reg;
  if (!decode(port - 0xCFC, device, function, reg)) return ones;
  return pci_.config_read(device, function, reg, size);
}

uint32_t PciHost::io_read(uint16_t port, unsigned size) {
  if (port == 0xCF9 && size == 1 && reset_control_) return reset_control_->io_read(port, 1);
  uint32_t value = io_peek(port, size);
  if (port >= 0xCFC && (address_ & 0x8000'0000u)) log_access(false, port - 0xCFC, size, value);
  return value;
}

void PciHost::io_write(uint16_t port, unsigned size, uint32_t value) {
  if (port < 0xCFC) {
    if (port == 0xCF8 && size == 4) {
      // Bits 30-24 are reserved (read as 0).
      address_ = value & 0x80FF'FFFFu;
    } else if (port == 0xCF9 && size == 1 && reset_control_) {
      reset_control_->io_write(port, 1, value);
    }
    return;
  }
  unsigned device, function;
  uint8_t reg;
  if (!decode(port - 0xCFC, device, function, reg)) return;
  log_access(true, port - 0xCFC, size, value);
  pci_.config_write(device, function, reg, size, value);
}

void PciHost::save_state(StateWriter& out) const {
  out.put(address_);
  for (unsigned d = 0; d < PciBus::kDevices; ++d) {
    for (unsigned f = 0; f < 8; ++f) {
      if (const PciFunction* fn = pci_.find(d, f)) fn->save(out);
    }
  }
}

void PciHost::load_state(StateReader& in) {
  address_ = in.get<uint32_t>();
  for (unsigned d = 0; d < PciBus::kDevices; ++d) {
    for (unsigned f = 0; f < 8; ++f) {
      if (PciFunction* fn = pci_.find(d, f)) fn->load(in);
    }
  }
  pci_.update_routing();
}

}  // namespace mkemu
