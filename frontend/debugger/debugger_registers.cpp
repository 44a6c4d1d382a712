// Registers by name for expressions, conditions, gdb's P packet and `set`.
#include <cctype>
#include <string>

#include "frontend/debugger/debugger.h"
#include "frontend/debugger/descriptors.h"

namespace mkemu {
namespace {

constexpr const char* kGpr32[] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
constexpr const char* kGpr16[] = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
constexpr const char* kGpr8[] = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
constexpr const char* kSeg[] = {"es", "cs", "ss", "ds", "fs", "gs"};

int index_of(const char* const* names, size_t count, std::string_view name) {
  for (size_t i = 0; i < count; ++i) {
    if (name == names[i]) return static_cast<int>(i);
  }
  return -1;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<uint64_t> Debugger::value_of(std::string_view raw) const {
  const std::string name = lower(raw);
  const CpuState& s = m_.cpu.state();
  if (int i = index_of(kGpr32, 8, name); i >= 0) return s.gpr[i];
  if (int i = index_of(kGpr16, 8, name); i >= 0) return s.gpr[i] & 0xFFFF;
  if (int i = index_of(kGpr8, 8, name); i >= 0) return (s.gpr[i & 3] >> (i >= 4 ? 8 : 0)) & 0xFF;
  if (int i = index_of(kSeg, 6, name); i >= 0) return s.seg[i].selector;
  if (name == "eip" || name == "pc") return s.eip;
  if (name == "ip") return s.eip & 0xFFFF;
  if (name == "eflags" || name == "efl" || name == "flags") return m_.cpu.eflags();
  if (name == "cr0") return s.cr0;
  if (name == "cr2") return s.cr2;
  if (name == "cr3") return s.cr3;
  if (name == "cr4") return s.cr4;
  if (name.size() == 3 && name.starts_with("dr") && name[2] >= '0' && name[2] <= '7') {
    return s.dr[name[2] - '0'];
  }
  if (name == "cpl") return s.cpl;
  if (name == "cycles") return m_.clock.cycles;
  if (name == "insns" || name == "instructions") return m_.cpu.instructions_retired();
  if (name == "linear_eip" || name == "lip") return current_linear_eip();
  if (auto v = symbols_.find(raw)) return *v;
  return std::nullopt;
}

ExpressionContext Debugger::expression_context() const {
  ExpressionContext context;
  context.lookup = [this](std::string_view name) { return value_of(name); };
  context.far_address = [this](uint64_t seg, uint64_t off) -> uint64_t {
    const CpuState& s = m_.cpu.state();
    const bool vm86 = (m_.cpu.eflags() >> 17) & 1;
    if (!(s.cr0 & 1u) || vm86) return ((seg & 0xFFFF) << 4) + off;
    Descriptor d;
    if (!read_segment_descriptor(m_, static_cast<uint16_t>(seg), d)) {
      throw ExpressionError("selector " + std::to_string(seg) + " is outside the GDT/LDT");
    }
    return (d.base + off) & 0xFFFF'FFFFu;
  };
  return context;
}

bool Debugger::set_register(std::string_view raw, uint32_t value) {
  const std::string name = lower(raw);
  CpuState& s = m_.cpu.state();
  if (int i = index_of(kGpr32, 8, name); i >= 0) {
    s.gpr[i] = value;
  } else if (int i = index_of(kGpr16, 8, name); i >= 0) {
    s.gpr[i] = (s.gpr[i] & 0xFFFF0000u) | (value & 0xFFFF);
  } else if (int i = index_of(kGpr8, 8, name); i >= 0) {
    const unsigned shift = i >= 4 ? 8 : 0;
    s.gpr[i & 3] = (s.gpr[i & 3] & ~(0xFFu << shift)) | (value & 0xFF) << shift;
  } else if (name == "eip" || name == "pc") {
    s.eip = value;
  } else if (name == "ip") {
    s.eip = value & 0xFFFF;
  } else if (name == "eflags" || name == "efl" || name == "flags") {
    m_.cpu.set_eflags(value);
  } else if (int i = index_of(kSeg, 6, name); i >= 0) {
    // Only real and virtual-8086 mode have a descriptor-free meaning for a
    // selector write; protected mode reloads from the table without checks.
    SegmentCache cache = s.seg[i];
    cache.selector = static_cast<uint16_t>(value);
    Descriptor d;
    const bool vm86 = (m_.cpu.eflags() >> 17) & 1;
    if ((s.cr0 & 1u) && !vm86) {
      if (!read_segment_descriptor(m_, cache.selector, d)) return false;
      cache.base = d.base;
      cache.limit = d.limit;
      cache.attributes = static_cast<uint16_t>((d.type | d.s << 4 | d.dpl << 5 | d.present << 7) |
                                               (d.avl << 8 | d.db << 10 | d.g << 11));
    }
    m_.cpu.load_segment_unchecked(static_cast<SegReg>(i), cache);
  } else if (name == "cr0" || name == "cr3" || name == "cr4") {
    m_.cpu.set_control_registers(name == "cr0" ? value : s.cr0, name == "cr3" ? value : s.cr3,
                                 name == "cr4" ? value : s.cr4);
  } else if (name == "cr2") {
    s.cr2 = value;
  } else if (name.size() == 3 && name.starts_with("dr") && name[2] >= '0' && name[2] <= '7') {
    s.dr[name[2] - '0'] = value;
  } else {
    return false;
  }
  history_.state_changed();  // the recorded past no longer leads here
  return true;
}

}  // namespace mkemu
