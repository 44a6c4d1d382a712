#pragma once
// One set-associative TLB array with tree pseudo-LRU replacement (the scheme
// the Intel486 manual describes for its TLB and cache: per set, ways-1 bits,
// each pointing at the half to replace next). The MMU owns the policy (what to
// look up, what to cache); this class only holds entries and replacement bits.
#include <cstdint>
#include <vector>

#include "mmu/tlb_geometry.h"
#include "platform/core/state_io.h"

namespace mkemu {

struct TlbEntry {
  enum Flag : uint8_t {
    kValid = 1,
    kWritable = 2,  // AND of the R/W flags of every entry used by the walk
    kUser = 4,      // AND of the U/S flags
    kDirty = 8,     // the final entry's D flag as of the walk (or set since)
    kGlobal = 16,   // G was set in the final entry while CR4.PGE = 1
  };
  uint32_t tag = 0;    // linear base of the cached page (see TlbArray users)
  uint32_t phys = 0;   // physical base of the same page
  uint8_t shift = 12;  // log2 of the size of the page the walk mapped
  uint8_t flags = 0;

  bool valid() const { return flags & kValid; }
};

class TlbArray {
 public:
  void configure(TlbArrayGeometry geometry);
  bool exists() const { return !entries_.empty(); }
  unsigned sets() const { return sets_; }
  unsigned ways() const { return ways_; }

  unsigned set_of(uint32_t linear, unsigned index_shift) const {
    return (linear >> index_shift) & (sets_ - 1);
  }
  // The way in `set` holding `tag`, or -1.
  int find(unsigned set, uint32_t tag) const {
    const TlbEntry* row = &entries_[set * ways_];
    for (unsigned w = 0; w < ways_; ++w) {
      if (row[w].tag == tag && row[w].valid()) return static_cast<int>(w);
    }
    return -1;
  }
  TlbEntry& at(unsigned set, unsigned way) { return entries_[set * ways_ + way]; }
  const TlbEntry& at(unsigned set, unsigned way) const { return entries_[set * ways_ + way]; }

  // Marks `way` most recently used. The fast path applies the same update
  // through plru_byte()/touch_and()/touch_or() so that a host-pointer hit and
  // a modelled hit leave identical replacement state.
  void touch(unsigned set, unsigned way) {
    plru_[set] = static_cast<uint8_t>((plru_[set] & touch_and_[way]) | touch_or_[way]);
  }
  uint8_t* plru_byte(unsigned set) { return &plru_[set]; }
  uint8_t touch_and(unsigned way) const { return touch_and_[way]; }
  uint8_t touch_or(unsigned way) const { return touch_or_[way]; }
  // The way a fill replaces: the lowest invalid way, else the pseudo-LRU one.
  unsigned victim(unsigned set) const;

  // Invalidates every valid entry for which `pred` holds, reporting each to
  // `dropped` first.
  template <typename Pred, typename Dropped>
  void invalidate_if(Pred&& pred, Dropped&& dropped) {
    for (TlbEntry& e : entries_) {
      if (e.valid() && pred(e)) {
        dropped(e);
        e.flags = 0;
      }
    }
  }
  void clear();

  void save(StateWriter& out) const;
  void load(StateReader& in);

 private:
  unsigned sets_ = 0;
  unsigned ways_ = 0;
  unsigned levels_ = 0;
  std::vector<TlbEntry> entries_;
  std::vector<uint8_t> plru_;  // per set: bit (node - 1) for tree nodes 1..ways-1
  uint8_t touch_and_[8] = {};
  uint8_t touch_or_[8] = {};
};

}  // namespace mkemu
