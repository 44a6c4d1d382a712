// Far JMP/CALL/RET in every mode, including call gates with privilege
// changes (SDM vol. 3, 5.8) and the TSS stack lookup.
#include "cpu/cpu_core.h"
#include "cpu/tss.h"

namespace mkemu::cpu {
namespace {

bool is_code(uint16_t attr) {
  return (attr & 0x18) == 0x18;
}
unsigned dpl_of(uint16_t attr) {
  return (attr >> 5) & 3;
}

// Checks a code segment as the target of a JMP/CALL without a gate.
SegmentCache direct_code_target(CpuCore& c, uint16_t sel, uint32_t lo, uint32_t hi) {
  SegmentCache cs = CpuCore::cache_from(sel, lo, hi);
  const uint16_t err = sel & 0xFFFC;
  const unsigned dpl = dpl_of(cs.attributes), rpl = sel & 3;
  if (cs.attributes & 0x04) {
    if (dpl > c.s.cpl) c.raise(kGP, err);
  } else if (rpl > c.s.cpl || dpl != c.s.cpl) {
    c.raise(kGP, err);
  }
  if (!(cs.attributes & 0x80)) c.raise(kNP, err);
  cs.selector = static_cast<uint16_t>((sel & ~3u) | c.s.cpl);
  cs.attributes |= 1;
  return cs;
}

void load_cs_checked(CpuCore& c, uint16_t sel, uint32_t hi, SegmentCache cs, uint32_t offset) {
  if (offset > cs.limit) c.raise(kGP, 0);
  c.set_accessed(sel, hi);
  c.set_seg(kCs, cs);
  c.next_eip = offset;
}

// After a return to an outer ring, data segments the new CPL may not use become null.
void null_inaccessible_segments(CpuCore& c) {
  for (unsigned seg : {kEs, kDs, kFs, kGs}) {
    const SegmentCache& d = c.s.seg[seg];
    bool conforming_code = is_code(d.attributes) && (d.attributes & 0x04);
    if ((d.selector & ~3u) != 0 && !conforming_code && dpl_of(d.attributes) < c.s.cpl) {
      SegmentCache null_seg;
      null_seg.selector = 0;
      null_seg.attributes = 0;
      c.set_seg(seg, null_seg);
    }
  }
}

// The descriptor a protected-mode far JMP/CALL names: #GP(0) for a null
// selector, #GP(selector) outside the table or for a data segment. Returns
// the access byte.
uint16_t far_target(CpuCore& c, uint16_t sel, uint32_t& lo, uint32_t& hi) {
  if ((sel & ~3u) == 0) c.raise(kGP, 0);
  if (!c.fetch_descriptor(sel, lo, hi)) c.raise(kGP, sel & 0xFFFC);
  const uint16_t attr = static_cast<uint16_t>((hi >> 8) & 0xFF);
  if ((attr & 0x18) == 0x10) c.raise(kGP, sel & 0xFFFC);
  return attr;
}

// CALL's return address: CS and EIP, as words or dwords.
void push_return(CpuCore& c, bool dwords, uint16_t cs, uint32_t eip) {
  if (dwords) {
    c.push<uint32_t>(cs);
    c.push<uint32_t>(eip);
  } else {
    c.push<uint16_t>(cs);
    c.push<uint16_t>(static_cast<uint16_t>(eip));
  }
}

// JMP/CALL to a TSS descriptor or through a task gate (SDM vol. 3, 7.3):
// the outgoing task is saved with the EIP after the instruction.
void jump_to_task(CpuCore& c, uint16_t sel, uint32_t lo, uint32_t hi, int reason) {
  const uint16_t attr = static_cast<uint16_t>((hi >> 8) & 0xFF);
  const unsigned dpl = dpl_of(attr), rpl = sel & 3;
  if (dpl < c.s.cpl || dpl < rpl) c.raise(kGP, sel & 0xFFFC);
  if (!(attr & 0x80)) c.raise(kNP, sel & 0xFFFC);
  uint16_t tsel = sel;
  uint32_t tlo = lo, thi = hi;
  if ((attr & 0xF) == 5) {
    tsel = static_cast<uint16_t>(lo >> 16);
    if ((tsel & 4) || !c.fetch_descriptor(tsel, tlo, thi)) c.raise(kGP, tsel & 0xFFFC);
  }
  c.s.eip = c.next_eip;
  c.task_switch(tsel, tlo, thi, reason, false, 0);
}

}  // namespace

void CpuCore::push_on_stack(const SegmentCache& ss, uint32_t mask, unsigned width, uint32_t& sp,
                            uint32_t value, uint32_t ss_error) {
  sp = (sp - width) & mask;
  if (sp + width - 1 > ss.limit) raise(kSS, ss_error);
  if (width == 4) {
    write_lin<uint32_t>(ss.base + sp, value, false);
  } else {
    write_lin<uint16_t>(ss.base + sp, static_cast<uint16_t>(value), false);
  }
}

SegmentCache CpuCore::outer_stack_segment(uint16_t ss_sel, unsigned rpl, uint32_t& hi) {
  if ((ss_sel & ~3u) == 0) raise(kGP, 0);
  uint32_t lo = 0;
  if (!fetch_descriptor(ss_sel, lo, hi)) raise(kGP, ss_sel & 0xFFFC);
  SegmentCache ss = cache_from(ss_sel, lo, hi);
  if ((ss_sel & 3) != rpl || (ss.attributes & 0x18) != 0x10 || !(ss.attributes & 0x02) ||
      dpl_of(ss.attributes) != rpl) {
    raise(kGP, ss_sel & 0xFFFC);
  }
  if (!(ss.attributes & 0x80)) raise(kSS, ss_sel & 0xFFFC);
  return ss;
}

void CpuCore::enter_outer_ring(SegmentCache cs, uint32_t cs_hi, SegmentCache ss, uint32_t ss_hi,
                               uint32_t esp, uint32_t eip) {
  cs.attributes |= 1;
  ss.attributes |= 1;
  set_accessed(cs.selector, cs_hi);
  set_accessed(ss.selector, ss_hi);
  set_cpl(static_cast<uint8_t>(cs.selector & 3));
  set_seg(kCs, cs);
  set_seg(kSs, ss);
  s.gpr[kEsp] = (ss.attributes & 0x400) ? esp : ((s.gpr[kEsp] & 0xFFFF'0000u) | (esp & 0xFFFF));
  next_eip = eip;
  null_inaccessible_segments(*this);
}

void CpuCore::tss_stack(unsigned dpl, uint16_t& ss, uint32_t& esp, uint32_t ext_bit) {
  const unsigned type = s.tr.attributes & 0xF;
  const uint16_t err = static_cast<uint16_t>((s.tr.selector & 0xFFFC) + ext_bit);
  if (type == 9 || type == 11) {
    uint32_t at = 8 * dpl + 4;
    if (at + 7 > s.tr.limit) raise(kTS, err);
    esp = read_lin<uint32_t>(s.tr.base + at, false);
    ss = read_lin<uint16_t>(s.tr.base + at + 4, false);
  } else {
    uint32_t at = 4 * dpl + 2;
    if (at + 3 > s.tr.limit) raise(kTS, err);
    esp = read_lin<uint16_t>(s.tr.base + at, false);
    ss = read_lin<uint16_t>(s.tr.base + at + 2, false);
  }
}

SegmentCache CpuCore::check_new_ss(uint16_t sel, unsigned dpl, uint32_t ext_bit) {
  const uint32_t err = (sel & 0xFFFCu) + ext_bit;
  if ((sel & ~3u) == 0) raise(kTS, ext_bit);
  uint32_t lo = 0, hi = 0;
  if (!fetch_descriptor(sel, lo, hi)) raise(kTS, err);
  SegmentCache ss = cache_from(sel, lo, hi);
  const uint16_t a = ss.attributes;
  if ((sel & 3) != dpl || !(a & 0x10) || (a & 0x08) || !(a & 0x02) || dpl_of(a) != dpl) {
    raise(kTS, err);
  }
  if (!(a & 0x80)) raise(kSS, err);
  set_accessed(sel, hi);
  ss.attributes |= 1;
  return ss;
}

void CpuCore::far_jump(uint16_t sel, uint32_t offset, bool o32) {
  if (!o32) offset &= 0xFFFF;
  if (mode != Mode::kProtected) {
    if (offset > segchk[kCs].hi) raise(kGP, 0);
    load_seg_real(kCs, sel);
    next_eip = offset;
    return;
  }
  const uint16_t err = sel & 0xFFFC;
  uint32_t lo = 0, hi = 0;
  const uint16_t attr = far_target(*this, sel, lo, hi);
  if (attr & 0x10) {
    load_cs_checked(*this, sel, hi, direct_code_target(*this, sel, lo, hi), offset);
    return;
  }
  const unsigned type = attr & 0xF, dpl = dpl_of(attr), rpl = sel & 3;
  if (type == 4 || type == 12) {
    if (dpl < s.cpl || dpl < rpl) raise(kGP, err);
    if (!(attr & 0x80)) raise(kNP, err);
    uint16_t csel = static_cast<uint16_t>(lo >> 16);
    uint32_t target = (lo & 0xFFFF) | (type == 12 ? (hi & 0xFFFF'0000u) : 0);
    if ((csel & ~3u) == 0) raise(kGP, 0);
    uint32_t clo = 0, chi = 0;
    if (!fetch_descriptor(csel, clo, chi)) raise(kGP, csel & 0xFFFC);
    SegmentCache cs = cache_from(csel, clo, chi);
    if (!is_code(cs.attributes)) raise(kGP, csel & 0xFFFC);
    const unsigned cdpl = dpl_of(cs.attributes);
    if ((cs.attributes & 0x04) ? cdpl > s.cpl : cdpl != s.cpl) raise(kGP, csel & 0xFFFC);
    if (!(cs.attributes & 0x80)) raise(kNP, csel & 0xFFFC);
    cs.selector = static_cast<uint16_t>((csel & ~3u) | s.cpl);
    cs.attributes |= 1;
    load_cs_checked(*this, csel, chi, cs, target);
    return;
  }
  if (type == 5 || type == 1 || type == 9) {
    jump_to_task(*this, sel, lo, hi, kTaskJmp);
    return;
  }
  raise(kGP, err);
}

void CpuCore::far_call(uint16_t sel, uint32_t offset, bool o32) {
  if (!o32) offset &= 0xFFFF;
  const uint16_t old_cs = s.seg[kCs].selector;
  const uint32_t ret = next_eip;
  if (mode != Mode::kProtected) {
    if (offset > segchk[kCs].hi) raise(kGP, 0);
    push_return(*this, o32, old_cs, ret);
    load_seg_real(kCs, sel);
    next_eip = offset;
    return;
  }
  const uint16_t err = sel & 0xFFFC;
  uint32_t lo = 0, hi = 0;
  const uint16_t attr = far_target(*this, sel, lo, hi);
  if (attr & 0x10) {
    SegmentCache cs = direct_code_target(*this, sel, lo, hi);
    if (offset > cs.limit) raise(kGP, 0);
    push_return(*this, o32, old_cs, ret);  // may fault: before CS changes
    load_cs_checked(*this, sel, hi, cs, offset);
    return;
  }
  const unsigned type = attr & 0xF, dpl = dpl_of(attr), rpl = sel & 3;
  if (type == 5 || type == 1 || type == 9) {
    jump_to_task(*this, sel, lo, hi, kTaskCallGate);
    return;
  }
  if (type != 4 && type != 12) raise(kGP, err);
  if (dpl < s.cpl || dpl < rpl) raise(kGP, err);
  if (!(attr & 0x80)) raise(kNP, err);
  const bool gate32 = type == 12;
  uint16_t csel = static_cast<uint16_t>(lo >> 16);
  uint32_t target = (lo & 0xFFFF) | (gate32 ? (hi & 0xFFFF'0000u) : 0);
  const unsigned params = hi & 0x1F;
  if ((csel & ~3u) == 0) raise(kGP, 0);
  uint32_t clo = 0, chi = 0;
  if (!fetch_descriptor(csel, clo, chi)) raise(kGP, csel & 0xFFFC);
  SegmentCache cs = cache_from(csel, clo, chi);
  const unsigned cdpl = dpl_of(cs.attributes);
  if (!is_code(cs.attributes) || cdpl > s.cpl) raise(kGP, csel & 0xFFFC);
  if (!(cs.attributes & 0x80)) raise(kNP, csel & 0xFFFC);
  if (target > cs.limit) raise(kGP, 0);
  const unsigned w = gate32 ? 4 : 2;
  if (!(cs.attributes & 0x04) && cdpl < s.cpl) {
    // More privileged: switch to the inner stack and copy the parameters.
    uint16_t ss_sel = 0;
    uint32_t new_esp = 0;
    tss_stack(cdpl, ss_sel, new_esp, 0);
    SegmentCache ss = check_new_ss(ss_sel, cdpl, 0);
    const bool big = ss.attributes & 0x400;
    const uint32_t mask = big ? 0xFFFF'FFFFu : 0xFFFFu;
    uint32_t params_buf[32];
    for (unsigned k = 0; k < params; ++k) {
      uint32_t at = (sp() + k * w) & sp_mask();
      params_buf[k] = w == 4 ? read<uint32_t>(kSs, at) : read<uint16_t>(kSs, at);
    }
    uint32_t nsp = new_esp & mask;
    auto put = [&](uint32_t v) { push_on_stack(ss, mask, w, nsp, v, ss_sel & 0xFFFC); };
    put(s.seg[kSs].selector);
    put(s.gpr[kEsp]);
    for (unsigned k = params; k > 0; --k) put(params_buf[k - 1]);
    put(old_cs);
    put(ret);
    set_cpl(static_cast<uint8_t>(cdpl));
    ss.selector = static_cast<uint16_t>((ss_sel & ~3u) | cdpl);
    set_seg(kSs, ss);
    s.gpr[kEsp] = big ? nsp : ((s.gpr[kEsp] & 0xFFFF'0000u) | nsp);
    cs.selector = static_cast<uint16_t>((csel & ~3u) | cdpl);
  } else {
    push_return(*this, gate32, old_cs, ret);
    cs.selector = static_cast<uint16_t>((csel & ~3u) | s.cpl);
  }
  cs.attributes |= 1;
  set_accessed(csel, chi);
  set_seg(kCs, cs);
  next_eip = gate32 ? target : (target & 0xFFFF);
}

void CpuCore::far_return(bool o32, uint16_t pop_bytes) {
  const unsigned w = o32 ? 4 : 2;
  uint32_t off = w == 4 ? peek_stack<uint32_t>(0) : peek_stack<uint16_t>(0);
  uint16_t sel = peek_stack<uint16_t>(w);
  if (mode != Mode::kProtected) {
    if (off > (mode == Mode::kVm86 ? 0xFFFFu : segchk[kCs].hi)) raise(kGP, 0);
    load_seg_real(kCs, sel);
    next_eip = off;
    set_sp(sp() + 2 * w + pop_bytes);
    return;
  }
  const uint16_t err = sel & 0xFFFC;
  if ((sel & ~3u) == 0) raise(kGP, 0);
  uint32_t lo = 0, hi = 0;
  if (!fetch_descriptor(sel, lo, hi)) raise(kGP, err);
  SegmentCache cs = cache_from(sel, lo, hi);
  const unsigned rpl = sel & 3, dpl = dpl_of(cs.attributes);
  if (rpl < s.cpl || !is_code(cs.attributes)) raise(kGP, err);
  if ((cs.attributes & 0x04) ? dpl > rpl : dpl != rpl) raise(kGP, err);
  if (!(cs.attributes & 0x80)) raise(kNP, err);
  if (rpl == s.cpl) {
    if (off > cs.limit) raise(kGP, 0);
    cs.attributes |= 1;
    set_accessed(sel, hi);
    set_seg(kCs, cs);
    next_eip = off;
    set_sp(sp() + 2 * w + pop_bytes);
    return;
  }
  // Return to an outer ring: the outer SS:ESP follows the parameters.
  uint32_t at = 2 * w + pop_bytes;
  uint32_t new_esp = w == 4 ? peek_stack<uint32_t>(at) : peek_stack<uint16_t>(at);
  uint32_t shi = 0;
  SegmentCache ss = outer_stack_segment(peek_stack<uint16_t>(at + w), rpl, shi);
  if (off > cs.limit) raise(kGP, 0);
  enter_outer_ring(cs, hi, ss, shi, new_esp + pop_bytes, off);
}

}  // namespace mkemu::cpu
