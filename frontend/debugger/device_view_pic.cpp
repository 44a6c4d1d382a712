// The `pic` view: both 8259A chips decoded (Intel 8259A datasheet terms).
#include "frontend/debugger/console_args.h"
#include "frontend/debugger/device_view.h"
#include "platform/devices/pic8259.h"
#include "platform/machine.h"

namespace mkemu {
namespace {

std::string register_line(const char* name, uint8_t value, unsigned first_irq) {
  return text_format("%s 0x%02x [%s]", name, value, bit_numbers(value, first_irq).c_str());
}

std::string init_text(const Pic8259Chip& c) {
  switch (c.init_step) {
    case 0: return "initialised";
    case 2: return "initialising: expecting ICW2";
    case 3: return "initialising: expecting ICW3";
    case 4: return "initialising: expecting ICW4";
    default: return "initialising";
  }
}

std::string format_chip(const Pic8259Chip& c, const char* name, uint16_t port, unsigned first_irq) {
  std::string out = text_format("%s (ports 0x%02x-0x%02x, IRQ %u-%u): %s\n", name, port, port + 1,
                                first_irq, first_irq + 7, init_text(c).c_str());
  out += "  " + register_line("IRR", c.irr, first_irq) + "  " +
         register_line("ISR", c.isr, first_irq) + "  " + register_line("IMR", c.imr, first_irq) +
         "\n";
  out += "  " + register_line("ELCR", c.elcr, first_irq) + " (level-triggered)  " +
         register_line("input lines high", c.input_levels, first_irq) + "\n";
  std::string cascade;
  if (c.single) {
    cascade = "single (no cascade)";
  } else if (c.is_master) {
    cascade = text_format("ICW3 0x%02x: slaves on IR %s", c.icw3, bit_numbers(c.icw3).c_str());
  } else {
    cascade = text_format("ICW3 0x%02x: slave identity %u", c.icw3, c.icw3 & 7);
  }
  out += text_format("  ICW1: %s, %s, %s  ICW2 0x%02x: base vector 0x%02x  %s\n",
                     c.level_mode ? "level-triggered (LTIM)" : "edge-triggered",
                     c.single ? "single" : "cascaded", c.icw4_needed ? "ICW4 needed" : "no ICW4",
                     c.icw2, c.vector_base(), cascade.c_str());
  out += text_format("  ICW4: %s EOI%s, %s  OCW3: reads %s, special mask %s, poll %s\n",
                     c.auto_eoi ? "automatic" : "normal", c.rotate_in_aeoi ? " (rotating)" : "",
                     c.special_fully_nested ? "special fully nested" : "fully nested",
                     c.read_isr ? "ISR" : "IRR", c.special_mask ? "on" : "off",
                     c.poll ? "pending" : "off");
  unsigned highest = (c.lowest_priority + 1u) & 7;
  out += text_format("  priority: IR%u highest, IR%u lowest", highest, c.lowest_priority);
  int ir = c.pending_ir();
  if (ir >= 0) {
    out += text_format("  pending: IR%d (IRQ %u, vector 0x%02x)", ir, first_irq + ir,
                       c.vector_base() | ir);
  } else {
    out += "  pending: none";
  }
  out += text_format("  INT output %s\n", c.int_output() ? "high" : "low");
  if (c.poll) {
    // The datasheet's poll word: bit 7 set when an interrupt is pending, IR in bits 2-0.
    if (ir >= 0) {
      out += text_format(
          "  the next read of port 0x%02x or 0x%02x is the poll word 0x%02x (acknowledges IR%d)\n",
          port, port + 1, 0x80 | ir, ir);
    } else {
      out += text_format("  the next read of port 0x%02x or 0x%02x is the poll word 0x00\n", port,
                         port + 1);
    }
  }
  return out;
}

}  // namespace

std::string format_pic_view(const Machine& m) {
  const Pic8259Pair* pic = m.pic();
  if (!pic) throw ConsoleError("this machine has no 8259 PIC");
  std::string out = format_chip(pic->master(), "8259A master", 0x20, 0);
  out += format_chip(pic->slave(), "8259A slave", 0xA0, 8);
  out += text_format("INTR from the PIC pair: %s\n", pic->int_output() ? "high" : "low");
  return out;
}

}  // namespace mkemu
