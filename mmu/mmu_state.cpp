// Snapshot of the MMU: control registers, PDPTE registers, A20 and the
// modelled TLB contents (guest-visible through stale translations and cycle
// counts). The fast path is a cache of this state and is not saved.
#include <cstring>

#include "mmu/mmu.h"

namespace mkemu {

void Mmu::save_state(StateWriter& out) const {
  out.put(cr0_);
  out.put(cr3_);
  out.put(cr4_);
  out.put(a20_mask_);
  for (uint64_t p : pdpte_) out.put(p);
  out.put<uint8_t>(itlb_ == dtlb_ ? 1 : 0);
  for (const Tlb& tlb : tlbs_) {
    tlb.small.save(out);
    tlb.large.save(out);
  }
}

void Mmu::load_state(StateReader& in) {
  // Parse everything first so that a bad snapshot leaves the MMU unchanged.
  auto cr0 = in.get<uint32_t>();
  auto cr3 = in.get<uint32_t>();
  auto cr4 = in.get<uint32_t>();
  auto a20_mask = in.get<uint32_t>();
  in.expect(a20_mask == 0xFFFF'FFFFu || a20_mask == ~(1u << 20), "A20 mask invalid");
  uint64_t pdpte[4];
  for (uint64_t& p : pdpte) p = in.get<uint64_t>();
  auto unified = in.get<uint8_t>();
  in.expect(unified == (itlb_ == dtlb_ ? 1 : 0),
            "snapshot TLB organisation (unified or split) differs from this machine's");
  Tlb tlbs[2] = {tlbs_[0], tlbs_[1]};
  for (Tlb& tlb : tlbs) {
    tlb.small.load(in);
    tlb.large.load(in);
  }
  cr0_ = cr0;
  cr3_ = cr3;
  cr4_ = cr4;
  a20_mask_ = a20_mask;
  std::memcpy(pdpte_, pdpte, sizeof pdpte_);
  tlbs_[0] = std::move(tlbs[0]);
  tlbs_[1] = std::move(tlbs[1]);
  // Fast entries point into the replaced arrays: clear every one of them.
  for (FastTable& table : fast_) {
    for (FastEntry& e : table) e = FastEntry{};
  }
  fill_log_.clear();
  fill_log_overflow_ = false;
}

}  // namespace mkemu
