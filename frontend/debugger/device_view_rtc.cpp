// The `rtc` view: the MC146818A's time, alarm and status registers decoded
// (Motorola MC146818A datasheet) and the whole CMOS RAM, every byte read with
// RtcCmos::peek_register (register C is not cleared, the time is brought up
// to the current cycle in a copy).
#include "frontend/debugger/console_args.h"
#include "frontend/debugger/device_view.h"
#include "platform/devices/rtc_cmos.h"
#include "platform/machine.h"

namespace mkemu {
namespace {

// A time or date field as stored: BCD digits or a binary number.
std::string field(uint8_t value, bool binary) {
  return binary ? text_format("%02u", value) : text_format("%02x", value);
}

std::string hour_field(uint8_t value, bool binary, bool h24) {
  if (h24) return field(value, binary);
  return field(value & 0x7F, binary) + ((value & 0x80) ? " PM" : " AM");
}

// An alarm byte with its two high bits set matches any value.
std::string alarm_field(uint8_t value, bool binary) {
  return (value & 0xC0) == 0xC0 ? "**" : field(value, binary);
}

std::string rate_text(unsigned rate) {
  if (!rate) return "periodic interrupt off";
  unsigned period_ticks = 1u << ((rate <= 2 ? rate + 7 : rate) - 1);
  unsigned hz = RtcCmos::kHz / period_ticks;
  return text_format("periodic rate %u (%u Hz)", rate, hz);
}

const char* divider_text(unsigned dv) {
  switch (dv) {
    case 2: return "32.768 kHz time base, running";
    case 6:
    case 7: return "divider reset";
    default: return "time base not modelled (stopped)";
  }
}

}  // namespace

std::string format_rtc_view(const Machine& m) {
  const RtcCmos* rtc = m.rtc();
  if (!rtc) throw ConsoleError("this machine has no RTC");
  auto reg = [rtc](uint8_t index) { return rtc->peek_register(index); };
  uint8_t a = reg(RtcCmos::kA), b = reg(RtcCmos::kB), c = reg(RtcCmos::kC), d = reg(RtcCmos::kD);
  bool binary = b & 0x04, h24 = b & 0x02;
  std::string out = text_format("MC146818 RTC (ports 0x70-0x71, IRQ 8): index 0x%02x, NMI %s\n",
                                rtc->index(), rtc->nmi_disabled() ? "disabled" : "enabled");
  out += "  time " + hour_field(reg(RtcCmos::kHours), binary, h24) + ":" +
         field(reg(RtcCmos::kMinutes), binary) + ":" + field(reg(RtcCmos::kSeconds), binary) +
         "  date " + field(reg(RtcCmos::kCentury), binary) + field(reg(RtcCmos::kYear), binary) +
         "-" + field(reg(RtcCmos::kMonth), binary) + "-" +
         field(reg(RtcCmos::kDayOfMonth), binary) + "  day of week " +
         field(reg(RtcCmos::kDayOfWeek), binary) + "  alarm " +
         alarm_field(reg(RtcCmos::kHoursAlarm), binary) + ":" +
         alarm_field(reg(RtcCmos::kMinutesAlarm), binary) + ":" +
         alarm_field(reg(RtcCmos::kSecondsAlarm), binary) + "\n";
  out += text_format("  A 0x%02x: UIP %u, divider %u%u%u (%s), %s\n", a, a >> 7, (a >> 6) & 1,
                     (a >> 5) & 1, (a >> 4) & 1, divider_text((a >> 4) & 7),
                     rate_text(a & 15).c_str());
  out += text_format("  B 0x%02x: SET %u, PIE %u, AIE %u, UIE %u, SQWE %u, %s, %s, DSE %u\n", b,
                     b >> 7, (b >> 6) & 1, (b >> 5) & 1, (b >> 4) & 1, (b >> 3) & 1,
                     binary ? "binary" : "BCD", h24 ? "24-hour" : "12-hour", b & 1);
  out += text_format("  C 0x%02x: IRQF %u, PF %u, AF %u, UF %u (a guest read clears them)\n", c,
                     c >> 7, (c >> 6) & 1, (c >> 5) & 1, (c >> 4) & 1);
  out += text_format("  D 0x%02x: %s\n", d, (d & 0x80) ? "valid RAM and time" : "battery dead");
  out += "  next event: " + timer_deadline_text(m, "rtc") + "\n";
  out += "  CMOS RAM:\n";
  for (unsigned row = 0; row < 128; row += 16) {
    out += text_format("    %02x:", row);
    for (unsigned i = row; i < row + 16; ++i)
      out += text_format(" %02x", reg(static_cast<uint8_t>(i)));
    out += "\n";
  }
  return out;
}

}  // namespace mkemu
