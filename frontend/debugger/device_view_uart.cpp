// The `uart` view: every 16550A register decoded (National Semiconductor
// PC16550D datasheet names), the divisor as a baud rate and the FIFO levels.
// Nothing here reads RBR, IIR, LSR or MSR the way the guest does: the values
// come from Uart16550::registers(), which acknowledges nothing.
#include "frontend/debugger/console_args.h"
#include "frontend/debugger/device_view.h"
#include "platform/devices/uart16550.h"
#include "platform/machine.h"

namespace mkemu {
namespace {

// The names of the set bits of `value`, from bit 0 up ("-" for reserved bits).
std::string flag_names(uint8_t value, const char* const (&names)[8]) {
  std::string out;
  for (unsigned bit = 0; bit < 8; ++bit) {
    if (!((value >> bit) & 1) || names[bit][0] == '-') continue;
    if (!out.empty()) out += ' ';
    out += names[bit];
  }
  return out.empty() ? "none" : out;
}

const char* interrupt_name(uint8_t iir) {
  switch (iir & 0x0F) {
    case 0x01: return "no interrupt pending";
    case 0x06: return "receiver line status";
    case 0x04: return "received data available";
    case 0x0C: return "character timeout";
    case 0x02: return "transmitter holding register empty";
    case 0x00: return "modem status";
    default: return "?";
  }
}

std::string line_format(uint8_t lcr) {
  unsigned data = 5 + (lcr & 3);
  const char* stop = (lcr & 4) ? (data == 5 ? "1.5" : "2") : "1";
  const char* parity = "none";
  if (lcr & 0x08) {
    static const char* const kinds[] = {"odd", "even", "mark (stick 1)", "space (stick 0)"};
    parity = kinds[(lcr >> 4) & 3];
  }
  return text_format("%u data bits, parity %s, %s stop bit%s%s, DLAB %u", data, parity, stop,
                     (lcr & 4) ? "s" : "", (lcr & 0x40) ? ", break" : "", lcr >> 7);
}

}  // namespace

std::string format_uart_view(const Machine& m) {
  const Uart16550* u = m.uart();
  if (!u) throw ConsoleError("this machine has no 16550 UART");
  const Uart16550::Registers r = u->registers();
  static const char* const kIer[8] = {
      "received-data", "THR-empty", "line-status", "modem-status", "-", "-", "-", "-"};
  static const char* const kMcr[8] = {"DTR", "RTS", "OUT1", "OUT2", "LOOP", "-", "-", "-"};
  static const char* const kLsr[8] = {"DR", "OE", "PE", "FE", "BI", "THRE", "TEMT", "RXFE"};
  static const char* const kMsr[8] = {"DCTS", "DDSR", "TERI", "DDCD", "CTS", "DSR", "RI", "DCD"};
  static const unsigned kTrigger[4] = {1, 4, 8, 14};

  std::string out = text_format("16550A UART at 0x%03x-0x%03x, IRQ %u (line %s)\n", u->base(),
                                u->base() + 7, u->irq_number(), r.irq_level ? "high" : "low");
  if (r.rx_level) {
    out += text_format("  RBR 0x%02x (head of the receive FIFO)\n", r.rbr);
  } else {
    out += text_format("  RBR 0x%02x (receive FIFO empty: the last byte read)\n", r.rbr);
  }
  out += text_format("  IER 0x%02x: %s\n", r.ier, flag_names(r.ier, kIer).c_str());
  out += text_format("  IIR 0x%02x: %s%s\n", r.iir, interrupt_name(r.iir),
                     (r.iir & 0xC0) == 0xC0 ? ", FIFOs enabled" : "");
  if (r.fcr & 1) {
    out += text_format("  FCR 0x%02x: FIFOs enabled, receive trigger %u byte%s%s\n", r.fcr,
                       kTrigger[r.fcr >> 6], kTrigger[r.fcr >> 6] == 1 ? "" : "s",
                       (r.fcr & 0x08) ? ", DMA mode 1" : "");
  } else {
    out += text_format("  FCR 0x%02x: FIFOs disabled (16450 mode)\n", r.fcr);
  }
  out += text_format("  LCR 0x%02x: %s\n", r.lcr, line_format(r.lcr).c_str());
  out += text_format("  MCR 0x%02x: %s\n", r.mcr, flag_names(r.mcr, kMcr).c_str());
  out += text_format("  LSR 0x%02x: %s\n", r.lsr, flag_names(r.lsr, kLsr).c_str());
  out += text_format("  MSR 0x%02x: %s\n", r.msr, flag_names(r.msr, kMsr).c_str());
  out += text_format("  SCR 0x%02x\n", r.scr);
  unsigned divisor = r.divisor ? r.divisor : 65536;
  // The baud clock is 1.8432 MHz and one bit takes 16 of its periods per divisor step.
  out += text_format("  divisor 0x%04x (%u): %.1f baud, one character %llu cycles\n", r.divisor,
                     divisor, static_cast<double>(Uart16550::kBaudClockHz) / 16.0 / divisor,
                     static_cast<unsigned long long>(u->character_cycles()));
  out += text_format(
      "  receive FIFO %u/%u bytes (trigger %u), transmit FIFO %u/%u bytes, shift register %s; "
      "host input queued %zu bytes\n",
      r.rx_level, Uart16550::kFifoSize, r.rx_trigger, r.tx_level, Uart16550::kFifoSize,
      r.shift_busy ? "sending" : "idle", r.host_pending);
  out += text_format("  conditions: THR-empty interrupt %s, character timeout %s\n",
                     r.thre_pending ? "pending" : "no", r.timeout ? "yes" : "no");
  // On a PC the INTRPT pin reaches the PIC through OUT2; loopback disconnects it.
  std::string path = (r.mcr & 0x10)   ? "loopback: not connected to the PIC"
                     : (r.mcr & 0x08) ? text_format("OUT2 set: drives IRQ %u", u->irq_number())
                                      : "OUT2 clear: gated off";
  out +=
      text_format("  interrupt %s; %s\n", (r.iir & 1) ? "none pending" : "pending", path.c_str());
  out += "  timers: transmit " + timer_deadline_text(m, "uart-tx") + ", receive " +
         timer_deadline_text(m, "uart-rx") + ", timeout " + timer_deadline_text(m, "uart-timeout") +
         "\n";
  return out;
}

}  // namespace mkemu
