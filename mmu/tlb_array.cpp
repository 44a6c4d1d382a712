#include "mmu/tlb_array.h"

#include <stdexcept>
#include <string>

namespace mkemu {

void TlbArray::configure(TlbArrayGeometry geometry) {
  entries_.clear();
  plru_.clear();
  sets_ = ways_ = levels_ = 0;
  if (geometry.entries == 0) return;
  unsigned ways = geometry.ways;
  if ((ways != 1 && ways != 2 && ways != 4 && ways != 8) || geometry.entries % ways != 0) {
    throw std::invalid_argument("TLB ways must be 1, 2, 4 or 8 and divide the entry count");
  }
  unsigned sets = geometry.entries / ways;
  if (sets & (sets - 1)) throw std::invalid_argument("TLB set count must be a power of two");
  sets_ = sets;
  ways_ = ways;
  while ((1u << levels_) < ways_) ++levels_;
  entries_.assign(geometry.entries, TlbEntry{});
  plru_.assign(sets_, 0);
  // Touching way w walks the tree from the root and points every node on the
  // path at the other half (the one to replace next).
  for (unsigned w = 0; w < ways_; ++w) {
    uint8_t clear = 0, set = 0;
    unsigned node = 1;
    for (unsigned level = 0; level < levels_; ++level) {
      unsigned dir = (w >> (levels_ - 1 - level)) & 1u;
      uint8_t bit = static_cast<uint8_t>(1u << (node - 1));
      clear |= bit;
      if (!dir) set |= bit;
      node = 2 * node + dir;
    }
    touch_and_[w] = static_cast<uint8_t>(~clear);
    touch_or_[w] = set;
  }
}

unsigned TlbArray::victim(unsigned set) const {
  const TlbEntry* row = &entries_[set * ways_];
  for (unsigned w = 0; w < ways_; ++w) {
    if (!row[w].valid()) return w;
  }
  unsigned node = 1, way = 0;
  for (unsigned level = 0; level < levels_; ++level) {
    unsigned dir = (plru_[set] >> (node - 1)) & 1u;
    way = (way << 1) | dir;
    node = 2 * node + dir;
  }
  return way;
}

void TlbArray::clear() {
  for (TlbEntry& e : entries_) e = TlbEntry{};
  for (uint8_t& b : plru_) b = 0;
}

void TlbArray::save(StateWriter& out) const {
  out.put<uint32_t>(static_cast<uint32_t>(entries_.size()));
  out.put<uint32_t>(ways_);
  for (uint8_t b : plru_) out.put(b);
  for (const TlbEntry& e : entries_) {
    out.put(e.tag);
    out.put(e.phys);
    out.put(e.shift);
    out.put(e.flags);
  }
}

void TlbArray::load(StateReader& in) {
  auto entries = in.get<uint32_t>();
  auto ways = in.get<uint32_t>();
  in.expect(entries == entries_.size() && ways == ways_,
            "TLB geometry in the snapshot (" + std::to_string(entries) + " entries, " +
                std::to_string(ways) + " ways) differs from this machine's");
  uint8_t valid_plru = static_cast<uint8_t>((1u << (ways_ ? ways_ - 1 : 0)) - 1);
  for (uint8_t& b : plru_) {
    b = in.get<uint8_t>();
    in.expect((b & ~valid_plru) == 0, "TLB replacement bits out of range");
  }
  for (TlbEntry& e : entries_) {
    e.tag = in.get<uint32_t>();
    e.phys = in.get<uint32_t>();
    e.shift = in.get<uint8_t>();
    e.flags = in.get<uint8_t>();
    in.expect(e.shift == 12 || e.shift == 21 || e.shift == 22, "TLB entry page size invalid");
    in.expect((e.flags & ~0x1Fu) == 0, "TLB entry flags invalid");
  }
}

}  // namespace mkemu
