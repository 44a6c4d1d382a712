#pragma once
// Port 0xE9 debug console (Bochs' port_e9_hack, QEMU's -debugcon): bytes
// written go to the debug-console channel; reads return 0xE9 as in both peers.
#include "platform/core/io_bus.h"
#include "platform/device.h"
#include "platform/machine_bus.h"

namespace mkemu {

class DebugConsole final : public Device, public IoHandler {
 public:
  static constexpr uint16_t kPort = 0xE9;
  void attach(MachineBus& bus) override;
  void reset() override {}

  uint32_t io_read(uint16_t, unsigned) override { return 0xE9; }
  void io_write(uint16_t port, unsigned size, uint32_t value) override;
  uint32_t io_peek(uint16_t, unsigned) const override { return 0xE9; }

  std::string_view state_name() const override { return "debugcon"; }
  void save_state(StateWriter&) const override {}
  void load_state(StateReader&) override {}

 private:
  MachineControl* control_ = nullptr;
};

}  // namespace mkemu
