// Console commands that show registers, memory, code and counters. None of
// them changes guest state (`set` is the one explicit exception).
#include <cctype>
#include <cstdio>
#include <vector>

#include "frontend/debugger/console_args.h"
#include "frontend/debugger/descriptors.h"
#include "frontend/debugger/guest_memory.h"
#include "frontend/debugger/x87_view.h"
#include "frontend/disassembler.h"

namespace mkemu {
namespace {

std::string flag_names(uint32_t value, const char* const* names, unsigned count) {
  std::string out;
  for (unsigned bit = 0; bit < count; ++bit) {
    if (names[bit][0] && ((value >> bit) & 1)) out += std::string(" ") + names[bit];
  }
  return out;
}

std::string eflags_text(uint32_t f) {
  static const char* const kNames[] = {"CF", "",   "PF", "",    "AF",  "",  "ZF", "SF",
                                       "TF", "IF", "DF", "OF",  "",    "",  "NT", "",
                                       "RF", "VM", "AC", "VIF", "VIP", "ID"};
  char iopl[16];
  std::snprintf(iopl, sizeof iopl, " IOPL=%u", (f >> 12) & 3);
  return "[" + flag_names(f, kNames, 22) + iopl + " ]";
}

std::string cr0_text(uint32_t v) {
  static const char* const kNames[32] = {
      "PE", "MP", "EM", "TS", "ET", "NE", "", "", "", "", "", "", "", "",   "",   "",
      "WP", "",   "AM", "",   "",   "",   "", "", "", "", "", "", "", "NW", "CD", "PG"};
  return "[" + flag_names(v, kNames, 32) + " ]";
}

std::string cr4_text(uint32_t v) {
  static const char* const kNames[] = {"VME", "PVI", "TSD", "DE",     "PSE",       "PAE",
                                       "MCE", "PGE", "PCE", "OSFXSR", "OSXMMEXCPT"};
  return "[" + flag_names(v, kNames, 11) + " ]";
}

std::string segment_line(const char* name, const SegmentCache& s) {
  char line[200];
  Descriptor d;
  d.type = s.attributes & 0xF;
  d.s = (s.attributes >> 4) & 1;
  d.dpl = (s.attributes >> 5) & 3;
  d.present = (s.attributes >> 7) & 1;
  // Descriptor bits 52-55 (AVL, L, D/B, G) sit in attribute bits 8-11.
  d.avl = (s.attributes >> 8) & 1;
  d.db = (s.attributes >> 10) & 1;
  d.g = (s.attributes >> 11) & 1;
  std::snprintf(line, sizeof line, "%-4s %04x  base=%08x limit=%08x attr=%04x  %s dpl=%u %s\n",
                name, s.selector, s.base, s.limit, s.attributes, descriptor_type_name(d).c_str(),
                d.dpl, d.present ? "P" : "not-present");
  return line;
}

const char* mode_name(const Machine& m) {
  if (!(m.cpu.state().cr0 & 1u)) return "real";
  if ((m.cpu.eflags() >> 17) & 1) return "virtual-8086";
  return (m.cpu.state().cr0 >> 31) ? "protected, paging" : "protected";
}

}  // namespace

std::string Console::disassemble(uint32_t address, unsigned count, bool physical) const {
  const Machine& m = dbg_.machine();
  const bool code32 = code_is_32bit(m);
  std::string out;
  char line[200];
  for (unsigned i = 0; i < count; ++i) {
    uint8_t bytes[15];
    size_t n =
        peek_guest(m, physical ? AddressSpace::kPhysical : AddressSpace::kLinear, address, bytes);
    if (n == 0) {
      std::snprintf(line, sizeof line, "   0x%08x: (not mapped)\n", address);
      out += line;
      break;
    }
    Disassembly d = disassemble_one(std::span<const uint8_t>(bytes, n), address, code32);
    std::string hex;
    for (unsigned k = 0; k < std::max(1u, d.length) && k < n; ++k) {
      char b[4];
      std::snprintf(b, sizeof b, "%02x", bytes[k]);
      hex += b;
    }
    const bool here = !physical && address == dbg_.current_linear_eip();
    std::string l = physical ? std::string() : label(address);
    std::snprintf(line, sizeof line, "%s 0x%08x%s: %-20s %s\n", here ? "=>" : "  ", address,
                  l.c_str(), hex.c_str(), d.text.c_str());
    out += line;
    address += std::max(1u, d.length);
  }
  return out;
}

std::string Console::examine(std::string_view format, uint64_t address64, bool physical) {
  if (address64 > 0xFFFF'FFFFu) throw ConsoleError("the address does not fit in 32 bits");
  uint32_t address = static_cast<uint32_t>(address64);
  uint64_t count = 1;
  char unit = last_unit_;
  size_t i = 0;
  if (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) {
    count = 0;
    while (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) {
      count = count * 10 + static_cast<unsigned>(format[i++] - '0');
      if (count > 65536) throw ConsoleError("at most 65536 units at a time");
    }
  }
  if (i < format.size()) unit = format[i++];
  if (i != format.size() || std::string_view("bhwgi").find(unit) == std::string_view::npos) {
    throw ConsoleError("format is /N followed by b, h, w, g or i (e.g. x/8w)");
  }
  if (count == 0) throw ConsoleError("the count must be at least 1");
  last_unit_ = unit == 'i' ? last_unit_ : unit;
  if (unit == 'i') return disassemble(address, static_cast<unsigned>(count), physical);
  const unsigned size = unit == 'b' ? 1 : unit == 'h' ? 2 : unit == 'w' ? 4 : 8;
  const unsigned per_line = 16 / size;
  std::vector<uint8_t> bytes(count * size);
  size_t got = peek_guest(
      dbg_.machine(), physical ? AddressSpace::kPhysical : AddressSpace::kLinear, address, bytes);
  std::string out;
  char text[40];
  for (uint64_t u = 0; u < count; ++u) {
    const uint32_t at = address + static_cast<uint32_t>(u * size);
    if (u % per_line == 0) {
      if (u) out += "\n";
      std::snprintf(text, sizeof text, "0x%08x:", at);
      out += text;
    }
    if ((u + 1) * size > got) {
      out += " (not mapped)";
      break;
    }
    uint64_t v = 0;
    for (unsigned k = 0; k < size; ++k) v |= uint64_t{bytes[u * size + k]} << (8 * k);
    std::snprintf(text, sizeof text, " 0x%0*llx", static_cast<int>(size * 2),
                  static_cast<unsigned long long>(v));
    out += text;
  }
  return out + "\n";
}

void Console::register_inspection_commands() {
  add({{"regs", "registers", "r"},
       "regs",
       "General registers, EIP, EFLAGS decoded, CPL and mode",
       "regs",
       [](Console& c, Args&, std::string& out) {
         const Machine& m = c.dbg_.machine();
         const CpuState& s = m.cpu.state();
         char text[400];
         std::snprintf(text, sizeof text,
                       "eax=%08x ebx=%08x ecx=%08x edx=%08x\n"
                       "esi=%08x edi=%08x ebp=%08x esp=%08x\n"
                       "eip=%08x (linear %08x%s)\n"
                       "eflags=%08x %s\n"
                       "cpl=%u mode=%s%s\n",
                       s.gpr[kEax], s.gpr[kEbx], s.gpr[kEcx], s.gpr[kEdx], s.gpr[kEsi], s.gpr[kEdi],
                       s.gpr[kEbp], s.gpr[kEsp], s.eip, c.dbg_.current_linear_eip(),
                       c.label(c.dbg_.current_linear_eip()).c_str(), m.cpu.eflags(),
                       eflags_text(m.cpu.eflags()).c_str(), s.cpl, mode_name(m),
                       m.cpu.halted() ? " (halted)" : "");
         out += text;
       }});
  add({{"sregs"},
       "sregs",
       "Segment registers with their hidden descriptor caches, LDTR, TR, GDTR, IDTR",
       "sregs",
       [](Console& c, Args&, std::string& out) {
         const CpuState& s = c.dbg_.machine().cpu.state();
         static const char* const kNames[] = {"es", "cs", "ss", "ds", "fs", "gs"};
         for (unsigned i = 0; i < 6; ++i) out += segment_line(kNames[i], s.seg[i]);
         out += segment_line("ldtr", s.ldtr);
         out += segment_line("tr", s.tr);
         char text[160];
         std::snprintf(text, sizeof text, "gdtr base=%08x limit=%04x\nidtr base=%08x limit=%04x\n",
                       s.gdtr.base, s.gdtr.limit, s.idtr.base, s.idtr.limit);
         out += text;
       }});
  add({{"cregs", "creg", "dregs"},
       "cregs",
       "Control registers (decoded) and debug registers",
       "cregs",
       [](Console& c, Args&, std::string& out) {
         const CpuState& s = c.dbg_.machine().cpu.state();
         char text[600];
         std::snprintf(text, sizeof text,
                       "cr0=%08x %s\ncr2=%08x\ncr3=%08x (page directory 0x%08x%s%s)\ncr4=%08x %s\n"
                       "dr0=%08x dr1=%08x dr2=%08x dr3=%08x\ndr6=%08x dr7=%08x\n",
                       s.cr0, cr0_text(s.cr0).c_str(), s.cr2, s.cr3, s.cr3 & ~0xFFFu,
                       (s.cr3 & 8) ? " PWT" : "", (s.cr3 & 16) ? " PCD" : "", s.cr4,
                       cr4_text(s.cr4).c_str(), s.dr[0], s.dr[1], s.dr[2], s.dr[3], s.dr[6],
                       s.dr[7]);
         out += text;
       }});
  add({{"fpu"},
       "fpu",
       "x87 control/status/tag words, instruction and operand pointers, ST(0)-ST(7)",
       "fpu",
       [](Console& c, Args&, std::string& out) {
         out += format_x87(c.dbg_.machine().cpu.x87().state());
       }});
  for (bool physical : {false, true}) {
    add({{physical ? "xp" : "x"},
         physical ? "xp/NF PADDR" : "x/NF ADDR",
         std::string("Examine ") + (physical ? "physical" : "linear") +
             " memory: N units of b (1), h (2), w (4), g (8) bytes or i (instructions)",
         physical ? "xp/16b 0xb8000" : "x/4w esp",
         [physical](Console& c, Args& a, std::string& out) {
           if (a.rest.empty()) throw ConsoleError("x needs an address");
           out += c.examine(a.format, a.eval(a.rest), physical);
         }});
  }
  add({{"disas", "u", "disassemble"},
       "disas [ADDR [N]]",
       "Disassemble N instructions (default 10) at linear ADDR (default EIP), with symbols",
       "disas kernel_main 20",
       [](Console& c, Args& a, std::string& out) {
         uint32_t at = c.dbg_.current_linear_eip();
         unsigned n = 10;
         if (!a.words.empty()) at = a.eval_u32(a.words[0], "the address");
         if (a.words.size() > 2) throw ConsoleError("usage: disas [ADDR [N]]");
         if (a.words.size() == 2)
           n = static_cast<unsigned>(std::min<uint64_t>(a.count_arg(1, 10), 4096));
         out += c.disassemble(at, n, false);
       }});
  add({{"print", "p"},
       "print EXPR",
       "Evaluate an expression over registers and symbols (hex and decimal)",
       "print esp + 8",
       [](Console&, Args& a, std::string& out) {
         if (a.rest.empty()) throw ConsoleError("print needs an expression");
         uint64_t v = a.eval(a.rest);
         char text[80];
         std::snprintf(text, sizeof text, "0x%llx (%llu)\n", static_cast<unsigned long long>(v),
                       static_cast<unsigned long long>(v));
         out += text;
       }});
  add({{"set"},
       "set REG = EXPR",
       "Change a register (the one command that changes guest state)",
       "set eax = 0x1234",
       [](Console& c, Args& a, std::string& out) {
         size_t eq = a.rest.find('=');
         if (eq == std::string::npos) throw ConsoleError("usage: set REG = EXPR");
         std::string reg = a.rest.substr(0, eq);
         while (!reg.empty() && reg.back() == ' ') reg.pop_back();
         if (!reg.empty() && reg[0] == '$') reg.erase(0, 1);
         uint32_t v = a.eval_u32(a.rest.substr(eq + 1), "the value");
         if (!c.dbg_.set_register(reg, v)) throw ConsoleError("no register '" + reg + "'");
         out += reg + " = " + std::to_string(v) + "\n";
       }});
  add({{"history", "last"},
       "history [N]",
       "The last N executed instructions (default 16; the ring holds 256)",
       "history 8",
       [](Console& c, Args& a, std::string& out) {
         size_t n = static_cast<size_t>(std::min<uint64_t>(a.count_arg(0, 16), 256));
         for (uint32_t eip : c.dbg_.machine().cpu.recent_eips(n))
           out += c.disassemble(eip, 1, false);
         if (out.empty()) out += "no instructions executed yet\n";
       }});
  add({{"counters"},
       "counters",
       "Cycle and instruction counters, idle skips, MMU counters",
       "counters",
       [](Console& c, Args&, std::string& out) {
         const Machine& m = c.dbg_.machine();
         const MmuCounters& mc = m.mmu.counters();
         char text[400];
         std::snprintf(text, sizeof text,
                       "cycles=%llu instructions=%llu idle_skips=%llu\n"
                       "tlb: slow_hits=%llu itlb_misses=%llu dtlb_misses=%llu dirty_walks=%llu "
                       "walk_cycles=%llu page_faults=%llu\n",
                       static_cast<unsigned long long>(m.clock.cycles),
                       static_cast<unsigned long long>(m.cpu.instructions_retired()),
                       static_cast<unsigned long long>(m.idle_skips()),
                       static_cast<unsigned long long>(mc.slow_hits),
                       static_cast<unsigned long long>(mc.itlb_misses),
                       static_cast<unsigned long long>(mc.dtlb_misses),
                       static_cast<unsigned long long>(mc.dirty_walks),
                       static_cast<unsigned long long>(mc.walk_cycles),
                       static_cast<unsigned long long>(mc.page_faults));
         out += text;
       }});
  add({{"symbols", "syms"},
       "symbols [TEXT]",
       "Symbols from the kernel ELF (those whose name contains TEXT)",
       "symbols main",
       [](Console& c, Args& a, std::string& out) {
         const SymbolTable& t = c.dbg_.symbols();
         if (t.empty()) out += "no symbols (boot an ELF kernel with a symbol table)\n";
         for (const Symbol& s : t.all()) {
           if (!a.rest.empty() && s.name.find(a.rest) == std::string::npos) continue;
           char text[200];
           std::snprintf(text, sizeof text, "0x%08x %6u %s\n", s.address, s.size, s.name.c_str());
           out += text;
         }
       }});
  add({{"hash"},
       "hash",
       "The machine's state hash (docs/state-hash.md): inspection must not change it",
       "hash",
       [](Console& c, Args&, std::string& out) {
         char text[40];
         std::snprintf(text, sizeof text, "state hash %016llx\n",
                       static_cast<unsigned long long>(c.dbg_.machine().digest().total));
         out += text;
       }});
}

}  // namespace mkemu
