// Interrupt and exception delivery in real, protected and virtual-8086 mode
// (SDM vol. 3, chapter 6): IVT/IDT lookup, gate checks, stack switches.
#include "cpu/cpu_core.h"
#include "cpu/tss.h"

namespace mkemu::cpu {
namespace {

void deliver_real(CpuCore& c, uint8_t vector) {
  uint32_t entry = uint32_t{vector} * 4;
  if (entry + 3 > c.s.idtr.limit) c.raise(kGP, 0);
  uint16_t ip = c.read_lin<uint16_t>(c.s.idtr.base + entry, false);
  uint16_t cs = c.read_lin<uint16_t>(c.s.idtr.base + entry + 2, false);
  c.push<uint16_t>(static_cast<uint16_t>(c.eflags()));
  c.push<uint16_t>(c.s.seg[kCs].selector);
  c.push<uint16_t>(static_cast<uint16_t>(c.s.eip));
  c.set_flags(0, 0);
  c.flags_bits &= ~(kIF | kTF | kAC | kRF);
  c.load_seg_real(kCs, cs);
  c.next_eip = ip;
}

}  // namespace

void CpuCore::deliver(uint8_t vector, bool software, bool has_error, uint32_t error, bool ext) {
  // The processor clears DR7.GD on entry to a #DB handler (SDM vol. 3, 17.2.4).
  if (vector == kDB && !software) s.dr[7] &= ~kDr7Gd;
  if (mode == Mode::kReal) {
    deliver_real(*this, vector);
    return;
  }
  const uint32_t ext_bit = ext ? 1u : 0u;
  const uint32_t idt_error = uint32_t{vector} * 8 + 2 + ext_bit;
  if (uint32_t{vector} * 8 + 7 > s.idtr.limit) raise(kGP, idt_error);
  uint32_t lo = sys_read32(s.idtr.base + vector * 8u);
  uint32_t hi = sys_read32(s.idtr.base + vector * 8u + 4);
  unsigned type = (hi >> 8) & 0x1F;
  unsigned gate_dpl = (hi >> 13) & 3;
  bool valid = type == 5 || type == 6 || type == 7 || type == 14 || type == 15;
  if (!valid) raise(kGP, idt_error);
  if (software && gate_dpl < s.cpl) raise(kGP, idt_error);
  if (!(hi & 0x8000)) raise(kNP, idt_error);
  if (type == 5) {
    uint16_t tss_sel = static_cast<uint16_t>(lo >> 16);
    uint32_t tlo = 0, thi = 0;
    if ((tss_sel & 4) || !fetch_descriptor(tss_sel, tlo, thi))
      raise(kGP, (tss_sel & 0xFFFC) + ext_bit);
    task_switch(tss_sel, tlo, thi, kTaskCallGate, has_error, error);
    return;
  }
  const bool gate32 = type >= 14;
  const bool trap_gate = type & 1;
  uint16_t sel = static_cast<uint16_t>(lo >> 16);
  uint32_t offset = (lo & 0xFFFF) | (gate32 ? (hi & 0xFFFF'0000u) : 0);
  if ((sel & ~3u) == 0) raise(kGP, ext_bit);
  uint32_t dlo = 0, dhi = 0;
  if (!fetch_descriptor(sel, dlo, dhi)) raise(kGP, (sel & 0xFFFC) + ext_bit);
  SegmentCache cs = cache_from(sel, dlo, dhi);
  unsigned dpl = (cs.attributes >> 5) & 3;
  bool is_code = (cs.attributes & 0x18) == 0x18;
  if (!is_code || dpl > s.cpl) raise(kGP, (sel & 0xFFFC) + ext_bit);
  if (!(cs.attributes & 0x80)) raise(kNP, (sel & 0xFFFC) + ext_bit);
  const bool conforming = cs.attributes & 0x04;
  const uint32_t old_flags = eflags();
  const uint16_t old_cs = s.seg[kCs].selector;
  const uint32_t old_eip = s.eip;
  if (!conforming && dpl < s.cpl) {
    // Inter-privilege: new stack from the TSS.
    if (mode == Mode::kVm86 && dpl != 0) raise(kGP, (sel & 0xFFFC) + ext_bit);
    uint16_t ss_sel = 0;
    uint32_t new_esp = 0;
    tss_stack(dpl, ss_sel, new_esp, ext_bit);
    SegmentCache ss = check_new_ss(ss_sel, dpl, ext_bit);
    const uint16_t old_ss = s.seg[kSs].selector;
    const uint32_t old_esp = s.gpr[kEsp];
    const bool from_vm86 = mode == Mode::kVm86;
    SegmentCache old_segs[6];
    for (unsigned k = 0; k < 6; ++k) old_segs[k] = s.seg[k];
    // Write the frame on the new stack first; nothing changes if it faults.
    const unsigned w = gate32 ? 4 : 2;
    const bool big = ss.attributes & 0x400;
    const uint32_t mask = big ? 0xFFFF'FFFFu : 0xFFFFu;
    uint32_t sp = new_esp;
    auto put = [&](uint32_t v) { push_on_stack(ss, mask, w, sp, v, (ss_sel & 0xFFFC) + ext_bit); };
    if (from_vm86) {
      put(old_segs[kGs].selector);
      put(old_segs[kFs].selector);
      put(old_segs[kDs].selector);
      put(old_segs[kEs].selector);
    }
    put(old_ss);
    put(old_esp);
    put(old_flags);
    put(old_cs);
    put(old_eip);
    if (has_error) put(error);
    // Commit.
    set_cpl(static_cast<uint8_t>(dpl));
    if (from_vm86) {
      flags_bits &= ~kVM;
      mode = Mode::kProtected;
      refresh_all();
      for (unsigned seg : {kEs, kDs, kFs, kGs}) {
        SegmentCache null_seg;
        null_seg.selector = 0;
        null_seg.attributes = 0;
        set_seg(seg, null_seg);
      }
    }
    ss.selector = static_cast<uint16_t>((ss_sel & ~3u) | dpl);
    set_seg(kSs, ss);
    s.gpr[kEsp] = big ? sp : ((new_esp & 0xFFFF'0000u) | sp);
  } else {
    if (mode == Mode::kVm86) raise(kGP, (sel & 0xFFFC) + ext_bit);
    if (gate32) {
      push<uint32_t>(old_flags);
      push<uint32_t>(old_cs);
      push<uint32_t>(old_eip);
      if (has_error) push<uint32_t>(error);
    } else {
      push<uint16_t>(static_cast<uint16_t>(old_flags));
      push<uint16_t>(old_cs);
      push<uint16_t>(static_cast<uint16_t>(old_eip));
      if (has_error) push<uint16_t>(static_cast<uint16_t>(error));
    }
    dpl = s.cpl;
  }
  set_accessed(sel, dhi);
  cs.attributes |= 1;
  cs.selector = static_cast<uint16_t>((sel & ~3u) | dpl);
  set_seg(kCs, cs);
  materialize();
  flags_bits &= ~(kTF | kNT | kVM | kRF);
  if (!trap_gate) flags_bits &= ~kIF;
  next_eip = gate32 ? offset : (offset & 0xFFFF);
}

}  // namespace mkemu::cpu
