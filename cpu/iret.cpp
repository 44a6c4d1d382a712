// IRET in real, virtual-8086 and protected mode, including returns to outer
// rings, to VM86 and through the TSS back link (SDM vol. 2, IRET).
#include "cpu/cpu_core.h"
#include "cpu/tss.h"

namespace mkemu::cpu {
namespace {

unsigned dpl_of(uint16_t attr) {
  return (attr >> 5) & 3;
}

uint32_t base_changeable(bool o32) {
  uint32_t m = kCF | kPF | kAF | kZF | kSF | kTF | kDF | kOF | kNT;
  if (o32) m |= kRF | kAC | kID;
  return m;
}

}  // namespace

void CpuCore::iret(bool o32) {
  const unsigned w = o32 ? 4 : 2;
  // IRET ends NMI blocking (SDM vol. 3, 6.7.1).
  if (nmi_blocked) {
    nmi_blocked = false;
    poke_loop();
  }
  auto peek = [&](unsigned at) -> uint32_t {
    return w == 4 ? peek_stack<uint32_t>(at) : peek_stack<uint16_t>(at);
  };
  if (mode == Mode::kReal || (mode == Mode::kVm86 && iopl() == 3)) {
    uint32_t off = peek(0);
    uint16_t sel = static_cast<uint16_t>(peek(w));
    uint32_t flags = peek(2 * w);
    if (off > (mode == Mode::kVm86 ? 0xFFFFu : segchk[kCs].hi)) raise(kGP, 0);
    set_sp(sp() + 3 * w);
    load_seg_real(kCs, sel);
    next_eip = off;
    uint32_t m = base_changeable(o32) | kIF;
    if (mode == Mode::kReal) m |= kIOPL;
    if (!o32) m &= 0xFFFF;
    write_eflags(flags, m);
    return;
  }
  if (mode == Mode::kVm86) {
    // IOPL < 3: only the VME form (16-bit) exists.
    if (o32 || !(s.cr4 & 1)) raise(kGP, 0);
    uint32_t off = peek(0);
    uint16_t sel = static_cast<uint16_t>(peek(2));
    uint32_t flags = peek(4);
    if (((flags & kIF) && (flags_bits & kVIP)) || (flags & kTF)) raise(kGP, 0);
    set_sp(sp() + 6);
    load_seg_real(kCs, sel);
    next_eip = off;
    // IF and IOPL stay; the image's IF becomes VIF.
    write_eflags(flags, base_changeable(false) & 0xFFFF);
    if (flags & kIF) {
      flags_bits |= kVIF;
    } else {
      flags_bits &= ~kVIF;
    }
    return;
  }
  if (flags_bits & kNT) {
    uint16_t back = read_lin<uint16_t>(s.tr.base, false);
    uint32_t lo = 0, hi = 0;
    if ((back & 4) || !fetch_descriptor(back, lo, hi)) raise(kTS, back & 0xFFFC);
    unsigned type = (hi >> 8) & 0x1F;
    if (type != 3 && type != 11) raise(kTS, back & 0xFFFC);
    s.eip = next_eip;
    task_switch(back, lo, hi, kTaskIret, false, 0);
    return;
  }
  uint32_t off = peek(0);
  uint16_t sel = static_cast<uint16_t>(peek(w));
  uint32_t flags = peek(2 * w);
  if (o32 && (flags & kVM) && s.cpl == 0) {
    // Return to virtual-8086 mode.
    uint32_t new_esp = peek(12);
    uint16_t segs[5];
    for (unsigned k = 0; k < 5; ++k) segs[k] = static_cast<uint16_t>(peek(16 + 4 * k));
    set_eflags_raw(flags);  // sets VM: mode becomes VM86, CPL 3
    set_cpl(3);
    load_seg_real(kCs, sel);
    load_seg_real(kSs, segs[0]);
    load_seg_real(kEs, segs[1]);
    load_seg_real(kDs, segs[2]);
    load_seg_real(kFs, segs[3]);
    load_seg_real(kGs, segs[4]);
    s.gpr[kEsp] = new_esp;
    next_eip = off & 0xFFFF;
    return;
  }
  const uint16_t err = sel & 0xFFFC;
  if ((sel & ~3u) == 0) raise(kGP, 0);
  uint32_t lo = 0, hi = 0;
  if (!fetch_descriptor(sel, lo, hi)) raise(kGP, err);
  SegmentCache cs = cache_from(sel, lo, hi);
  const unsigned rpl = sel & 3, dpl = dpl_of(cs.attributes);
  if (rpl < s.cpl || (cs.attributes & 0x18) != 0x18) raise(kGP, err);
  if ((cs.attributes & 0x04) ? dpl > rpl : dpl != rpl) raise(kGP, err);
  if (!(cs.attributes & 0x80)) raise(kNP, err);
  const unsigned old_cpl = s.cpl;
  uint32_t m = base_changeable(o32);
  if (old_cpl == 0) m |= kIOPL | (o32 ? (kVIF | kVIP) : 0);
  if (old_cpl <= iopl()) m |= kIF;
  if (!o32) m &= 0xFFFF;
  if (rpl == old_cpl) {
    if (off > cs.limit) raise(kGP, 0);
    cs.attributes |= 1;
    set_accessed(sel, hi);
    set_seg(kCs, cs);
    set_sp(sp() + 3 * w);
    next_eip = off;
    write_eflags(flags, m);
    return;
  }
  const uint32_t new_esp = peek(3 * w);
  uint32_t shi = 0;
  SegmentCache ss = outer_stack_segment(static_cast<uint16_t>(peek(4 * w)), rpl, shi);
  if (off > cs.limit) raise(kGP, 0);
  enter_outer_ring(cs, hi, ss, shi, new_esp, off);
  write_eflags(flags, m);  // with the mask computed at the old CPL
}

}  // namespace mkemu::cpu
