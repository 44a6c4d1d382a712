// System instructions: descriptor-table registers, LDTR/TR, LAR/LSL/VERR/VERW,
// ARPL, control and debug registers, cache and TLB control.
#include "cpu/cpu_core.h"
#include "cpu/handlers.h"

namespace mkemu::cpu {
namespace {

void require_protected(CpuCore& c) {
  if (c.mode != Mode::kProtected) c.raise(kUD);
}
// Privileged in protected and VM86 mode; allowed in real mode.
void require_privilege(CpuCore& c) {
  if (c.mode == Mode::kVm86 || c.s.cpl != 0) c.raise(kGP, 0);
}

// Descriptor visibility for LAR/LSL/VERR/VERW: false when the checks fail.
bool visible(CpuCore& c, uint16_t sel, uint32_t& lo, uint32_t& hi) {
  if ((sel & ~3u) == 0 || !c.fetch_descriptor(sel, lo, hi)) return false;
  unsigned dpl = (hi >> 13) & 3;
  bool conforming_code = (hi & 0x1C00) == 0x1C00;
  if (!conforming_code && (dpl < c.s.cpl || dpl < (sel & 3u))) return false;
  return true;
}

bool lar_type_ok(uint32_t hi, bool for_lsl) {
  if (hi & 0x1000) return true;  // code or data
  unsigned type = (hi >> 8) & 0xF;
  if (for_lsl) return type == 1 || type == 2 || type == 3 || type == 9 || type == 11;
  return type == 1 || type == 2 || type == 3 || type == 4 || type == 5 || type == 9 || type == 11 ||
         type == 12;
}

void store_table_register(CpuCore& c, const Insn& i, const TableRegister& t) {
  uint32_t off = c.ea(i);
  c.write<uint16_t>(i.seg, off, t.limit);
  c.write<uint32_t>(i.seg, (off + 2) & (i.a32 ? ~0u : 0xFFFFu), t.base);
}
void load_table_register(CpuCore& c, const Insn& i, TableRegister& t, bool o32) {
  require_privilege(c);
  uint32_t off = c.ea(i);
  uint16_t limit = c.read<uint16_t>(i.seg, off);
  uint32_t base = c.read<uint32_t>(i.seg, (off + 2) & (i.a32 ? ~0u : 0xFFFFu));
  t.limit = limit;
  t.base = o32 ? base : (base & 0x00FF'FFFFu);
}

}  // namespace

void sgdt(CpuCore& c, const Insn& i) {
  store_table_register(c, i, c.s.gdtr);
}
void sidt(CpuCore& c, const Insn& i) {
  store_table_register(c, i, c.s.idtr);
}
void lgdt16(CpuCore& c, const Insn& i) {
  load_table_register(c, i, c.s.gdtr, false);
}
void lgdt32(CpuCore& c, const Insn& i) {
  load_table_register(c, i, c.s.gdtr, true);
}
void lidt16(CpuCore& c, const Insn& i) {
  load_table_register(c, i, c.s.idtr, false);
}
void lidt32(CpuCore& c, const Insn& i) {
  load_table_register(c, i, c.s.idtr, true);
}

void smsw16(CpuCore& c, const Insn& i) {
  c.rm_write<uint16_t>(i, static_cast<uint16_t>(c.s.cr0));
}
void smsw32(CpuCore& c, const Insn& i) {
  if (i.mod == 3) {
    c.s.gpr[i.rm] = c.s.cr0;
  } else {
    c.write<uint16_t>(i.seg, c.ea(i), static_cast<uint16_t>(c.s.cr0));
  }
}
void lmsw(CpuCore& c, const Insn& i) {
  require_privilege(c);
  uint16_t v = c.rm_read<uint16_t>(i);
  // LMSW sets PE but cannot clear it; it changes only MP, EM, TS and PE.
  uint32_t cr0 = (c.s.cr0 & ~0xEu) | (v & 0xFu);
  c.write_cr0(cr0);
}
void clts(CpuCore& c, const Insn&) {
  require_privilege(c);
  c.s.cr0 &= ~8u;
  c.mmu.set_cr0(c.s.cr0);
}
void invd(CpuCore& c, const Insn&) {
  require_privilege(c);
}
void wbinvd(CpuCore& c, const Insn&) {
  require_privilege(c);
}
void invlpg(CpuCore& c, const Insn& i) {
  require_privilege(c);
  c.mmu.invlpg(c.s.seg[i.seg].base + c.ea(i));
  c.flush_code_tlb();
}

void sldt16(CpuCore& c, const Insn& i) {
  require_protected(c);
  c.store_selector(i, c.s.ldtr.selector);
}
void sldt32(CpuCore& c, const Insn& i) {
  sldt16(c, i);
}
void str16(CpuCore& c, const Insn& i) {
  require_protected(c);
  c.store_selector(i, c.s.tr.selector);
}
void str32(CpuCore& c, const Insn& i) {
  str16(c, i);
}
void lldt(CpuCore& c, const Insn& i) {
  require_protected(c);
  require_privilege(c);
  uint16_t sel = c.rm_read<uint16_t>(i);
  if ((sel & ~3u) == 0) {
    c.s.ldtr = SegmentCache{sel, 0, 0, 0};
    return;
  }
  uint32_t lo = 0, hi = 0;
  if ((sel & 4) || !c.fetch_descriptor(sel, lo, hi)) c.raise(kGP, sel & 0xFFFC);
  if (((hi >> 8) & 0x1F) != 2) c.raise(kGP, sel & 0xFFFC);
  if (!(hi & 0x8000)) c.raise(kNP, sel & 0xFFFC);
  c.s.ldtr = CpuCore::cache_from(sel, lo, hi);
}
void ltr(CpuCore& c, const Insn& i) {
  require_protected(c);
  require_privilege(c);
  uint16_t sel = c.rm_read<uint16_t>(i);
  if ((sel & ~3u) == 0) c.raise(kGP, 0);
  uint32_t lo = 0, hi = 0;
  if ((sel & 4) || !c.fetch_descriptor(sel, lo, hi)) c.raise(kGP, sel & 0xFFFC);
  unsigned type = (hi >> 8) & 0x1F;
  if (type != 1 && type != 9) c.raise(kGP, sel & 0xFFFC);
  if (!(hi & 0x8000)) c.raise(kNP, sel & 0xFFFC);
  uint32_t addr = c.descriptor_addr(sel) + 5;
  c.write_lin<uint8_t>(addr, static_cast<uint8_t>(c.read_lin<uint8_t>(addr, false) | 2), false);
  c.s.tr = CpuCore::cache_from(sel, lo, hi | 0x200);
}
namespace {

// VERR/VERW/LAR/LSL: ZF says whether the selector in r/m names a descriptor
// visible at CPL and RPL that `accept` takes; then `lo`/`hi` hold it.
template <typename Accept>
bool probe_descriptor(CpuCore& c, const Insn& i, Accept accept, uint16_t& sel, uint32_t& lo,
                      uint32_t& hi) {
  require_protected(c);
  sel = c.rm_read<uint16_t>(i);
  const bool ok = visible(c, sel, lo, hi) && accept(hi);
  c.set_flags(kZF, ok ? kZF : 0);
  return ok;
}
bool readable_segment(uint32_t hi) {
  return (hi & 0x1000) && (!(hi & 0x800) || (hi & 0x200));
}
bool writable_segment(uint32_t hi) {
  return (hi & 0x1000) && !(hi & 0x800) && (hi & 0x200);
}
bool lar_ok(uint32_t hi) {
  return lar_type_ok(hi, false);
}
bool lsl_ok(uint32_t hi) {
  return lar_type_ok(hi, true);
}

}  // namespace

void verr(CpuCore& c, const Insn& i) {
  uint16_t sel = 0;
  uint32_t lo = 0, hi = 0;
  probe_descriptor(c, i, readable_segment, sel, lo, hi);
}
void verw(CpuCore& c, const Insn& i) {
  uint16_t sel = 0;
  uint32_t lo = 0, hi = 0;
  probe_descriptor(c, i, writable_segment, sel, lo, hi);
}
void lar16(CpuCore& c, const Insn& i) {
  uint16_t sel = 0;
  uint32_t lo = 0, hi = 0;
  if (probe_descriptor(c, i, lar_ok, sel, lo, hi))
    c.set_reg16(i.reg, static_cast<uint16_t>(hi & 0xFF00));
}
void lar32(CpuCore& c, const Insn& i) {
  uint16_t sel = 0;
  uint32_t lo = 0, hi = 0;
  if (probe_descriptor(c, i, lar_ok, sel, lo, hi)) c.s.gpr[i.reg] = hi & 0x00FF'FF00u;
}
void lsl16(CpuCore& c, const Insn& i) {
  uint16_t sel = 0;
  uint32_t lo = 0, hi = 0;
  if (probe_descriptor(c, i, lsl_ok, sel, lo, hi))
    c.set_reg16(i.reg, static_cast<uint16_t>(CpuCore::cache_from(sel, lo, hi).limit));
}
void lsl32(CpuCore& c, const Insn& i) {
  uint16_t sel = 0;
  uint32_t lo = 0, hi = 0;
  if (probe_descriptor(c, i, lsl_ok, sel, lo, hi))
    c.s.gpr[i.reg] = CpuCore::cache_from(sel, lo, hi).limit;
}
void arpl(CpuCore& c, const Insn& i) {
  require_protected(c);
  uint16_t dest = c.rm_read<uint16_t>(i);
  uint16_t src = c.reg16(i.reg);
  if ((dest & 3) < (src & 3)) {
    c.rm_write<uint16_t>(i, static_cast<uint16_t>((dest & ~3u) | (src & 3)));
    c.set_flags(kZF, kZF);
  } else {
    c.set_flags(kZF, 0);
  }
}

void mov_r32_cr(CpuCore& c, const Insn& i) {
  require_privilege(c);
  uint32_t v = 0;
  switch (i.reg) {
    case 0: v = c.s.cr0; break;
    case 2: v = c.s.cr2; break;
    case 3: v = c.s.cr3; break;
    case 4:
      if (c.config.model == CpuModelId::kI486) c.raise(kUD);
      v = c.s.cr4;
      break;
    default: c.raise(kUD);
  }
  c.s.gpr[i.rm] = v;
}
void mov_cr_r32(CpuCore& c, const Insn& i) {
  require_privilege(c);
  uint32_t v = c.s.gpr[i.rm];
  switch (i.reg) {
    case 0: c.write_cr0(v); break;
    case 2: c.s.cr2 = v; break;
    case 3: c.write_cr3(v); break;
    case 4:
      if (c.config.model == CpuModelId::kI486) c.raise(kUD);
      c.write_cr4(v);
      break;
    default: c.raise(kUD);
  }
}
// MOV to/from DRn: #UD for DR4/DR5 with CR4.DE, then the DR7.GD general
// detect fault (DR6.BD; GD is cleared on entry to the #DB handler), then the
// CPL check; without CR4.DE, DR4/DR5 alias DR6/DR7 (SDM vol. 3, 17.2.2).
static unsigned debug_register(CpuCore& c, const Insn& i) {
  unsigned r = i.reg;
  if (r == 4 || r == 5) {
    if (c.s.cr4 & 8) c.raise(kUD);
    r += 2;
  }
  if (c.s.dr[7] & kDr7Gd) {
    c.s.dr[6] |= kDr6Bd;
    c.raise(kDB);
  }
  require_privilege(c);
  return r;
}
void mov_r32_dr(CpuCore& c, const Insn& i) {
  c.s.gpr[i.rm] = c.s.dr[debug_register(c, i)];
}
void mov_dr_r32(CpuCore& c, const Insn& i) {
  const unsigned r = debug_register(c, i);
  uint32_t v = c.s.gpr[i.rm];
  if (r == 6) v = (v & 0xE00Fu) | 0xFFFF'0FF0u;
  if (r == 7) v = (v & 0xFFFF'23FFu) | 0x400u;
  c.s.dr[r] = v;
  if (r == 7) c.refresh_breakpoints();
}

}  // namespace mkemu::cpu
