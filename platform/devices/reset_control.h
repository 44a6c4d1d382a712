#pragma once
// The PIIX reset control register at 0xCF9 (byte access only): writing bit 2
// (reset CPU) resets the machine; bit 1 (system reset) is kept and reads
// back. On machines with PCI the host bridge forwards byte accesses at 0xCF9
// here, because the port lies inside the configuration address register.
#include <cstdint>

#include "platform/core/io_bus.h"
#include "platform/device.h"
#include "platform/machine_bus.h"

namespace mkemu {

class ResetControl final : public Device, public IoHandler {
 public:
  static constexpr uint16_t kPort = 0xCF9;
  // `claim_port` false when a PCI host bridge owns 0xCF8-0xCFF.
  explicit ResetControl(bool claim_port = true) : claim_port_(claim_port) {}

  void attach(MachineBus& bus) override;
  void reset() override { value_ = 0; }

  uint32_t io_read(uint16_t, unsigned) override { return value_; }
  void io_write(uint16_t port, unsigned size, uint32_t value) override;
  uint32_t io_peek(uint16_t, unsigned) const override { return value_; }

  std::string_view state_name() const override { return "reset-control"; }
  void save_state(StateWriter& out) const override { out.put(value_); }
  void load_state(StateReader& in) override { value_ = in.get<uint8_t>(); }

 private:
  bool claim_port_;
  uint8_t value_ = 0;
  MachineControl* control_ = nullptr;
};

}  // namespace mkemu
