#pragma once
// QEMU's isa-debug-exit at port 0xF4, 4 bytes wide: a write of V ends the run
// with exit status (V << 1) | 1, so test images run unchanged on both.
#include "platform/core/io_bus.h"
#include "platform/device.h"
#include "platform/machine_bus.h"

namespace mkemu {

class ExitDevice final : public Device, public IoHandler {
 public:
  static constexpr uint16_t kPort = 0xF4;
  void attach(MachineBus& bus) override;
  void reset() override {}

  uint32_t io_read(uint16_t, unsigned) override { return 0xFFFF'FFFFu; }
  void io_write(uint16_t port, unsigned size, uint32_t value) override;
  uint32_t io_peek(uint16_t, unsigned) const override { return 0xFFFF'FFFFu; }

  std::string_view state_name() const override { return "exit-device"; }
  void save_state(StateWriter&) const override {}
  void load_state(StateReader&) override {}

 private:
  MachineControl* control_ = nullptr;
};

}  // namespace mkemu
