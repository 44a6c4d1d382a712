#include "tests/system/lockstep/mkemu_side.h"

#include <cstring>
#include <string>

#include "tests/system/lockstep/qemu_registers.h"

namespace mkemu::lockstep {
namespace {

void put(std::vector<uint8_t>& g, const char* name, const void* value, unsigned n) {
  for (const RegisterSlot& s : qemu_register_slots()) {
    if (std::strcmp(s.name, name) == 0) {
      std::memcpy(g.data() + s.offset, value, n < s.bytes ? n : s.bytes);
      return;
    }
  }
}

void put32(std::vector<uint8_t>& g, const char* name, uint32_t v) {
  put(g, name, &v, 4);
}

// ST(i) in slot sti (gdb's meaning), the full tag word as FSTENV stores it.
void put_fpu(const X87& x, std::vector<uint8_t>& g) {
  const X87State& st = x.state();
  for (unsigned i = 0; i < 8; ++i) {
    const X87Reg& r = x.st(i);
    uint8_t raw[10];
    std::memcpy(raw, &r.mantissa, 8);
    std::memcpy(raw + 8, &r.sign_exp, 2);
    put(g, ("st" + std::to_string(i)).c_str(), raw, 10);
  }
  put32(g, "fctrl", st.cw);
  put32(g, "fstat", st.sw);
  put32(g, "ftag", x.full_tag_word());
  put32(g, "fiseg", st.fcs);
  put32(g, "fioff", st.fip);
  put32(g, "foseg", st.fds);
  put32(g, "fooff", st.fdp);
  put32(g, "fop", st.fop);
}

}  // namespace

MkemuSide::MkemuSide(std::span<const uint8_t> rom)
    : cpu_(parse_cpu_option("p6"), mmu_, io_, clock_, hub_) {
  phys_.add_rom(static_cast<uint32_t>(0x1'0000'0000ull - rom.size()), rom, "lockstep ROM");
  phys_.add_rom(static_cast<uint32_t>(0x10'0000 - rom.size()), rom, "lockstep ROM alias");
  cpu_.reset();
}

std::vector<uint8_t> MkemuSide::registers() const {
  std::vector<uint8_t> g(kQemuRegisterBytes, 0);
  const CpuState& s = cpu_.state();
  static const char* const kGpr[] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
  for (unsigned i = 0; i < 8; ++i) put32(g, kGpr[i], s.gpr[i]);
  put32(g, "eip", s.eip);
  put32(g, "eflags", cpu_.eflags());
  put32(g, "cs", s.seg[kCs].selector);
  put32(g, "ss", s.seg[kSs].selector);
  put32(g, "ds", s.seg[kDs].selector);
  put32(g, "es", s.seg[kEs].selector);
  put32(g, "fs", s.seg[kFs].selector);
  put32(g, "gs", s.seg[kGs].selector);
  put32(g, "fs_base", s.seg[kFs].base);
  put32(g, "gs_base", s.seg[kGs].base);
  put32(g, "k_gs_base", 0);  // 64-bit only
  put32(g, "cr0", s.cr0);
  put32(g, "cr2", s.cr2);
  put32(g, "cr3", s.cr3);
  put32(g, "cr4", s.cr4);
  put32(g, "cr8", 0);   // 64-bit only
  put32(g, "efer", 0);  // the p6 model has no EFER
  // No SSE in the p6 model: XMM stay zero and MXCSR at its power-on value
  // (SDM Vol.3 Table 9-1), which is what QEMU must show too.
  put32(g, "mxcsr", 0x1F80);
  put_fpu(cpu_.x87(), g);
  return g;
}

std::vector<uint8_t> MkemuSide::read(uint32_t linear, unsigned n) const {
  std::vector<uint8_t> out(n);
  phys_.peek(linear, out);
  return out;
}

uint32_t MkemuSide::cs_linear_eip() const {
  const CpuState& s = cpu_.state();
  return s.seg[kCs].base + s.eip;
}

bool MkemuSide::code16() const {
  const CpuState& s = cpu_.state();
  if (!(s.cr0 & 1) || (cpu_.eflags() & 0x20000)) return true;
  return (s.seg[kCs].attributes & 0x400) == 0;  // D/B clear
}

}  // namespace mkemu::lockstep
