#include "platform/devices/exit_device.h"

namespace mkemu {

void ExitDevice::attach(MachineBus& bus) {
  control_ = &bus.control;
  bus.io.claim(kPort, 4, this, "isa-debug-exit");
}

void ExitDevice::io_write(uint16_t port, unsigned size, uint32_t value) {
  // As QEMU: the value written, at whatever width, from the port written.
  (void)port;
  uint32_t mask = size >= 4 ? 0xFFFF'FFFFu : (1u << (8 * size)) - 1;
  control_->request_exit(value & mask);
}

}  // namespace mkemu
