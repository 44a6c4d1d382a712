#include "platform/devices/reset_control.h"

namespace mkemu {

void ResetControl::attach(MachineBus& bus) {
  control_ = &bus.control;
  if (claim_port_) bus.io.claim(kPort, 1, this, "reset-control");
}

void ResetControl::io_write(uint16_t, unsigned, uint32_t value) {
  // As QEMU's PIIX: bit 2 resets at once, only bit 1 is stored.
  if (value & 0x04) {
    value_ = 0;
    control_->request_reset();
    return;
  }
  value_ = static_cast<uint8_t>(value & 0x02);
}

}  // namespace mkemu
