#include "platform/devices/rtc_cmos.h"

#include <algorithm>

namespace mkemu {
namespace {

constexpr uint8_t kBSet = 0x80, kBPie = 0x40, kBAie = 0x20, kBUie = 0x10, kBBinary = 0x04,
                  kB24h = 0x02;
constexpr uint8_t kCIrqf = 0x80, kCPf = 0x40, kCAf = 0x20, kCUf = 0x10;

uint8_t to_bcd(int v) {
  return static_cast<uint8_t>((v / 10) << 4 | (v % 10));
}
int from_bcd(uint8_t v) {
  return (v >> 4) * 10 + (v & 0xF);
}

}  // namespace

void RtcCmos::attach(MachineBus& bus) {
  bus_ = &bus;
  bus.io.claim(0x70, 2, this, "rtc");
  bus.connect_isa_irq(irq_, 8);
  timer_ = bus.scheduler.add_timer("rtc", [this](uint64_t) {
    catch_up(now_ticks());
    update_irq();
    schedule();
  });
  power_on_cmos();
}

uint64_t RtcCmos::now_ticks() const {
  return Clock::to_device_ticks(bus_->clock.cycles, bus_->clock.hz, kHz);
}

void RtcCmos::power_on_cmos() {
  cmos_.fill(0);
  cmos_[kA] = 0x26;   // 32.768 kHz time base, 1024 Hz periodic rate
  cmos_[kB] = kB24h;  // BCD, 24-hour
  cmos_[kD] = 0x80;   // valid RAM and time
  cmos_[kSeconds] = to_bcd(start_.second);
  cmos_[kMinutes] = to_bcd(start_.minute);
  cmos_[kHours] = to_bcd(start_.hour);
  cmos_[kDayOfWeek] = to_bcd(start_.weekday);
  cmos_[kDayOfMonth] = to_bcd(start_.day);
  cmos_[kMonth] = to_bcd(start_.month);
  cmos_[kYear] = to_bcd(start_.year % 100);
  cmos_[kCentury] = to_bcd(start_.year / 100);
  cmos_[0x14] = 0x02;  // equipment: FPU present, no floppy, VGA, no PS/2 mouse
  // Memory size fields as PC firmware fills them (QEMU's pc_cmos_init):
  // base memory in KiB, extended memory above 1 MiB in KiB (capped), and
  // memory above 16 MiB in 64 KiB blocks.
  uint32_t base_kib = std::min<uint32_t>(640, ram_bytes_ / 1024);
  cmos_[0x15] = static_cast<uint8_t>(base_kib);
  cmos_[0x16] = static_cast<uint8_t>(base_kib >> 8);
  uint32_t ext_kib = ram_bytes_ > (1u << 20) ? (ram_bytes_ - (1u << 20)) / 1024 : 0;
  ext_kib = std::min<uint32_t>(ext_kib, 0xFFFF);
  cmos_[0x17] = cmos_[0x30] = static_cast<uint8_t>(ext_kib);
  cmos_[0x18] = cmos_[0x31] = static_cast<uint8_t>(ext_kib >> 8);
  uint32_t high_blocks = ram_bytes_ > (16u << 20) ? (ram_bytes_ - (16u << 20)) / 65536 : 0;
  high_blocks = std::min<uint32_t>(high_blocks, 0xFFFF);
  cmos_[0x34] = static_cast<uint8_t>(high_blocks);
  cmos_[0x35] = static_cast<uint8_t>(high_blocks >> 8);
  index_ = 0;
  nmi_disabled_ = false;
  // The configured time is the time just after an update at cycle 0; the next
  // update is one second later.
  uint64_t now = now_ticks();
  processed_tick_ = now;
  next_update_tick_ = now + kHz;
  divider_origin_ = now;
  irq_.lower();
  schedule();
}

void RtcCmos::reset() {
  // The RESET pin clears the interrupt enables and flags; time, RAM and the
  // divider are battery-backed and keep running.
  catch_up(now_ticks());
  cmos_[kB] &= ~(kBPie | kBAie | kBUie);
  cmos_[kC] = 0;
  update_irq();
  schedule();
}

void RtcCmos::catch_up(uint64_t now) {
  if (now <= processed_tick_) return;
  if (divider_running()) {
    unsigned rate = cmos_[kA] & 0xF;
    if (rate) {
      // Rates 1 and 2 repeat 8 and 9 on a 32.768 kHz time base.
      uint64_t period = uint64_t{1} << ((rate <= 2 ? rate + 7 : rate) - 1);
      if ((now - divider_origin_) / period != (processed_tick_ - divider_origin_) / period) {
        cmos_[kC] |= kCPf;
      }
    }
    while (next_update_tick_ <= now) {
      if (!(cmos_[kB] & kBSet)) update_cycle();
      next_update_tick_ += kHz;
    }
  }
  processed_tick_ = now;
}

void RtcCmos::update_cycle() {
  advance_time();
  cmos_[kC] |= kCUf;
  // An alarm byte with its two high bits set matches any value.
  auto matches = [](uint8_t alarm, uint8_t time) {
    return (alarm & 0xC0) == 0xC0 || alarm == time;
  };
  if (matches(cmos_[kSecondsAlarm], cmos_[kSeconds]) &&
      matches(cmos_[kMinutesAlarm], cmos_[kMinutes]) &&
      matches(cmos_[kHoursAlarm], cmos_[kHours])) {
    cmos_[kC] |= kCAf;
  }
}

void RtcCmos::advance_time() {
  bool binary = cmos_[kB] & kBBinary;
  auto get = [binary](uint8_t v) { return binary ? int{v} : from_bcd(v); };
  auto put = [binary](int v) { return binary ? static_cast<uint8_t>(v) : to_bcd(v); };
  // Each counter rolls over at its limit; out-of-range values written by the
  // guest roll over at the next step.
  int sec = get(cmos_[kSeconds]) + 1;
  cmos_[kSeconds] = put(sec >= 60 ? 0 : sec);
  if (sec < 60) return;
  int min = get(cmos_[kMinutes]) + 1;
  cmos_[kMinutes] = put(min >= 60 ? 0 : min);
  if (min < 60) return;
  bool day_rolls;
  if (cmos_[kB] & kB24h) {
    int hour = get(cmos_[kHours]) + 1;
    day_rolls = hour >= 24;
    cmos_[kHours] = put(day_rolls ? 0 : hour);
  } else {
    // 12-hour: 1-12 with bit 7 for PM; 11 -> 12 flips AM/PM, 12 -> 1.
    uint8_t pm = cmos_[kHours] & 0x80;
    int hour = get(cmos_[kHours] & 0x7F);
    day_rolls = false;
    if (hour == 11) {
      day_rolls = pm != 0;
      pm ^= 0x80;
      hour = 12;
    } else {
      hour = hour >= 12 ? 1 : hour + 1;
    }
    cmos_[kHours] = static_cast<uint8_t>(put(hour) | pm);
  }
  if (!day_rolls) return;
  int dow = get(cmos_[kDayOfWeek]) + 1;
  cmos_[kDayOfWeek] = put(dow > 7 ? 1 : dow);
  int year = get(cmos_[kYear]);
  int month = get(cmos_[kMonth]);
  int day = get(cmos_[kDayOfMonth]) + 1;
  // The chip's leap rule is year % 4 == 0 on its two-digit year.
  int month_days = month == 2 ? (year % 4 == 0 ? 29 : 28)
                              : days_in_month(2001, month >= 1 && month <= 12 ? month : 1);
  if (day <= month_days) {
    cmos_[kDayOfMonth] = put(day);
    return;
  }
  cmos_[kDayOfMonth] = put(1);
  ++month;
  if (month <= 12) {
    cmos_[kMonth] = put(month);
    return;
  }
  cmos_[kMonth] = put(1);
  cmos_[kYear] = put(year >= 99 ? 0 : year + 1);
}

void RtcCmos::update_irq() {
  uint8_t c = cmos_[kC] & (kCPf | kCAf | kCUf);
  bool irq = (c & kCPf && cmos_[kB] & kBPie) || (c & kCAf && cmos_[kB] & kBAie) ||
             (c & kCUf && cmos_[kB] & kBUie);
  cmos_[kC] = static_cast<uint8_t>(c | (irq ? kCIrqf : 0));
  irq_.set(irq);
}

void RtcCmos::schedule() {
  // Only a rising IRQ needs an event; flags alone are computed when read.
  uint64_t next = kNever;
  uint8_t b = cmos_[kB];
  if (!irq_.level() && divider_running()) {
    unsigned rate = cmos_[kA] & 0xF;
    if (b & kBPie && rate) {
      uint64_t period = uint64_t{1} << ((rate <= 2 ? rate + 7 : rate) - 1);
      uint64_t since = processed_tick_ - divider_origin_;
      next = divider_origin_ + (since / period + 1) * period;
    }
    if (b & (kBUie | kBAie) && !(b & kBSet)) next = std::min(next, next_update_tick_);
  }
  if (next == kNever) {
    bus_->scheduler.disarm(timer_);
  } else {
    bus_->scheduler.arm(timer_, Clock::from_device_ticks(next, bus_->clock.hz, kHz));
  }
}

uint8_t RtcCmos::peek_register(uint8_t index) const {
  index &= 0x7F;
  if (index == kA) {
    uint64_t now = now_ticks();
    bool uip = divider_running() && !(cmos_[kB] & kBSet) && now + kUipTicks >= next_update_tick_;
    return static_cast<uint8_t>((cmos_[kA] & 0x7F) | (uip ? 0x80 : 0));
  }
  if (index == kD) return 0x80;
  if (index <= kC) {
    RtcCmos copy = *this;
    copy.irq_ = IrqLine{};  // the copy must not drive the real IRQ8
    copy.catch_up(now_ticks());
    copy.update_irq();
    return copy.cmos_[index];
  }
  return cmos_[index];
}

uint8_t RtcCmos::read_register(uint8_t index) {
  catch_up(now_ticks());
  update_irq();
  uint8_t value = peek_register(index);
  if (index == kC) {
    // Reading C clears every flag and releases IRQ8.
    cmos_[kC] = 0;
    update_irq();
    schedule();
  }
  return value;
}

void RtcCmos::write_register(uint8_t index, uint8_t value) {
  uint64_t now = now_ticks();
  catch_up(now);
  switch (index) {
    case kA: {
      bool was_running = divider_running();
      cmos_[kA] = value & 0x7F;  // UIP is read-only
      if (divider_running() && !was_running) {
        // Out of divider reset: the first update comes half a second later.
        divider_origin_ = now;
        next_update_tick_ = now + kHz / 2;
      }
      break;
    }
    case kB:
      // Setting SET aborts updates and clears UIE (as QEMU does).
      if (value & kBSet) value &= ~kBUie;
      cmos_[kB] = value;
      break;
    case kC:
    case kD: break;  // read-only
    default: cmos_[index] = value; break;
  }
  update_irq();
  schedule();
}

uint32_t RtcCmos::io_read(uint16_t port, unsigned size) {
  uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    auto p = static_cast<uint16_t>(port + i);
    uint8_t byte = p == 0x71 ? read_register(index_) : 0xFF;  // the index port is write-only
    value |= uint32_t{byte} << (8 * i);
  }
  return value;
}

