#pragma once
// The POST diagnostic port 0x80: writes are accepted (firmware and kernels
// also use it as an I/O delay) and the last value is kept for inspection;
// reads return all ones, as on QEMU.
#include <cstdint>

#include "platform/core/io_bus.h"
#include "platform/device.h"
#include "platform/machine_bus.h"

namespace mkemu {

class PostPort final : public Device, public IoHandler {
 public:
  void attach(MachineBus& bus) override { bus.io.claim(0x80, 1, this, "post"); }
  void reset() override { last_ = 0; }

  uint32_t io_read(uint16_t, unsigned size) override { return io_peek(0x80, size); }
  void io_write(uint16_t, unsigned, uint32_t value) override {
    last_ = static_cast<uint8_t>(value);
  }
  uint32_t io_peek(uint16_t, unsigned size) const override {
    return size >= 4 ? 0xFFFF'FFFFu : (1u << (8 * size)) - 1;
  }
  uint8_t last_code() const { return last_; }

  std::string_view state_name() const override { return "post"; }
  void save_state(StateWriter& out) const override { out.put(last_); }
  void load_state(StateReader& in) override { last_ = in.get<uint8_t>(); }

 private:
  uint8_t last_ = 0;
};

}  // namespace mkemu
