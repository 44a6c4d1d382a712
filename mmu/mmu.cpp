#include "mmu/mmu.h"

namespace mkemu {

Mmu::Mmu(PhysicalMemoryMap& phys, Clock& clock, ObserverHub& hub)
    : phys_(phys), clock_(clock), hub_(hub) {}

void Mmu::flush_fast_path() {
  for (auto* table : {&read_tlb_[0], &read_tlb_[1], &write_tlb_[0], &write_tlb_[1]}) {
    for (FastEntry& e : *table) e = FastEntry{};
  }
}

void Mmu::drop_fast_writes_to(uint32_t page_base) {
  for (auto& table : write_tlb_) {
    for (FastEntry& e : table) {
      if (e.tag != 1 && e.phys_page == page_base) e = FastEntry{};
    }
  }
}

void Mmu::set_cr0(uint32_t cr0) {
  if ((cr0 ^ cr0_) & 0x8001'0000u) flush_fast_path();  // PG or WP changed
  cr0_ = cr0;
}

void Mmu::set_cr3(uint32_t cr3) {
  cr3_ = cr3;
  flush_fast_path();
}

void Mmu::set_cr4(uint32_t cr4) {
  if ((cr4 ^ cr4_) & 0xB0u) flush_fast_path();  // PSE, PAE, PGE
  cr4_ = cr4;
}

void Mmu::invlpg(uint32_t linear) {
  uint32_t idx = (linear >> 12) & (kFastEntries - 1);
  for (auto* table : {&read_tlb_[0], &read_tlb_[1], &write_tlb_[0], &write_tlb_[1]}) {
    (*table)[idx] = FastEntry{};
  }
}

void Mmu::set_a20(bool enabled) {
  uint32_t mask = enabled ? 0xFFFF'FFFFu : ~(1u << 20);
  if (mask != a20_mask_) flush_fast_path();
  a20_mask_ = mask;
}

bool Mmu::peek_translate(uint32_t linear, bool /*user*/, AccessType /*type*/,
                         uint32_t& phys) const {
  // TODO(mmu issue): page walk when CR0.PG is set.
  phys = linear & a20_mask_;
  return true;
}

bool Mmu::translate(uint32_t linear, AccessType type, bool user, uint32_t& phys,
                    PageFaultInfo& /*fault*/) {
  // TODO(mmu issue): page walk, modelled TLB, A/D bits, faults.
  phys = linear & a20_mask_;
  if (type != AccessType::kExecute) fill_fast(linear, phys, type, user);
  return true;
}

void Mmu::fill_fast(uint32_t linear, uint32_t phys, AccessType type, bool user) {
  if (hub_.wants_memory()) return;
  FastEntry e{linear & ~0xFFFu, phys & ~0xFFFu, nullptr};
  if (type == AccessType::kWrite) {
    if (phys_.is_code_page(phys)) return;
    e.host_page = phys_.writable_page(phys);
    if (e.host_page) write_tlb_[user][(linear >> 12) & (kFastEntries - 1)] = e;
  } else {
    e.host_page = const_cast<uint8_t*>(phys_.readable_page(phys));
    if (e.host_page) read_tlb_[user][(linear >> 12) & (kFastEntries - 1)] = e;
  }
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

void Mmu::save_state(StateWriter& out) const {
  out.put(cr0_);
  out.put(cr3_);
  out.put(cr4_);
  out.put(a20_mask_);
}

void Mmu::load_state(StateReader& in) {
  cr0_ = in.get<uint32_t>();
  cr3_ = in.get<uint32_t>();
  cr4_ = in.get<uint32_t>();
  a20_mask_ = in.get<uint32_t>();
  flush_fast_path();
}

}  // namespace mkemu
