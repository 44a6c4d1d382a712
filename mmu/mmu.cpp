#include "mmu/mmu.h"

#include <stdexcept>

#include "mmu/page_walk.h"

namespace mkemu {
namespace {
constexpr uint32_t kCr0Pg = 0x8000'0000u;
constexpr uint32_t kCr0Wp = 0x0001'0000u;
constexpr uint32_t kCr4Pse = 0x10u;
constexpr uint32_t kCr4Pae = 0x20u;
constexpr uint32_t kCr4Pge = 0x80u;
}  // namespace

Mmu::Mmu(PhysicalMemoryMap& phys, Clock& clock, ObserverHub& hub)
    : phys_(phys), clock_(clock), hub_(hub), seen_layout_(phys.layout_generation()) {
  set_tlb_geometry(TlbGeometry::p6());
  // A region added or moved while the guest runs (a PCI BAR) must not be
  // reached through a host pointer cached for the old layout.
  phys_.on_layout_changed = [this] {
    flush_fast_path();
    seen_layout_ = phys_.layout_generation();
  };
}

void Mmu::reset() {
  cr0_ = 0x6000'0010u;
  cr3_ = 0;
  cr4_ = 0;
  for (uint64_t& p : pdpte_) p = 0;
  flush_tlbs(false);
  flush_fast_path();
}

void Mmu::set_tlb_geometry(const TlbGeometry& geometry) {
  if (geometry.dtlb_small.entries == 0 || (!geometry.unified && geometry.itlb_small.entries == 0)) {
    throw std::invalid_argument("a TLB geometry needs a 4 KiB array in each TLB");
  }
  geometry_ = geometry;
  if (geometry.unified) {
    tlbs_[0].small.configure(geometry.dtlb_small);
    tlbs_[0].large.configure(geometry.dtlb_large);
    tlbs_[1].small.configure({});
    tlbs_[1].large.configure({});
    itlb_ = dtlb_ = &tlbs_[0];
  } else {
    tlbs_[0].small.configure(geometry.itlb_small);
    tlbs_[0].large.configure(geometry.itlb_large);
    tlbs_[1].small.configure(geometry.dtlb_small);
    tlbs_[1].large.configure(geometry.dtlb_large);
    itlb_ = &tlbs_[0];
    dtlb_ = &tlbs_[1];
  }
  flush_fast_path();
}

PagingRegs Mmu::paging_regs() const {
  return PagingRegs{cr0_, cr3_, cr4_, pdpte_, a20_mask_, geometry_.pat};
}

void Mmu::set_cr0(uint32_t cr0) {
  uint32_t changed = cr0 ^ cr0_;
  // SDM vol. 3, 4.10.4.1: clearing PG invalidates every TLB entry. WP is
  // applied to the cached rights at each access, so it flushes nothing.
  if ((changed & kCr0Pg) && !(cr0 & kCr0Pg)) flush_tlbs(false);
  if (changed & (kCr0Pg | kCr0Wp)) flush_fast_path();
  cr0_ = cr0;
  if ((changed & kCr0Pg) && (cr0 & kCr0Pg) && (cr4_ & kCr4Pae)) load_pdptes();
}

void Mmu::set_cr3(uint32_t cr3) {
  cr3_ = cr3;
  flush_tlbs(true);
  flush_fast_path();
  if (paging() && (cr4_ & kCr4Pae)) load_pdptes();
}

void Mmu::set_cr4(uint32_t cr4) {
  uint32_t changed = cr4 ^ cr4_;
  cr4_ = cr4;
  if (changed & (kCr4Pse | kCr4Pae | kCr4Pge)) {
    flush_tlbs(false);
    flush_fast_path();
    if (paging() && (cr4 & kCr4Pae)) load_pdptes();
  }
}

void Mmu::set_a20(bool enabled) {
  uint32_t mask = enabled ? 0xFFFF'FFFFu : ~(1u << 20);
  if (mask != a20_mask_) flush_fast_path();
  a20_mask_ = mask;
}

void Mmu::load_pdptes() {
  uint32_t base = cr3_ & ~0x1Fu;
  for (uint32_t i = 0; i < 4; ++i) {
    uint32_t addr = (base + 8 * i) & a20_mask_;
    pdpte_[i] = uint64_t{phys_.read(addr, 4)} | uint64_t{phys_.read(addr + 4, 4)} << 32;
  }
}

bool Mmu::pdptes_valid(uint32_t cr3) const {
  uint32_t base = cr3 & ~0x1Fu;
  for (uint32_t i = 0; i < 4; ++i) {
    uint8_t bytes[8];
    phys_.peek((base + 8 * i) & a20_mask_, bytes);
    uint64_t entry = 0;
    std::memcpy(&entry, bytes, 8);
    if (pdpte_reserved_bits_set(entry)) return false;
  }
  return true;
}

bool Mmu::peek_translate(uint32_t linear, bool user, AccessType type, uint32_t& phys) const {
  if (!paging()) {
    phys = linear & a20_mask_;
    return true;
  }
  WalkResult r = walk_page_tables(phys_, paging_regs(), linear, type, user, false);
  if (!r.ok) return false;
  phys = (r.phys_base + (linear & ((1u << r.shift) - 1))) & a20_mask_;
  return true;
}

bool Mmu::translate(uint32_t linear, AccessType type, bool user, uint32_t& phys,
                    PageFaultInfo& fault) {
  if (phys_.layout_generation() != seen_layout_) {
    seen_layout_ = phys_.layout_generation();
    flush_fast_path();
  }
  if (!paging()) {
    phys = linear & a20_mask_;
    fill_fast(linear, phys, type, user, nullptr);
    return true;
  }
  Tlb& tlb = tlb_for(type);
  Hit hit;
  bool need_walk = true;
  if (lookup(tlb, linear, hit)) {
    const TlbEntry& e = *hit.entry;
    if (!access_allowed(e.flags & TlbEntry::kWritable, e.flags & TlbEntry::kUser, type, user,
                        (cr0_ & kCr0Wp) != 0)) {
      // The fault is decided on the cached rights (a stale read-only entry
      // gives a spurious fault, SDM 4.10.4.3) and drops the entry (4.10.4.1).
      invalidate_linear(linear);
      ++counters_.page_faults;
      fault = {linear, page_fault_error(true, type, user, false)};
      return false;
    }
    if (type == AccessType::kWrite && !(e.flags & TlbEntry::kDirty)) {
      ++counters_.dirty_walks;  // D must be set in memory: walk again
    } else {
      ++counters_.slow_hits;
      hit.array->touch(hit.set, hit.way);
      need_walk = false;
    }
  } else {
    ++(type == AccessType::kExecute ? counters_.itlb_misses : counters_.dtlb_misses);
  }
  uint32_t page_offset_mask = 0xFFFu;
  if (need_walk) {
    WalkResult r = walk_page_tables(phys_, paging_regs(), linear, type, user, true);
    uint64_t cost = geometry_.walk_base_cycles + uint64_t{geometry_.walk_read_cycles} * r.reads +
                    uint64_t{geometry_.walk_write_cycles} * r.writes;
    clock_.cycles += cost;
    counters_.walk_cycles += cost;
    if (!r.ok) {
      invalidate_linear(linear);
      ++counters_.page_faults;
      fault = {linear, r.error_code};
      return false;
    }
    Hit stale = hit;  // the clean entry a dirty walk replaces, if any
    hit = insert(tlb, linear, r.phys_base, r.shift, r.writable, r.user, r.dirty, r.global);
    if (stale.entry && stale.entry != hit.entry && stale.entry->valid()) {
      // The page changed size under a cached entry; keep one translation.
      drop_fast_range(stale.entry->tag, stale.array == &tlb.large ? stale.entry->shift : 12);
      stale.entry->flags = 0;
    }
  }
  if (hit.array == &tlb.large) page_offset_mask = (1u << hit.entry->shift) - 1;
  phys = (hit.entry->phys + (linear & page_offset_mask)) & a20_mask_;
  fill_fast(linear, phys, type, user, &hit);
  return true;
}

bool Mmu::read(uint32_t linear, unsigned size, bool user, uint32_t& value, PageFaultInfo& fault) {
  uint32_t first = 0;
  if (!translate(linear, AccessType::kRead, user, first, fault)) return false;
  uint32_t in_page = 0x1000u - (linear & 0xFFFu);
  if (size <= in_page) {
    value = phys_.read(first, size);
  } else {
    uint32_t second = 0;
    if (!translate(linear + in_page, AccessType::kRead, user, second, fault)) return false;
    uint32_t lo = phys_.read(first, in_page);
    uint32_t hi = phys_.read(second, size - in_page);
    value = lo | (hi << (8 * in_page));
  }
  if (hub_.wants_memory()) {
    hub_.each([&](Observer& o) { o.on_memory(linear, first, size, value, false); });
  }
  return true;
}

bool Mmu::write(uint32_t linear, unsigned size, bool user, uint32_t value, PageFaultInfo& fault) {
  uint32_t first = 0;
  if (!translate(linear, AccessType::kWrite, user, first, fault)) return false;
  uint32_t in_page = 0x1000u - (linear & 0xFFFu);
  if (size <= in_page) {
    phys_.write(first, size, value);
  } else {
    uint32_t second = 0;
    if (!translate(linear + in_page, AccessType::kWrite, user, second, fault)) return false;
    phys_.write(first, in_page, value);
    phys_.write(second, size - in_page, value >> (8 * in_page));
  }
  if (hub_.wants_memory()) {
    hub_.each([&](Observer& o) { o.on_memory(linear, first, size, value, true); });
  }
  return true;
}

}  // namespace mkemu