uint32_t RtcCmos::io_peek(uint16_t port, unsigned size) const {
  uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    auto p = static_cast<uint16_t>(port + i);
    uint8_t byte = p == 0x71 ? peek_register(index_) : 0xFF;
    value |= uint32_t{byte} << (8 * i);
  }
  return value;
}

void RtcCmos::io_write(uint16_t port, unsigned size, uint32_t value) {
  for (unsigned i = 0; i < size; ++i) {
    auto p = static_cast<uint16_t>(port + i);
    auto byte = static_cast<uint8_t>(value >> (8 * i));
    if (p == 0x70) {
      index_ = byte & 0x7F;
      nmi_disabled_ = (byte & 0x80) != 0;
    } else {
      write_register(index_, byte);
    }
  }
}

void RtcCmos::save_state(StateWriter& out) const {
  out.put_bytes(cmos_);
  out.put(index_);
  out.put<uint8_t>(nmi_disabled_);
  out.put(processed_tick_);
  out.put(next_update_tick_);
  out.put(divider_origin_);
  out.put<uint8_t>(irq_.level());
}

void RtcCmos::load_state(StateReader& in) {
  in.get_bytes(cmos_);
  index_ = in.get<uint8_t>() & 0x7F;
  nmi_disabled_ = in.get<uint8_t>() != 0;
  processed_tick_ = in.get<uint64_t>();
  next_update_tick_ = in.get<uint64_t>();
  divider_origin_ = in.get<uint64_t>();
  irq_.restore_level(in.get<uint8_t>() != 0);
}

}  // namespace mkemu
