#pragma once
// The 8254 programmable interval timer at 0x40-0x43 (1.193182 MHz input
// clock) and system control port B at 0x61: channel 0 drives IRQ0, channel 2's
// gate and the speaker enable are bits 0 and 1 of port 0x61, which also reads
// back the DRAM refresh toggle (bit 4, every 15.09 us = 18 PIT clocks) and
// channel 2's OUT (bit 5).
#include <array>
#include <cstdint>

#include "platform/core/io_bus.h"
#include "platform/core/irq_line.h"
#include "platform/device.h"
#include "platform/devices/pit_channel.h"
#include "platform/machine_bus.h"

namespace mkemu {

class Pit8254 final : public Device, public IoHandler {
 public:
  static constexpr uint64_t kHz = 1'193'182;
  static constexpr uint64_t kRefreshClocks = 18;  // PIT clocks per refresh toggle

  void attach(MachineBus& bus) override;
  void reset() override;

  uint32_t io_read(uint16_t port, unsigned size) override;
  void io_write(uint16_t port, unsigned size, uint32_t value) override;
  uint32_t io_peek(uint16_t port, unsigned size) const override;

  const PitChannel& channel(unsigned i) const { return channels_[i]; }
  // PIT clocks elapsed at the current cycle.
  uint64_t now_ticks() const;

  std::string_view state_name() const override { return "pit"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

 private:
  uint8_t peek_byte(uint16_t port) const;
  void write_byte(uint16_t port, uint8_t value);
  // Drives IRQ0 from channel 0's OUT and arms the timer for its next change.
  void update_irq0();

  std::array<PitChannel, 3> channels_;
  uint8_t port61_ = 0;  // bits 0-3 as written
  IrqLine irq0_;
  TimerId timer_ = 0;
  MachineBus* bus_ = nullptr;
};

}  // namespace mkemu
