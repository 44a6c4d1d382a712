#pragma once
// The PCI host bridge's configuration mechanism #1: the address register at
// 0xCF8 (dword accesses only) and the data window at 0xCFC-0xCFF (byte, word
// or dword at any offset that stays inside the window). Bus 0 carries the
// i440FX host bridge (00:00.0) and the PIIX3 ISA bridge (00:01.0); later
// devices register functions on bus() with their BARs. Byte accesses to
// 0xCF9 go to the PIIX reset control register.
#include <cstdint>
#include <memory>

#include "platform/core/io_bus.h"
#include "platform/device.h"
#include "platform/devices/pci_bus.h"
#include "platform/devices/pci_chipset.h"
#include "platform/machine_bus.h"

namespace mkemu {

class PciHost final : public Device, public IoHandler {
 public:
  // `reset_control` receives byte accesses to 0xCF9 (may be null).
  explicit PciHost(IoHandler* reset_control) : reset_control_(reset_control) {}

  void attach(MachineBus& bus) override;
  void reset() override;

  PciBus& bus() { return pci_; }
  uint32_t config_address() const { return address_; }

  uint32_t io_read(uint16_t port, unsigned size) override;
  void io_write(uint16_t port, unsigned size, uint32_t value) override;
  uint32_t io_peek(uint16_t port, unsigned size) const override;

  std::string_view state_name() const override { return "pci"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

 private:
  // Decodes the address register for a data-window access at `offset`
  // (0-3); false when disabled or not on bus 0.
  bool decode(unsigned offset, unsigned& device, unsigned& function, uint8_t& reg) const;
  void log_access(bool is_write, unsigned offset, unsigned size, uint32_t value) const;

  IoHandler* reset_control_;
  uint32_t address_ = 0;
  PciBus pci_;
  I440fxHostBridge host_bridge_;
  Piix3IsaBridge isa_bridge_;
  MachineBus* machine_ = nullptr;
};

}  // namespace mkemu
