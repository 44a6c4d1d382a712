// Snapshot of the MMU: control registers, PDPTE registers, A20 and the
// modelled TLB contents (guest-visible through stale translations and cycle
// counts). The fast path is a cache of this state and is not saved.
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
  cr0_ = in.get<uint32_t>();
  cr3_ = in.get<uint32_t>();
  cr4_ = in.get<uint32_t>();
  a20_mask_ = in.get<uint32_t>();
  in.expect(a20_mask_ == 0xFFFF'FFFFu || a20_mask_ == ~(1u << 20), "A20 mask invalid");
  for (uint64_t& p : pdpte_) p = in.get<uint64_t>();
  auto unified = in.get<uint8_t>();
  in.expect(unified == (itlb_ == dtlb_ ? 1 : 0),
            "snapshot TLB organisation (unified or split) differs from this machine's");
  for (Tlb& tlb : tlbs_) {
    tlb.small.load(in);
    tlb.large.load(in);
  }
  flush_fast_path();
  // Fast entries made before the load point into arrays that were rewritten;
  // a full clear is required whatever the fill log says.
  for (auto* table : {&read_tlb_[0], &read_tlb_[1], &write_tlb_[0], &write_tlb_[1]}) {
    for (FastEntry& e : *table) e = FastEntry{};
  }
}

}  // namespace mkemu
