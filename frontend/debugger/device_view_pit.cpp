// The `pit` view: the 8254's three counters and port 0x61 (Intel 8254
// datasheet 231164 terms), evaluated at the current PIT tick.
#include "frontend/debugger/console_args.h"
#include "frontend/debugger/device_view.h"
#include "platform/devices/pit8254.h"
#include "platform/machine.h"

namespace mkemu {
namespace {

const char* mode_name(unsigned mode) {
  switch (mode) {
    case 0: return "interrupt on terminal count";
    case 1: return "hardware retriggerable one-shot";
    case 2: return "rate generator";
    case 3: return "square wave";
    case 4: return "software triggered strobe";
    case 5: return "hardware triggered strobe";
    default: return "?";
  }
}

const char* access_name(unsigned rw) {
  switch (rw) {
    case 1: return "LSB only";
    case 2: return "MSB only";
    case 3: return "LSB then MSB";
    default: return "none (no control word yet)";
  }
}

// The count as the guest reads it: BCD digits in BCD mode.
std::string count_text(uint16_t value, bool bcd) {
  if (bcd) return text_format("%04x (BCD)", value);
  return text_format("0x%04x (%u)", value, value);
}

std::string format_channel(const PitChannel& c, unsigned index, uint64_t now) {
  std::string out =
      text_format("  channel %u: mode %u (%s), %s, access %s\n", index, c.mode(),
                  mode_name(c.mode()), c.bcd() ? "BCD" : "binary", access_name(c.access_mode()));
  out += text_format("    reload (count register) %s, current count %s, OUT %s, gate %s%s\n",
                     count_text(c.count_register(), c.bcd()).c_str(),
                     count_text(c.count(now), c.bcd()).c_str(), c.out(now) ? "high" : "low",
                     c.gate() ? "high" : "low", c.null_count(now) ? ", null count" : "");
  out += "    latched status: ";
  out += c.status_latched() ? text_format("0x%02x", c.latched_status()) : std::string("none");
  out += "; latched count: ";
  if (c.count_latched()) {
    out += count_text(c.latched_count(), c.bcd()) +
           (c.latched_msb_next() ? ", MSB next" : ", LSB next");
  } else {
    out += "none";
  }
  out += text_format("; status now 0x%02x\n", c.status(now));
  out += text_format("    the next read returns 0x%02x", c.peek_byte(now));
  if (!c.status_latched() && !c.count_latched() && c.access_mode() == 3) {
    out += c.read_msb_next() ? " (MSB)" : " (LSB)";
  }
  if (c.access_mode() == 3) out += c.write_msb_next() ? "; the next write is the MSB" : "";
  out += "\n";
  return out;
}

}  // namespace

std::string format_pit_view(const Machine& m) {
  const Pit8254* pit = m.pit();
  if (!pit) throw ConsoleError("this machine has no 8254 PIT");
  uint64_t now = pit->now_ticks();
  std::string out = text_format(
      "8254 PIT (ports 0x40-0x43; 1.193182 MHz): tick %llu at cycle %llu\n",
      static_cast<unsigned long long>(now), static_cast<unsigned long long>(m.clock.cycles));
  for (unsigned i = 0; i < 3; ++i) out += format_channel(pit->channel(i), i, now);
  // Port 0x61 reads back without side effects: bits 0-3 as written, refresh, OUT2.
  uint8_t b = static_cast<uint8_t>(m.io.peek(0x61, 1));
  out += text_format(
      "  port 0x61 0x%02x: timer 2 gate %u, speaker data %u, parity check %s, channel check %s, "
      "refresh toggle %u, OUT2 %u\n",
      b, b & 1, (b >> 1) & 1, (b & 4) ? "off" : "on", (b & 8) ? "off" : "on", (b >> 4) & 1,
      (b >> 5) & 1);
  out += "  next IRQ0 change: " + timer_deadline_text(m, "pit-irq0") + "\n";
  return out;
}

}  // namespace mkemu
