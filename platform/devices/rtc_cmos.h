#pragma once
// The MC146818A real-time clock and its CMOS RAM at ports 0x70 (index; bit 7
// masks NMI) and 0x71 (data), interrupting on IRQ8. Runs from a 32.768 kHz
// time base derived from the virtual cycle clock and starts at the configured
// time. Time registers are kept in the format the guest selected (BCD or
// binary, 12 or 24 hour) and advanced in that format, as the chip does.
#include <array>
#include <cstdint>

#include "platform/core/io_bus.h"
#include "platform/core/irq_line.h"
#include "platform/device.h"
#include "platform/devices/rtc_time.h"
#include "platform/machine_bus.h"

namespace mkemu {

class RtcCmos final : public Device, public IoHandler {
 public:
  static constexpr uint64_t kHz = 32'768;
  // UIP is set this long (244 us) before each update cycle.
  static constexpr uint64_t kUipTicks = 8;
  enum Reg : uint8_t {
    kSeconds = 0x0,
    kSecondsAlarm = 0x1,
    kMinutes = 0x2,
    kMinutesAlarm = 0x3,
    kHours = 0x4,
    kHoursAlarm = 0x5,
    kDayOfWeek = 0x6,
    kDayOfMonth = 0x7,
    kMonth = 0x8,
    kYear = 0x9,
    kA = 0xA,
    kB = 0xB,
    kC = 0xC,
    kD = 0xD,
    kCentury = 0x32,
  };

  RtcCmos(const RtcTime& start, uint32_t ram_bytes) : start_(start), ram_bytes_(ram_bytes) {}

  void attach(MachineBus& bus) override;
  void reset() override;

  uint32_t io_read(uint16_t port, unsigned size) override;
  void io_write(uint16_t port, unsigned size, uint32_t value) override;
  uint32_t io_peek(uint16_t port, unsigned size) const override;

  bool nmi_disabled() const { return nmi_disabled_; }
  uint8_t index() const { return index_; }  // the register port 0x71 accesses
  // A register as the guest would read it now, without side effects.
  uint8_t peek_register(uint8_t index) const;

  std::string_view state_name() const override { return "rtc"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

 private:
  uint64_t now_ticks() const;
  bool divider_running() const { return (cmos_[kA] & 0x70) == 0x20; }
  // Processes every update cycle and periodic tick up to `now`.
  void catch_up(uint64_t now);
  void update_cycle();  // one second: advance the time, check the alarm
  void advance_time();
  uint8_t read_register(uint8_t index);
  void write_register(uint8_t index, uint8_t value);
  void update_irq();
  void schedule();
  void power_on_cmos();

  RtcTime start_;
  uint32_t ram_bytes_;
  std::array<uint8_t, 128> cmos_{};
  uint8_t index_ = 0;
  bool nmi_disabled_ = false;
  uint64_t processed_tick_ = 0;    // ticks up to here are accounted for
  uint64_t next_update_tick_ = 0;  // the next update cycle (divider running)
  uint64_t divider_origin_ = 0;    // periodic ticks are multiples of the rate from here
  IrqLine irq_;
  TimerId timer_ = 0;
  MachineBus* bus_ = nullptr;
};

}  // namespace mkemu
