// Model-specific instructions: CPUID, RDTSC, RDPMC, RDMSR/WRMSR and
// SYSENTER/SYSEXIT. The MSR set per model follows the SDM vol. 4 tables for
// the Pentium (P5) and P6 families; anything else raises #GP(0) after the
// platform has logged it. IA32_APIC_BASE is the local APIC's (MsrPlatform).
#include "cpu/cpu_core.h"
#include "cpu/handlers.h"

namespace mkemu::cpu {
namespace {

// IA32_APIC_BASE: BSP (bit 8), global enable (bit 11) and the base (bits
// 12..35, MAXPHYADDR 36); the other bits are reserved (SDM vol. 3, 10.4.4).
constexpr uint64_t kApicBasePowerOn = 0xFEE0'0900u;
constexpr uint64_t kApicBaseReserved = ~0xF'FFFF'F900ull;

bool has(const CpuCore& c, unsigned edx_bit) {
  return (c.config.features_edx >> edx_bit) & 1;
}

// Returns false for an MSR the model does not have.
bool msr_read(CpuCore& c, uint32_t index, uint64_t& v) {
  const bool p6 = c.config.model == CpuModelId::kP6;
  Msrs& m = c.msr;
  switch (index) {
    case 0x00:
    case 0x01: v = 0; return true;        // P5_MC_ADDR, P5_MC_TYPE
    case 0x10: v = c.tsc(); return true;  // TSC
    case 0x11:
    case 0x12:
    case 0x13: v = 0; return !p6;  // P5 CESR, CTR0, CTR1
    default: break;
  }
  if (!p6) return false;
  switch (index) {
    case 0x17: v = 0; return true;  // IA32_PLATFORM_ID
    case 0x1B:                      // IA32_APIC_BASE
      v = c.msr_platform ? c.msr_platform->apic_base_msr() : kApicBasePowerOn;
      return has(c, 9);
    case 0x2A: v = 0; return true;  // EBL_CR_POWERON
    case 0x8B: v = 0; return true;  // IA32_BIOS_SIGN_ID (no update loaded)
    case 0xC1:
    case 0xC2: v = 0; return true;            // PERFCTR0/1
    case 0xFE: v = 0x508; return has(c, 12);  // MTRRCAP: 8 variable, fixed, WC
    case 0x174: v = m.sysenter_cs; return has(c, 11);
    case 0x175: v = m.sysenter_esp; return has(c, 11);
    case 0x176: v = m.sysenter_eip; return has(c, 11);
    case 0x179: v = 0x005; return true;  // MCG_CAP: 5 banks
    case 0x17A: v = 0; return true;      // MCG_STATUS
    case 0x186:
    case 0x187: v = 0; return true;            // EVNTSEL0/1
    case 0x1D9: v = 0; return true;            // DEBUGCTL
    case 0x277: v = m.pat; return has(c, 16);  // IA32_PAT
    case 0x2FF: v = m.mtrr_def_type; return has(c, 12);
    case 0x250: v = m.mtrr_fixed[0]; return has(c, 12);
    case 0x258: v = m.mtrr_fixed[1]; return has(c, 12);
    case 0x259: v = m.mtrr_fixed[2]; return has(c, 12);
    default: break;
  }
  if (index >= 0x200 && index < 0x210) {
    v = m.mtrr_var[index - 0x200];
    return has(c, 12);
  }
  if (index >= 0x268 && index < 0x270) {
    v = m.mtrr_fixed[3 + index - 0x268];
    return has(c, 12);
  }
  if (index >= 0x400 && index < 0x414) {  // MC0..MC4 CTL/STATUS/ADDR/MISC
    v = 0;
    return true;
  }
  return false;
}

bool msr_write(CpuCore& c, uint32_t index, uint64_t v) {
  uint64_t old = 0;
  if (!msr_read(c, index, old)) return false;
  Msrs& m = c.msr;
  const bool p6 = c.config.model == CpuModelId::kP6;
  switch (index) {
    case 0x10:
      // P6: only the low 32 bits are written, the high half is cleared.
      if (p6) v &= 0xFFFF'FFFFu;
      m.tsc_offset = v - c.clock.cycles - 0;  // TSC = cycles + offset
      return true;
    case 0x1B:
      if (v & kApicBaseReserved) c.raise(kGP, 0);
      if (c.msr_platform) c.msr_platform->set_apic_base_msr(v);
      return true;
    case 0x174: m.sysenter_cs = v & 0xFFFF; return true;
    case 0x175: m.sysenter_esp = v & 0xFFFF'FFFFu; return true;
    case 0x176: m.sysenter_eip = v & 0xFFFF'FFFFu; return true;
    case 0x277:
      for (unsigned k = 0; k < 8; ++k) {
        unsigned t = (v >> (8 * k)) & 0xFF;
        if (t == 2 || t == 3 || t > 7) c.raise(kGP, 0);
      }
      m.pat = v;
      return true;
    case 0x2FF: m.mtrr_def_type = v & 0xCFF; return true;
    case 0x250: m.mtrr_fixed[0] = v; return true;
    case 0x258: m.mtrr_fixed[1] = v; return true;
    case 0x259: m.mtrr_fixed[2] = v; return true;
    default: break;
  }
  if (index >= 0x200 && index < 0x210) {
    m.mtrr_var[index - 0x200] = v & 0xF'FFFF'FFFFull;
    return true;
  }
  if (index >= 0x268 && index < 0x270) {
    m.mtrr_fixed[3 + index - 0x268] = v;
    return true;
  }
  return true;  // read-only or ignored MSRs accept writes silently
}

}  // namespace

void cpuid(CpuCore& c, const Insn&) {
  const CpuModelId model = c.config.model;
  const uint32_t max_leaf = model == CpuModelId::kP6 ? 2 : 1;
  uint32_t leaf = c.s.gpr[kEax];
  // Leaves beyond the maximum (basic or extended) return the highest basic leaf, as Intel CPUs do.
  if (leaf > max_leaf) leaf = max_leaf;
  uint32_t a = 0, b = 0, cc = 0, d = 0;
  switch (leaf) {
    case 0:
      a = max_leaf;
      b = 0x756E'6547;   // "Genu"
      d = 0x4965'6E69;   // "ineI"
      cc = 0x6C65'746E;  // "ntel"
      break;
    case 1:
      a = model == CpuModelId::kI486 ? 0x0480 : model == CpuModelId::kPentium ? 0x0525 : 0x0663;
      d = c.config.features_edx;
      cc = c.config.features_ecx;
      break;
    case 2:
      a = 0x0000'0001;  // one iteration, no cache/TLB descriptors
      break;
  }
  c.s.gpr[kEax] = a;
  c.s.gpr[kEbx] = b;
  c.s.gpr[kEcx] = cc;
  c.s.gpr[kEdx] = d;
}

void rdtsc(CpuCore& c, const Insn&) {
  if ((c.s.cr4 & 4) && c.s.cpl != 0) c.raise(kGP, 0);
  uint64_t t = c.tsc();
  c.s.gpr[kEax] = static_cast<uint32_t>(t);
  c.s.gpr[kEdx] = static_cast<uint32_t>(t >> 32);
}

void rdpmc(CpuCore& c, const Insn&) {
  if (c.s.gpr[kEcx] > 1) c.raise(kGP, 0);
  if (!(c.s.cr4 & 0x100) && c.s.cpl != 0) c.raise(kGP, 0);
  c.s.gpr[kEax] = 0;
  c.s.gpr[kEdx] = 0;
}

void rdmsr(CpuCore& c, const Insn&) {
  if (c.mode == Mode::kVm86 || c.s.cpl != 0) c.raise(kGP, 0);
  uint64_t v = 0;
  if (!msr_read(c, c.s.gpr[kEcx], v)) {
    if (c.msr_platform) c.msr_platform->log_unknown_msr(c.s.gpr[kEcx], false, 0);
    c.raise(kGP, 0);
  }
  c.s.gpr[kEax] = static_cast<uint32_t>(v);
  c.s.gpr[kEdx] = static_cast<uint32_t>(v >> 32);
}

void wrmsr(CpuCore& c, const Insn&) {
  if (c.mode == Mode::kVm86 || c.s.cpl != 0) c.raise(kGP, 0);
  uint64_t v = (uint64_t{c.s.gpr[kEdx]} << 32) | c.s.gpr[kEax];
  if (!msr_write(c, c.s.gpr[kEcx], v)) {
    if (c.msr_platform) c.msr_platform->log_unknown_msr(c.s.gpr[kEcx], true, v);
    c.raise(kGP, 0);
  }
}

void sysenter(CpuCore& c, const Insn&) {
  const uint16_t cs = static_cast<uint16_t>(c.msr.sysenter_cs);
  if (c.mode == Mode::kReal || (cs & ~3u) == 0) c.raise(kGP, 0);
  c.materialize();
  c.flags_bits &= ~(kVM | kIF | kRF);
  c.refresh_all();
  c.set_cpl(0);
  // Flat 4 GiB segments with fixed attributes (the GDT is not read).
  c.set_seg(kCs, SegmentCache{static_cast<uint16_t>(cs & 0xFFFC), 0, 0xFFFF'FFFFu, 0xC9B});
  c.set_seg(kSs, SegmentCache{static_cast<uint16_t>((cs & 0xFFFC) + 8), 0, 0xFFFF'FFFFu, 0xC93});
  c.s.gpr[kEsp] = static_cast<uint32_t>(c.msr.sysenter_esp);
  c.next_eip = static_cast<uint32_t>(c.msr.sysenter_eip);
}

void sysexit(CpuCore& c, const Insn&) {
  const uint16_t cs = static_cast<uint16_t>(c.msr.sysenter_cs);
  if (c.mode != Mode::kProtected || c.s.cpl != 0 || (cs & ~3u) == 0) c.raise(kGP, 0);
  c.set_cpl(3);
  c.set_seg(kCs, SegmentCache{static_cast<uint16_t>((cs + 16) | 3), 0, 0xFFFF'FFFFu, 0xCFB});
  c.set_seg(kSs, SegmentCache{static_cast<uint16_t>((cs + 24) | 3), 0, 0xFFFF'FFFFu, 0xCF3});
  c.s.gpr[kEsp] = c.s.gpr[kEcx];
  c.next_eip = c.s.gpr[kEdx];
}

}  // namespace mkemu::cpu
