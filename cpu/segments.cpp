// Segment registers: descriptor fetch, protection checks on loads, and the
// precomputed limit/permission checks used by every memory access.
#include "cpu/cpu_core.h"

namespace mkemu::cpu {
namespace {

constexpr uint16_t kAttrPresent = 0x80;
constexpr uint16_t kAttrS = 0x10;  // code/data (not system)
constexpr uint16_t kAttrCode = 0x08;
constexpr uint16_t kAttrConforming = 0x04;  // code: conforming; data: expand-down
constexpr uint16_t kAttrRw = 0x02;          // code: readable; data: writable
constexpr uint16_t kAttrBig = 0x400;        // D/B

unsigned dpl_of(uint16_t attr) {
  return (attr >> 5) & 3;
}

}  // namespace

SegmentCache CpuCore::cache_from(uint16_t selector, uint32_t lo, uint32_t hi) {
  SegmentCache c;
  c.selector = selector;
  c.base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF00'0000u);
  uint32_t limit = (lo & 0xFFFF) | (hi & 0x000F'0000u);
  if (hi & 0x0080'0000u) limit = (limit << 12) | 0xFFF;
  c.limit = limit;
  c.attributes = static_cast<uint16_t>(((hi >> 8) & 0xFF) | (((hi >> 20) & 0xF) << 8));
  return c;
}

void CpuCore::refresh_seg_check(unsigned seg) {
  const SegmentCache& c = s.seg[seg];
  SegCheck& k = segchk[seg];
  if (mode != Mode::kProtected) {
    // Real and VM86 mode: the cached limit applies; every segment is read/write.
    k = SegCheck{0, c.limit, true, true, true};
    return;
  }
  // A null-selector load clears P, so P alone says whether the cache is usable
  // (caches left from real mode stay usable after CR0.PE is set, as on hardware).
  bool usable = (c.attributes & kAttrPresent) != 0;
  if (seg == kCs) usable = true;
  if (!usable) {
    k = SegCheck{1, 0, false, false, false};
    return;
  }
  uint16_t a = c.attributes;
  bool code = (a & kAttrS) && (a & kAttrCode);
  k.usable = true;
  k.readable = !code || (a & kAttrRw);
  k.writable = !code && (a & kAttrRw);
  if (!code && (a & kAttrConforming)) {  // expand-down data
    k.lo = c.limit + 1;
    k.hi = (a & kAttrBig) ? 0xFFFF'FFFFu : 0xFFFFu;
    if (c.limit == 0xFFFF'FFFFu) k = SegCheck{1, 0, false, false, true};
  } else {
    k.lo = 0;
    k.hi = c.limit;
  }
}

void CpuCore::refresh_all() {
  mode = !(s.cr0 & 1) ? Mode::kReal : (flags_bits & kVM) ? Mode::kVm86 : Mode::kProtected;
  if (mode == Mode::kReal) set_cpl(0);
  if (mode == Mode::kVm86) set_cpl(3);
  stack32 = mode == Mode::kProtected && (s.seg[kSs].attributes & kAttrBig);
  code32 = mode == Mode::kProtected && (s.seg[kCs].attributes & kAttrBig);
  for (unsigned i = 0; i < 6; ++i) refresh_seg_check(i);
  refresh_alignment_check();
}

void CpuCore::set_seg(unsigned seg, const SegmentCache& cache) {
  s.seg[seg] = cache;
  if (seg == kSs) stack32 = mode == Mode::kProtected && (cache.attributes & kAttrBig);
  if (seg == kCs) code32 = mode == Mode::kProtected && (cache.attributes & kAttrBig);
  refresh_seg_check(seg);
}

void CpuCore::set_cpl(uint8_t cpl) {
  if (cpl == s.cpl) return;
  uint8_t old = s.cpl;
  s.cpl = cpl;
  if (ac_armed || (flags_bits & kAC)) refresh_alignment_check();
  if (hub.armed()) hub.each([&](Observer& o) { o.on_cpl_change(old, cpl); });
}

void CpuCore::load_seg_real(unsigned seg, uint16_t selector) {
  SegmentCache c = s.seg[seg];
  c.selector = selector;
  c.base = uint32_t{selector} << 4;
  if (mode == Mode::kVm86) {
    c.limit = 0xFFFF;
    c.attributes = seg == kCs ? 0xFB : 0xF3;
  }
  set_seg(seg, c);
}

uint32_t CpuCore::descriptor_addr(uint16_t selector) {
  const bool ldt = selector & 4;
  return (ldt ? s.ldtr.base : s.gdtr.base) + (selector & ~7u);
}

bool CpuCore::fetch_descriptor(uint16_t selector, uint32_t& lo, uint32_t& hi) {
  const bool ldt = selector & 4;
  uint32_t limit = ldt ? s.ldtr.limit : s.gdtr.limit;
  if (ldt && (s.ldtr.selector & ~3u) == 0) return false;
  if ((selector | 7u) > limit) return false;
  uint32_t addr = descriptor_addr(selector);
  lo = sys_read32(addr);
  hi = sys_read32(addr + 4);
  return true;
}

void CpuCore::set_accessed(uint16_t selector, uint32_t hi) {
  if (hi & 0x100) return;
  uint32_t addr = descriptor_addr(selector) + 5;
  uint8_t b = read_lin<uint8_t>(addr, false);
  write_lin<uint8_t>(addr, b | 1, false);
}

void CpuCore::load_seg(unsigned seg, uint16_t selector) {
  if (mode != Mode::kProtected) {
    load_seg_real(seg, selector);
    if (seg == kSs) {
      inhibit_irq = true;
      inhibit_at = insns + 1;
      poke_loop();
    }
    return;
  }
  const uint16_t error = selector & 0xFFFC;
  const unsigned rpl = selector & 3;
  if ((selector & ~3u) == 0) {
    if (seg == kSs) raise(kGP, 0);
    SegmentCache c;
    c.selector = selector;
    c.attributes = 0;
    c.base = 0;
    c.limit = 0;
    set_seg(seg, c);
    return;
  }
  uint32_t lo = 0, hi = 0;
  if (!fetch_descriptor(selector, lo, hi)) raise(kGP, error);
  SegmentCache c = cache_from(selector, lo, hi);
  const uint16_t a = c.attributes;
  const unsigned dpl = dpl_of(a);
  if (!(a & kAttrS)) raise(kGP, error);
  const bool code = a & kAttrCode;
  if (seg == kSs) {
    if (code || !(a & kAttrRw) || rpl != s.cpl || dpl != s.cpl) raise(kGP, error);
    if (!(a & kAttrPresent)) raise(kSS, error);
  } else {
    if (code && !(a & kAttrRw)) raise(kGP, error);
    if (!code || !(a & kAttrConforming)) {
      if (rpl > dpl || s.cpl > dpl) raise(kGP, error);
    }
    if (!(a & kAttrPresent)) raise(kNP, error);
  }
  set_accessed(selector, hi);
  c.attributes |= 1;  // accessed
  set_seg(seg, c);
  if (seg == kSs) {
    inhibit_irq = true;
    inhibit_at = insns + 1;
    poke_loop();
  }
}

}  // namespace mkemu::cpu
