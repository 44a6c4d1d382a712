// The `apic` and `ioapic` views: the local APIC's registers and LVT (Intel
// SDM vol. 3, 10.4-10.6) and the I/O APIC's redirection table (82093AA
// datasheet), all read through the devices' const register reads.
#include "frontend/debugger/console_args.h"
#include "frontend/debugger/device_view.h"
#include "platform/devices/io_apic.h"
#include "platform/devices/local_apic.h"
#include "platform/machine.h"

namespace mkemu {
namespace {

// Delivery modes, bits 10-8 (LVT, ICR and redirection entries share them).
const char* delivery_mode(uint32_t value) {
  switch ((value >> 8) & 7) {
    case 0: return "fixed";
    case 1: return "lowest priority";
    case 2: return "SMI";
    case 4: return "NMI";
    case 5: return "INIT";
    case 6: return "start-up";
    case 7: return "ExtINT";
    default: return "reserved";
  }
}

// A 256-bit ISR/IRR/TMR as the vectors that are set.
std::string vector_bitmap(const LocalApic& a, uint32_t first_offset) {
  std::string out;
  for (unsigned word = 0; word < 8; ++word) {
    uint32_t bits = a.read_register(first_offset + word * 0x10);
    for (unsigned bit = 0; bit < 32; ++bit) {
      if (!((bits >> bit) & 1)) continue;
      if (!out.empty()) out += ' ';
      out += text_format("0x%02x", word * 32 + bit);
    }
  }
  return out.empty() ? "none" : out;
}

const char* const kLvtNames[] = {"timer", "thermal", "perf", "LINT0", "LINT1", "error"};

std::string lvt_line(uint32_t v, unsigned index) {
  std::string out = text_format("  LVT %-7s 0x%08x: vector 0x%02x", kLvtNames[index], v, v & 0xFF);
  // Timer and error entries have no delivery mode field (always fixed).
  if (index != LocalApic::kTimer && index != LocalApic::kError) {
    out += std::string(", ") + delivery_mode(v);
  }
  if (index == LocalApic::kLint0 || index == LocalApic::kLint1) {
    out += (v & (1u << 15)) ? ", level" : ", edge";
    out += (v & (1u << 13)) ? ", active low" : ", active high";
    if (v & (1u << 14)) out += ", remote IRR";
  }
  if (index == LocalApic::kTimer) {
    static const char* const modes[] = {"one-shot", "periodic", "TSC-deadline", "reserved"};
    out += std::string(", ") + modes[(v >> 17) & 3];
  }
  if (v & (1u << 12)) out += ", send pending";
  out += (v & (1u << 16)) ? ", masked" : ", not masked";
  return out + "\n";
}

unsigned divide_by(uint32_t config) {
  unsigned v = ((config >> 1) & 4) | (config & 3);
  return v == 7 ? 1 : 2u << v;  // 000 -> 2 ... 110 -> 128, 111 -> 1
}

std::string icr_text(uint32_t low, uint32_t high) {
  static const char* const shorthand[] = {"no shorthand", "self", "all including self",
                                          "all excluding self"};
  return text_format(
      "ICR 0x%08x:%08x: vector 0x%02x, %s, %s destination 0x%02x, %s, %s, %s%s", high, low,
      low & 0xFF, delivery_mode(low), (low & (1u << 11)) ? "logical" : "physical", high >> 24,
      (low & (1u << 15)) ? "level" : "edge", (low & (1u << 14)) ? "assert" : "de-assert",
      shorthand[(low >> 18) & 3], (low & (1u << 12)) ? ", send pending" : "");
}

}  // namespace

std::string format_local_apic_view(const Machine& m) {
  const LocalApic* a = m.local_apic();
  if (!a)
    throw ConsoleError("this machine has no local APIC (--machine pc with an APIC CPU model)");
  uint64_t base = a->base_msr();
  uint32_t version = a->read_register(0x030);
  std::string out = text_format(
      "local APIC: ID 0x%02x, version 0x%02x (%u LVT entries), base 0x%08llx (APIC-base MSR "
      "0x%llx:%s%s)\n",
      a->read_register(0x020) >> 24, version & 0xFF, ((version >> 16) & 0xFF) + 1,
      static_cast<unsigned long long>(base & 0xFFFFF000u), static_cast<unsigned long long>(base),
      (base & 0x100) ? " BSP," : "", (base & 0x800) ? " globally enabled" : " globally disabled");
  uint32_t svr = a->read_register(0x0F0);
  out +=
      text_format("  SVR 0x%08x: software %s, spurious vector 0x%02x, focus checking %s\n", svr,
                  (svr & 0x100) ? "enabled" : "disabled", svr & 0xFF, (svr & 0x200) ? "off" : "on");
  uint32_t dfr = a->read_register(0x0E0);
  out += text_format("  TPR 0x%02x  PPR 0x%02x  LDR 0x%08x (logical ID 0x%02x)  DFR 0x%08x (%s)\n",
                     a->read_register(0x080), a->read_register(0x0A0), a->read_register(0x0D0),
                     a->read_register(0x0D0) >> 24, dfr,
                     (dfr >> 28) == 0xF ? "flat"
                     : (dfr >> 28) == 0 ? "cluster"
                                        : "reserved");
  out += "  IRR " + vector_bitmap(*a, 0x200) + "\n";
  out += "  ISR " + vector_bitmap(*a, 0x100) + "\n";
  out += "  TMR " + vector_bitmap(*a, 0x180) + " (level-triggered)\n";
  out += text_format("  ESR 0x%08x  ", a->read_register(0x280)) +
         icr_text(a->read_register(0x300), a->read_register(0x310)) + "\n";
  for (unsigned i = 0; i < LocalApic::kLvtCount; ++i) {
    out += lvt_line(a->lvt(static_cast<LocalApic::Lvt>(i)), i);
  }
  uint32_t divide = a->read_register(0x3E0);
  out += text_format(
      "  timer: divide configuration 0x%x (by %u), initial count 0x%08x, current count 0x%08x, "
      "TSC deadline 0x%llx\n",
      divide, divide_by(divide), a->read_register(0x380), a->read_register(0x390),
      static_cast<unsigned long long>(a->tsc_deadline()));
  out += "  next timer event: " + timer_deadline_text(m, "lapic-timer") + "\n";
  out +=
      text_format("  interrupt for the CPU: %s; PIC INTR passes (ExtINT): %s\n",
                  a->interrupt_pending() ? "pending" : "none", a->passes_extint() ? "yes" : "no");
  return out;
}

std::string format_io_apic_view(const Machine& m) {
  const IoApic* io = m.io_apic();
  if (!io) throw ConsoleError("this machine has no I/O APIC");
  uint32_t version = io->read_indirect(0x01);
  std::string out = text_format(
      "I/O APIC at 0x%08x: ID 0x%x, version 0x%02x (%u redirection entries), arbitration ID "
      "0x%x, IOREGSEL 0x%02x\n",
      IoApic::kBase, (io->read_indirect(0x00) >> 24) & 0xF, version & 0xFF,
      ((version >> 16) & 0xFF) + 1, (io->read_indirect(0x02) >> 24) & 0xF, io->register_select());
  out += "  input lines high: " + bit_numbers(io->input_levels()) +
         "; requests not yet delivered: " + bit_numbers(io->pending_requests()) + "\n";
  for (unsigned pin = 0; pin < IoApic::kPins; ++pin) {
    uint64_t e = io->entry(pin);
    auto low = static_cast<uint32_t>(e);
    out += text_format(
        "  pin %2u 0x%016llx: vector 0x%02x, %s, %s dest 0x%02x, %s, active %s%s%s, %s\n", pin,
        static_cast<unsigned long long>(e), low & 0xFF, delivery_mode(low),
        (low & (1u << 11)) ? "logical" : "physical", static_cast<unsigned>(e >> 56),
        (low & (1u << 15)) ? "level" : "edge", (low & (1u << 13)) ? "low" : "high",
        (low & (1u << 14)) ? ", remote IRR" : "", (low & (1u << 12)) ? ", send pending" : "",
        (low & (1u << 16)) ? "masked" : "not masked");
  }
  return out;
}

}  // namespace mkemu
