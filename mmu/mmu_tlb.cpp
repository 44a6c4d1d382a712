// The modelled TLBs as the MMU uses them, and the host-pointer fast path that
// mirrors their data entries.
#include <cstring>
#include <stdexcept>

#include "mmu/mmu.h"

namespace mkemu {

bool Mmu::lookup(Tlb& tlb, uint32_t linear, Hit& hit) {
  TlbArray& small = tlb.small;
  unsigned set = small.set_of(linear, 12);
  int way = small.find(set, linear & ~0xFFFu);
  if (way >= 0) {
    hit = {&small, set, static_cast<unsigned>(way), &small.at(set, way)};
    return true;
  }
  TlbArray& large = tlb.large;
  if (!large.exists()) return false;
  unsigned shift = large_shift();
  set = large.set_of(linear, shift);
  way = large.find(set, linear & ~((1u << shift) - 1));
  if (way < 0) return false;
  hit = {&large, set, static_cast<unsigned>(way), &large.at(set, way)};
  return true;
}

Mmu::Hit Mmu::insert(Tlb& tlb, uint32_t linear, uint32_t phys_base, unsigned shift, bool writable,
                     bool user, bool dirty, bool global) {
  // A large page goes to the large array if the model has one; otherwise the
  // 4 KiB piece being accessed is cached in the 4 KiB array.
  bool to_large = shift > 12 && tlb.large.exists();
  TlbArray& array = to_large ? tlb.large : tlb.small;
  unsigned index_shift = to_large ? shift : 12;
  uint32_t tag = linear & ~((1u << index_shift) - 1);
  uint32_t phys = to_large ? phys_base : phys_base + (linear & ((1u << shift) - 1) & ~0xFFFu);
  unsigned set = array.set_of(linear, index_shift);
  int found = array.find(set, tag);
  unsigned way = found >= 0 ? static_cast<unsigned>(found) : array.victim(set);
  TlbEntry& e = array.at(set, way);
  if (e.valid()) drop_fast_range(e.tag, to_large ? e.shift : 12);
  e.tag = tag;
  e.phys = phys;
  e.shift = static_cast<uint8_t>(shift);
  e.flags = static_cast<uint8_t>(TlbEntry::kValid | (writable ? TlbEntry::kWritable : 0) |
                                 (user ? TlbEntry::kUser : 0) | (dirty ? TlbEntry::kDirty : 0) |
                                 (global ? TlbEntry::kGlobal : 0));
  array.touch(set, way);
  return {&array, set, way, &e};
}

void Mmu::invalidate_linear(uint32_t linear) {
  for (Tlb* tlb : {itlb_, dtlb_}) {
    tlb->small.invalidate_if(
        [&](const TlbEntry& e) {
          return e.tag == (linear & ~0xFFFu) ||
                 (e.shift > 12 && ((e.tag ^ linear) >> e.shift) == 0);
        },
        [&](const TlbEntry& e) { drop_fast_range(e.tag, 12); });
    tlb->large.invalidate_if([&](const TlbEntry& e) { return ((e.tag ^ linear) >> e.shift) == 0; },
                             [&](const TlbEntry& e) { drop_fast_range(e.tag, e.shift); });
    if (itlb_ == dtlb_) break;
  }
}

// Callers flush the fast path themselves (it is cheaper in one go).
void Mmu::flush_tlbs(bool keep_global) {
  auto doomed = [keep_global](const TlbEntry& e) {
    return !(keep_global && (e.flags & TlbEntry::kGlobal));
  };
  auto nothing = [](const TlbEntry&) {};
  for (Tlb& tlb : tlbs_) {
    tlb.small.invalidate_if(doomed, nothing);
    tlb.large.invalidate_if(doomed, nothing);
  }
}

void Mmu::invlpg(uint32_t linear) {
  invalidate_linear(linear);
  drop_fast_range(linear & ~0xFFFu, 12);  // an unpaged-mode entry, if any
}

void Mmu::drop_fast_range(uint32_t base, unsigned shift) {
  uint32_t pages = 1u << (shift - 12);
  for (uint32_t i = 0; i < pages; ++i) {
    uint32_t page = base + (i << 12);
    unsigned idx = (page >> 12) & (kFastEntries - 1);
    for (FastTable& table : fast_) {
      if (table[idx].tag == page) table[idx] = FastEntry{};
    }
  }
}

void Mmu::flush_fast_path() {
  if (fill_log_overflow_) {
    for (FastTable& table : fast_) {
      for (FastEntry& e : table) e = FastEntry{};
    }
  } else {
    for (uint16_t slot : fill_log_) fast_[slot >> 10][slot & (kFastEntries - 1)] = FastEntry{};
  }
  fill_log_.clear();
  fill_log_overflow_ = false;
}

void Mmu::drop_fast_writes_to(uint32_t page_base) {
  for (unsigned t = kFastWrite; t < kFastWrite + 2; ++t) {
    for (FastEntry& e : fast_[t]) {
      if (e.tag != 1 && e.phys_page == page_base) e = FastEntry{};
    }
  }
}

void Mmu::set_fast_path_enabled(bool enabled) {
  fast_enabled_ = enabled;
  if (!enabled) flush_fast_path();
}

void Mmu::fill_fast(uint32_t linear, uint32_t phys, AccessType type, bool user, const Hit* hit) {
  if (!fast_enabled_) return;
  unsigned table_id;
  FastEntry e{linear & ~0xFFFu, phys & ~0xFFFu, nullptr, &unpaged_plru_, 0xFF, 0};
  if (type == AccessType::kExecute) {
    // Fetches are not memory events, so observers do not matter here.
    e.host_page = const_cast<uint8_t*>(phys_.readable_page(phys));
    table_id = kFastFetch + user;
  } else if (hub_.wants_memory()) {
    return;
  } else if (type == AccessType::kWrite) {
    // A hit that reached here for a write has D set (else it walked again).
    if (phys_.is_code_page(phys)) return;
    e.host_page = phys_.writable_page(phys);
    table_id = kFastWrite + user;
  } else {
    e.host_page = const_cast<uint8_t*>(phys_.readable_page(phys));
    table_id = kFastRead + user;
  }
  if (!e.host_page) return;
  if (hit) {
    e.plru = hit->array->plru_byte(hit->set);
    e.plru_and = hit->array->touch_and(hit->way);
    e.plru_or = hit->array->touch_or(hit->way);
  }
  unsigned idx = (linear >> 12) & (kFastEntries - 1);
  fast_[table_id][idx] = e;
  if (fill_log_.size() < kFillLogMax) {
    fill_log_.push_back(static_cast<uint16_t>(table_id << 10 | idx));
  } else {
    fill_log_overflow_ = true;
  }
}

std::vector<TlbEntryInfo> Mmu::tlb_entries() const {
  std::vector<TlbEntryInfo> out;
  auto add = [&](const TlbArray& array, TlbEntryInfo::Tlb which, bool large) {
    for (unsigned set = 0; set < array.sets(); ++set) {
      for (unsigned way = 0; way < array.ways(); ++way) {
        const TlbEntry& e = array.at(set, way);
        if (!e.valid()) continue;
        TlbEntryInfo info;
        info.tlb = which;
        info.large_array = large;
        info.set = static_cast<uint16_t>(set);
        info.way = static_cast<uint8_t>(way);
        info.linear = e.tag;
        info.phys = e.phys;
        info.bytes = large ? 1u << e.shift : 0x1000u;
        info.page_size = 1u << e.shift;
        info.writable = e.flags & TlbEntry::kWritable;
        info.user = e.flags & TlbEntry::kUser;
        info.dirty = e.flags & TlbEntry::kDirty;
        info.global = e.flags & TlbEntry::kGlobal;
        out.push_back(info);
      }
    }
  };
  if (itlb_ == dtlb_) {
    add(dtlb_->small, TlbEntryInfo::Tlb::kUnified, false);
    add(dtlb_->large, TlbEntryInfo::Tlb::kUnified, true);
  } else {
    add(itlb_->small, TlbEntryInfo::Tlb::kInstruction, false);
    add(itlb_->large, TlbEntryInfo::Tlb::kInstruction, true);
    add(dtlb_->small, TlbEntryInfo::Tlb::kData, false);
    add(dtlb_->large, TlbEntryInfo::Tlb::kData, true);
  }
  return out;
}

}  // namespace mkemu
