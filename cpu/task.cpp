// Hardware task switches through TSS descriptors and task gates (SDM vol. 3, 7.3).
#include "cpu/cpu_core.h"
#include "cpu/tss.h"

namespace mkemu::cpu {
namespace {

void set_busy(CpuCore& c, uint16_t sel, bool busy) {
  uint32_t addr = c.s.gdtr.base + (sel & ~7u) + 5;
  uint8_t b = c.read_lin<uint8_t>(addr, false);
  b = busy ? (b | 2) : (b & ~2);
  c.write_lin<uint8_t>(addr, b, false);
}

}  // namespace

void CpuCore::task_switch(uint16_t sel, uint32_t lo, uint32_t hi, int reason, bool has_error,
                          uint32_t error) {
  const uint16_t err = sel & 0xFFFC;
  const unsigned type = (hi >> 8) & 0xF;
  const bool new32 = type & 8;
  const bool busy = type & 2;
  if (reason == kTaskIret ? !busy : busy) raise(reason == kTaskIret ? kTS : kGP, err);
  if (!(hi & 0x8000)) raise(kNP, err);
  SegmentCache tss = cache_from(sel, lo, hi);
  if (tss.limit < (new32 ? 0x67u : 0x2Bu)) raise(kTS, err);
  const uint32_t nb = tss.base;

  // Read the whole new state first (faults leave the old task intact).
  uint32_t regs[8], eip, eflags_new, cr3 = s.cr3;
  uint16_t segs[6], ldt;
  bool trap = false;  // the TSS's T flag (32-bit TSS only)
  if (new32) {
    cr3 = read_lin<uint32_t>(nb + 0x1C, false);
    eip = read_lin<uint32_t>(nb + 0x20, false);
    eflags_new = read_lin<uint32_t>(nb + 0x24, false);
    for (unsigned r = 0; r < 8; ++r) regs[r] = read_lin<uint32_t>(nb + 0x28 + 4 * r, false);
    for (unsigned k = 0; k < 6; ++k) segs[k] = read_lin<uint16_t>(nb + 0x48 + 4 * k, false);
    ldt = read_lin<uint16_t>(nb + 0x60, false);
    trap = read_lin<uint16_t>(nb + 0x64, false) & 1;
  } else {
    eip = read_lin<uint16_t>(nb + 0x0E, false);
    eflags_new = read_lin<uint16_t>(nb + 0x10, false);
    for (unsigned r = 0; r < 8; ++r) {
      regs[r] = (s.gpr[r] & 0xFFFF'0000u) | read_lin<uint16_t>(nb + 0x12 + 2 * r, false);
    }
    for (unsigned k = 0; k < 4; ++k) segs[k] = read_lin<uint16_t>(nb + 0x22 + 2 * k, false);
    segs[4] = segs[5] = 0;
    ldt = read_lin<uint16_t>(nb + 0x2A, false);
  }

  // Save the outgoing task.
  const uint32_t ob = s.tr.base;
  const bool old32 = (s.tr.attributes & 8) != 0;
  uint32_t old_flags = eflags();
  if (reason == kTaskIret) old_flags &= ~kNT;
  if (old32) {
    write_lin<uint32_t>(ob + 0x20, s.eip, false);
    write_lin<uint32_t>(ob + 0x24, old_flags, false);
    for (unsigned r = 0; r < 8; ++r) write_lin<uint32_t>(ob + 0x28 + 4 * r, s.gpr[r], false);
    for (unsigned k = 0; k < 6; ++k)
      write_lin<uint16_t>(ob + 0x48 + 4 * k, s.seg[k].selector, false);
  } else {
    write_lin<uint16_t>(ob + 0x0E, static_cast<uint16_t>(s.eip), false);
    write_lin<uint16_t>(ob + 0x10, static_cast<uint16_t>(old_flags), false);
    for (unsigned r = 0; r < 8; ++r)
      write_lin<uint16_t>(ob + 0x12 + 2 * r, static_cast<uint16_t>(s.gpr[r]), false);
    for (unsigned k = 0; k < 4; ++k)
      write_lin<uint16_t>(ob + 0x22 + 2 * k, s.seg[k].selector, false);
  }
  if (reason == kTaskJmp || reason == kTaskIret) set_busy(*this, s.tr.selector, false);
  if (reason == kTaskCallGate) {
    write_lin<uint16_t>(nb, s.tr.selector, false);
    eflags_new |= kNT;
  }
  if (reason != kTaskIret) set_busy(*this, sel, true);

  // Load the incoming task.
  tss.attributes = static_cast<uint16_t>(tss.attributes | 2);
  s.tr = tss;
  s.tr.selector = sel;
  s.cr0 |= 8;  // TS
  mmu.set_cr0(s.cr0);
  if (new32 && (s.cr0 & 0x8000'0000u)) write_cr3(cr3);
  flush_code_tlb();
  for (unsigned r = 0; r < 8; ++r) s.gpr[r] = regs[r];
  set_eflags_raw(eflags_new);
  s.eip = eip;
  next_eip = eip;
  // Past the commit point: a fault from here on is delivered in the context
  // of the new task, with its first instruction as the saved EIP (SDM vol. 3,
  // 7.3, step 13).
  try {
    load_task_segments(segs, ldt);
    if (has_error) {
      if (type & 8) {
        push<uint32_t>(error);
      } else {
        push<uint16_t>(static_cast<uint16_t>(error));
      }
    }
    if (eip > segchk[kCs].hi) raise(kGP, 0);
    // T flag: a #DB trap with DR6.BT before the new task's first instruction
    // (SDM vol. 3, 17.3.1.5).
    if (trap) {
      debug_trap |= kDr6Bt;
      poke_loop();
    }
  } catch (const CpuException&) {
    fault_in_new_task = true;
    throw;
  }
}

void CpuCore::load_task_segments(const uint16_t (&segs)[6], uint16_t ldt) {
  // The selectors are loaded first with descriptors marked unusable; a
  // descriptor that fails its check leaves the later ones so (SDM vol. 3,
  // "Interrupt 10 - Invalid TSS Exception").
  for (unsigned k = 0; k < 6; ++k) {
    if (k == kCs || mode == Mode::kVm86) {
      s.seg[k].selector = segs[k];
    } else {
      set_seg(k, SegmentCache{segs[k], 0, 0, 0});
    }
  }
  s.ldtr.selector = ldt;
  if (mode == Mode::kVm86) {
    set_cpl(3);
    for (unsigned k = 0; k < 6; ++k) load_seg_real(k, segs[k]);
  } else {
    set_cpl(segs[kCs] & 3);
    // LDT.
    if ((ldt & ~3u) == 0) {
      s.ldtr = SegmentCache{ldt, 0, 0, 0};
    } else {
      uint32_t llo = 0, lhi = 0;
      if ((ldt & 4) || !fetch_descriptor(ldt & ~4, llo, lhi)) raise(kTS, ldt & 0xFFFC);
      if (((lhi >> 8) & 0x1F) != 2) raise(kTS, ldt & 0xFFFC);
      if (!(lhi & 0x8000)) raise(kTS, ldt & 0xFFFC);
      s.ldtr = cache_from(ldt, llo, lhi);
    }
    // CS.
    uint16_t cs_sel = segs[kCs];
    uint32_t clo = 0, chi = 0;
    if ((cs_sel & ~3u) == 0 || !fetch_descriptor(cs_sel, clo, chi)) raise(kTS, cs_sel & 0xFFFC);
    SegmentCache cs = cache_from(cs_sel, clo, chi);
    unsigned cdpl = (cs.attributes >> 5) & 3;
    if ((cs.attributes & 0x18) != 0x18) raise(kTS, cs_sel & 0xFFFC);
    if ((cs.attributes & 0x04) ? cdpl > (cs_sel & 3u) : cdpl != (cs_sel & 3u))
      raise(kTS, cs_sel & 0xFFFC);
    if (!(cs.attributes & 0x80)) raise(kNP, cs_sel & 0xFFFC);
    set_seg(kCs, cs);
    // SS and the data segments: faults here are #TS.
    try {
      load_seg(kSs, segs[kSs]);
      for (unsigned k : {kEs, kDs, kFs, kGs}) load_seg(k, segs[k]);
    } catch (const CpuException& e) {
      if (e.vector == kGP) raise(kTS, e.error);
      throw;
    }
  }
}

}  // namespace mkemu::cpu
