#include "platform/devices/debug_console.h"

namespace mkemu {

void DebugConsole::attach(MachineBus& bus) {
  control_ = &bus.control;
  bus.io.claim(kPort, 1, this, "debugcon");
}

void DebugConsole::io_write(uint16_t, unsigned size, uint32_t value) {
  // A wider write to 0xE9 is split by the bus; only the low byte is ours.
  (void)size;
  control_->guest_output(OutputChannel::kDebugConsole, static_cast<uint8_t>(value));
}

}  // namespace mkemu
