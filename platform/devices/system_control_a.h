#pragma once
// Port 0x92, "system control port A" (fast A20 and fast reset): bit 1 gates
// A20, a 0 -> 1 transition of bit 0 resets the machine. Reads return what was
// written (bit 0 reads 0 after the reset it caused).
#include <cstdint>

#include "platform/core/io_bus.h"
#include "platform/device.h"
#include "platform/machine_bus.h"

namespace mkemu {

class SystemControlA final : public Device, public IoHandler {
 public:
  void attach(MachineBus& bus) override;
  void reset() override { value_ &= ~1u; }

  uint32_t io_read(uint16_t, unsigned) override { return value_; }
  void io_write(uint16_t port, unsigned size, uint32_t value) override;
  uint32_t io_peek(uint16_t, unsigned) const override { return value_; }

  std::string_view state_name() const override { return "port92"; }
  void save_state(StateWriter& out) const override { out.put(value_); }
  void load_state(StateReader& in) override { value_ = in.get<uint8_t>(); }

 private:
  uint8_t value_ = 0;
  MachineControl* control_ = nullptr;
};

}  // namespace mkemu
