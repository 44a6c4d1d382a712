#include "platform/devices/system_control_a.h"

namespace mkemu {

void SystemControlA::attach(MachineBus& bus) {
  control_ = &bus.control;
  bus.io.claim(0x92, 1, this, "port92");
}

void SystemControlA::io_write(uint16_t, unsigned, uint32_t value) {
  uint8_t old = value_;
  value_ = static_cast<uint8_t>(value);
  control_->set_a20(value_ & 0x02);
  if ((value_ & 1) && !(old & 1)) control_->request_reset();
}

}  // namespace mkemu
