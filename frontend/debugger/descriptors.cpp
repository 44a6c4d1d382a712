#include "frontend/debugger/descriptors.h"

#include <cstdio>
#include <vector>

#include "frontend/debugger/guest_memory.h"

namespace mkemu {
namespace {

uint32_t le32(const uint8_t* b) {
  return b[0] | b[1] << 8 | b[2] << 16 | static_cast<uint32_t>(b[3]) << 24;
}
uint16_t le16(const uint8_t* b) {
  return static_cast<uint16_t>(b[0] | b[1] << 8);
}

std::string format_table(const Machine& m, uint32_t base, uint32_t limit, uint32_t first,
                         uint32_t count, const char* name) {
  std::string out;
  char line[200];
  std::snprintf(line, sizeof line, "%s base 0x%08x limit 0x%04x (%u entries)\n", name, base, limit,
                (limit + 1) / 8);
  out += line;
  uint32_t entries = (limit + 1) / 8;
  uint32_t end =
      count ? static_cast<uint32_t>(std::min<uint64_t>(entries, uint64_t{first} + count)) : entries;
  for (uint32_t i = first; i < end; ++i) {
    uint8_t raw[8];
    if (peek_guest(m, AddressSpace::kLinear, base + i * 8, raw) != 8) {
      std::snprintf(line, sizeof line, "  %04x: (not mapped)\n", i * 8);
      out += line;
      continue;
    }
    if (le32(raw) == 0 && le32(raw + 4) == 0) continue;  // null entries would drown the rest
    Descriptor d = decode_descriptor(raw);
    std::snprintf(line, sizeof line, "  %04x: %08x %08x  ", i * 8, le32(raw + 4), le32(raw));
    out += line + format_descriptor(d) + "\n";
  }
  return out;
}

}  // namespace

bool Descriptor::is_gate() const {
  if (s) return false;
  switch (type) {
    case 4:
    case 5:
    case 6:
    case 7:
    case 0xC:
    case 0xE:
    case 0xF: return true;
    default: return false;
  }
}

Descriptor decode_descriptor(const uint8_t raw[8]) {
  Descriptor d;
  d.type = raw[5] & 0xF;
  d.s = (raw[5] >> 4) & 1;
  d.dpl = (raw[5] >> 5) & 3;
  d.present = raw[5] >> 7;
  d.avl = (raw[6] >> 4) & 1;
  d.db = (raw[6] >> 6) & 1;
  d.g = raw[6] >> 7;
  d.base = raw[2] | raw[3] << 8 | raw[4] << 16 | static_cast<uint32_t>(raw[7]) << 24;
  d.limit = le16(raw) | (raw[6] & 0xFu) << 16;
  if (d.g) d.limit = d.limit << 12 | 0xFFF;
  d.selector = le16(raw + 2);
  d.offset = le16(raw) | static_cast<uint32_t>(le16(raw + 6)) << 16;
  d.params = raw[4] & 0x1F;
  return d;
}

std::string descriptor_type_name(const Descriptor& d) {
  if (d.s) {
    std::string t = (d.type & 8) ? "code " : "data ";
    t += d.db ? "32-bit " : "16-bit ";
    if (d.type & 8) {
      t += (d.type & 2) ? "exec/read" : "exec-only";
      if (d.type & 4) t += " conforming";
    } else {
      t += (d.type & 2) ? "read/write" : "read-only";
      if (d.type & 4) t += " expand-down";
    }
    if (d.type & 1) t += " accessed";
    return t;
  }
  // SDM vol. 3, table 3-2.
  static const char* const kSystem[] = {"reserved",
                                        "16-bit TSS (available)",
                                        "LDT",
                                        "16-bit TSS (busy)",
                                        "16-bit call gate",
                                        "task gate",
                                        "16-bit interrupt gate",
                                        "16-bit trap gate",
                                        "reserved",
                                        "32-bit TSS (available)",
                                        "reserved",
                                        "32-bit TSS (busy)",
                                        "32-bit call gate",
                                        "reserved",
                                        "32-bit interrupt gate",
                                        "32-bit trap gate"};
  return kSystem[d.type & 0xF];
}

std::string format_descriptor(const Descriptor& d) {
  char text[160];
  if (d.is_gate()) {
    if (d.type == 5) {
      std::snprintf(text, sizeof text, "%s tss=%04x dpl=%u %s", descriptor_type_name(d).c_str(),
                    d.selector, d.dpl, d.present ? "P" : "not-present");
    } else {
      std::snprintf(text, sizeof text, "%s %04x:%08x dpl=%u%s %s", descriptor_type_name(d).c_str(),
                    d.selector, (d.type & 8) ? d.offset : (d.offset & 0xFFFF), d.dpl,
                    (d.type & 7) == 4 ? (" params=" + std::to_string(d.params)).c_str() : "",
                    d.present ? "P" : "not-present");
    }
  } else {
    std::snprintf(text, sizeof text, "%s base=%08x limit=%08x dpl=%u %s%s",
                  descriptor_type_name(d).c_str(), d.base, d.limit, d.dpl,
                  d.present ? "P" : "not-present", d.g ? " G" : "");
  }
  return text;
}

bool read_segment_descriptor(const Machine& m, uint16_t selector, Descriptor& out) {
  const CpuState& s = m.cpu.state();
  uint32_t base = s.gdtr.base, limit = s.gdtr.limit;
  if (selector & 4) {
    base = s.ldtr.base;
    limit = s.ldtr.limit;
  }
  uint32_t at = selector & ~7u;
  if (at + 7 > limit) return false;
  uint8_t raw[8];
  if (peek_guest(m, AddressSpace::kLinear, base + at, raw) != 8) return false;
  out = decode_descriptor(raw);
  return true;
}

std::string format_gdt(const Machine& m, uint32_t first, uint32_t count) {
  const TableRegister& t = m.cpu.state().gdtr;
  return format_table(m, t.base, t.limit, first, count, "GDT");
}

std::string format_ldt(const Machine& m, uint32_t first, uint32_t count) {
  const SegmentCache& l = m.cpu.state().ldtr;
  char line[80];
  std::snprintf(line, sizeof line, "LDTR selector %04x ", l.selector);
  if ((l.selector & ~3u) == 0) return std::string(line) + "(null: no LDT)\n";
  return line + format_table(m, l.base, l.limit, first, count, "LDT");
}

std::string format_idt(const Machine& m, uint32_t first, uint32_t count) {
  const CpuState& s = m.cpu.state();
  if (!(s.cr0 & 1u)) {
    // Real mode: the interrupt vector table holds 4-byte SEG:OFF entries.
    std::string out;
    char line[120];
    std::snprintf(line, sizeof line, "IVT (real mode) base 0x%08x limit 0x%04x\n", s.idtr.base,
                  s.idtr.limit);
    out += line;
    uint32_t entries = (s.idtr.limit + 1u) / 4;
    uint32_t end = count
                       ? static_cast<uint32_t>(std::min<uint64_t>(entries, uint64_t{first} + count))
                       : entries;
    for (uint32_t i = first; i < end; ++i) {
      uint8_t raw[4];
      if (peek_guest(m, AddressSpace::kLinear, s.idtr.base + i * 4, raw) != 4) break;
      std::snprintf(line, sizeof line, "  %02x: %04x:%04x\n", i, le16(raw + 2), le16(raw));
      out += line;
    }
    return out;
  }
  std::string out;
  char line[200];
  std::snprintf(line, sizeof line, "IDT base 0x%08x limit 0x%04x (%u entries)\n", s.idtr.base,
                s.idtr.limit, (s.idtr.limit + 1u) / 8);
  out += line;
  uint32_t entries = (s.idtr.limit + 1u) / 8;
  uint32_t end =
      count ? static_cast<uint32_t>(std::min<uint64_t>(entries, uint64_t{first} + count)) : entries;
  for (uint32_t i = first; i < end; ++i) {
    uint8_t raw[8];
    if (peek_guest(m, AddressSpace::kLinear, s.idtr.base + i * 8, raw) != 8) {
      std::snprintf(line, sizeof line, "  %02x: (not mapped)\n", i);
      out += line;
      continue;
    }
    if (le32(raw) == 0 && le32(raw + 4) == 0) continue;
    std::snprintf(line, sizeof line, "  %02x %-4s ", i, i < 32 ? (i == 2 ? "NMI" : "") : "");
    Descriptor d = decode_descriptor(raw);
    out += line + format_descriptor(d) + "\n";
  }
  return out;
}

std::string format_tss(const Machine& m) {
  const SegmentCache& tr = m.cpu.state().tr;
  char line[200];
  std::string out;
  std::snprintf(line, sizeof line, "TR selector %04x base 0x%08x limit 0x%08x type %u\n",
                tr.selector, tr.base, tr.limit, tr.attributes & 0xF);
  out += line;
  if (!(m.cpu.state().cr0 & 1u)) return out + "(real mode: no TSS in use)\n";
  const bool is32 = (tr.attributes & 0x8) != 0;
  std::vector<uint8_t> tss(is32 ? 104 : 44);
  if (peek_guest(m, AddressSpace::kLinear, tr.base, tss) != tss.size()) {
    return out + "(TSS not mapped)\n";
  }
  const uint8_t* t = tss.data();
  if (!is32) {
    std::snprintf(line, sizeof line,
                  "16-bit TSS: link=%04x sp0=%04x ss0=%04x sp1=%04x ss1=%04x sp2=%04x ss2=%04x\n"
                  "  ip=%04x flags=%04x ldt=%04x\n",
                  le16(t), le16(t + 2), le16(t + 4), le16(t + 6), le16(t + 8), le16(t + 10),
                  le16(t + 12), le16(t + 14), le16(t + 16), le16(t + 42));
    return out + line;
  }
  // SDM vol. 3, figure 7-2 (32-bit task-state segment).
  std::snprintf(line, sizeof line,
                "link=%04x esp0=%08x ss0=%04x esp1=%08x ss1=%04x esp2=%08x ss2=%04x\n", le16(t),
                le32(t + 4), le16(t + 8), le32(t + 12), le16(t + 16), le32(t + 20), le16(t + 24));
  out += line;
  std::snprintf(line, sizeof line,
                "cr3=%08x eip=%08x eflags=%08x eax=%08x ecx=%08x edx=%08x ebx=%08x\n"
                "esp=%08x ebp=%08x esi=%08x edi=%08x\n",
                le32(t + 28), le32(t + 32), le32(t + 36), le32(t + 40), le32(t + 44), le32(t + 48),
                le32(t + 52), le32(t + 56), le32(t + 60), le32(t + 64), le32(t + 68));
  out += line;
  std::snprintf(line, sizeof line,
                "es=%04x cs=%04x ss=%04x ds=%04x fs=%04x gs=%04x ldt=%04x T=%u iomap=%04x\n",
                le16(t + 72), le16(t + 76), le16(t + 80), le16(t + 84), le16(t + 88), le16(t + 92),
                le16(t + 96), t[100] & 1, le16(t + 102));
  out += line;
  // I/O bitmap (SDM vol. 1, 19.5.2): port p is allowed when bit p is 0 and
  // both bitmap bytes the check reads lie within the TSS limit.
  const uint32_t iomap = le16(t + 102);
  if (iomap > tr.limit)
    return out + "I/O bitmap: none (base beyond the limit): no port allowed above IOPL\n";
  const uint64_t span = uint64_t{tr.limit} - iomap + 1;  // bitmap bytes within the limit
  const uint32_t bytes = static_cast<uint32_t>(std::min<uint64_t>(span, 8192));
  std::vector<uint8_t> bitmap(bytes);
  size_t got = peek_guest(m, AddressSpace::kLinear, tr.base + iomap, bitmap);
  bitmap.resize(got);
  std::string ranges;
  int start = -1;
  unsigned allowed = 0;
  for (uint32_t port = 0; port <= 0x10000; ++port) {
    bool ok = false;
    if (port < 0x10000) {
      uint32_t byte = port / 8;
      ok = byte + 1 < span && byte < bitmap.size() && !((bitmap[byte] >> (port % 8)) & 1);
    }
    if (ok && start < 0) start = static_cast<int>(port);
    if (!ok && start >= 0) {
      allowed += port - start;
      std::snprintf(line, sizeof line,
                    port - 1 == static_cast<uint32_t>(start) ? " %04x" : " %04x-%04x", start,
                    port - 1);
      ranges += line;
      start = -1;
    }
  }
  std::snprintf(line, sizeof line, "I/O bitmap at +0x%x, %u bytes: %u ports allowed%s\n", iomap,
                bytes, allowed, allowed ? ":" : "");
  out += line;
  if (allowed) out += ranges + "\n";
  return out;
}

}  // namespace mkemu
