// Debug-register breakpoints (SDM vol. 3, 17.2-17.3) and alignment checking
// (SDM vol. 3, 6.15 "Interrupt 17"). Both are armed by flags that stay false
// until the guest enables them; while data breakpoints or #AC are armed the
// MMU fast path is switched off, so every data access reaches
// check_data_access() through the CPU's slow path.
#include "cpu/cpu_core.h"

namespace mkemu::cpu {
namespace {

constexpr uint32_t kCr0Am = 1u << 18;
constexpr uint32_t kCr4De = 1u << 3;

// DR7 fields of breakpoint n: enabled (L or G), R/W, and the byte length.
bool bp_enabled(uint32_t dr7, unsigned n) {
  return (dr7 >> (2 * n)) & 3;
}
unsigned bp_rw(uint32_t dr7, unsigned n) {
  return (dr7 >> (16 + 4 * n)) & 3;
}
// LEN 00/01/11 = 1/2/4 bytes; 10 is undefined on P6 and means 8 bytes on
// later processors, which is what mkemu does.
unsigned bp_len(uint32_t dr7, unsigned n) {
  static constexpr unsigned kLen[4] = {1, 2, 8, 4};
  return kLen[(dr7 >> (18 + 4 * n)) & 3];
}
// Whether [at, at+size) overlaps the breakpoint's (aligned) range.
bool overlaps(uint32_t bp, unsigned len, uint32_t at, unsigned size) {
  const uint64_t lo = bp & ~uint32_t{len - 1};
  return uint64_t{at} <= lo + len - 1 && lo <= uint64_t{at} + size - 1;
}

}  // namespace

void CpuCore::refresh_breakpoints() {
  const uint32_t dr7 = s.dr[7];
  dr_exec_armed = dr_data_armed = dr_io_armed = false;
  for (unsigned n = 0; n < 4; ++n) {
    if (!bp_enabled(dr7, n)) continue;
    switch (bp_rw(dr7, n)) {
      case 0: dr_exec_armed = true; break;
      case 2: dr_io_armed = dr_io_armed || (s.cr4 & kCr4De); break;
      default: dr_data_armed = true; break;
    }
  }
  refresh_alignment_check();
  poke_loop();
}

void CpuCore::refresh_alignment_check() {
  ac_armed = (s.cr0 & kCr0Am) && (flags_bits & kAC) && s.cpl == 3;
  const bool want = ac_armed || dr_data_armed;
  if (want == data_checks) return;
  data_checks = want;
  if (want) {
    fast_path_before = mmu.fast_path_enabled();
    mmu.set_fast_path_enabled(false);
  } else {
    mmu.set_fast_path_enabled(fast_path_before);
  }
}

void CpuCore::check_data_access(uint32_t l, unsigned size, bool write, bool user_access) {
  // #AC: CPL 3 accesses only (implicit supervisor accesses to descriptor
  // tables and the TSS are not checked), before the access is made.
  if (ac_armed && user_access && (l & (size - 1))) raise(kAlignCheck, 0);
  if (!dr_data_armed) return;
  const uint32_t dr7 = s.dr[7];
  uint32_t hits = 0;
  for (unsigned n = 0; n < 4; ++n) {
    if (!bp_enabled(dr7, n)) continue;
    const unsigned rw = bp_rw(dr7, n);
    if ((rw == 1 && write) || rw == 3) {
      if (overlaps(s.dr[n], bp_len(dr7, n), l, size)) hits |= 1u << n;
    }
  }
  if (hits) {
    debug_trap |= hits;
    poke_loop();
  }
}

void CpuCore::match_io_breakpoints(uint16_t port, unsigned size) {
  const uint32_t dr7 = s.dr[7];
  uint32_t hits = 0;
  for (unsigned n = 0; n < 4; ++n) {
    if (bp_enabled(dr7, n) && bp_rw(dr7, n) == 2 &&
        overlaps(s.dr[n] & 0xFFFF, bp_len(dr7, n), port, size)) {
      hits |= 1u << n;
    }
  }
  if (hits) {
    debug_trap |= hits;
    poke_loop();
  }
}

unsigned CpuCore::x87_alignment(const X87OpInfo& info, const Insn& i) {
  switch (info.mem_bytes) {
    case 0: return i.o32 ? 4 : 2;              // FLDENV/FNSTENV/FRSTOR/FNSAVE images
    case 10: return i.opcode == 0xDF ? 1 : 8;  // packed BCD is not in the table; 80-bit real: 8
    default: return info.mem_bytes;            // 2, 4, 8: word, dword/single, qword/double
  }
}

uint32_t CpuCore::code_breakpoint_hits(uint32_t lin) const {
  const uint32_t dr7 = s.dr[7];
  uint32_t hits = 0;
  for (unsigned n = 0; n < 4; ++n) {
    if (bp_enabled(dr7, n) && bp_rw(dr7, n) == 0 && s.dr[n] == lin) hits |= 1u << n;
  }
  return hits;
}

}  // namespace mkemu::cpu
