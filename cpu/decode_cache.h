#pragma once
// Decoded instructions cached per physical page. A page's entries are dropped
// when a write touches bytes that were decoded from it (self-modifying code);
// the physical memory map reports such writes because the page is marked as code.
#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>

#include "cpu/insn.h"
#include "mmu/mmu.h"

namespace mkemu::cpu {

struct CpuCore;

class DecodeCache {
 public:
  struct Page {
    uint32_t phys_base = 0;
    bool reset_pending = false;  // entries are dropped at the next fetch, not mid-instruction
    std::deque<Insn> insns;      // a deque: entries never move, so pointers to them stay valid
    uint16_t slot[4096] = {};    // index + 1 into insns, 0 = not decoded
    uint64_t covered[64] = {};   // bytes that decoded instructions came from
  };

  // The instruction at linear address `lin`; may raise #PF. The fast path is
  // a direct-mapped table from linear EIP to the cached instruction.
  // `user` (CPL 3) is part of the key: a supervisor-only code page cached at
  // CPL 0 must still fault when CPL-3 code reaches it.
  // A hit also asks the MMU's fast_fetch for the same code byte: it exists
  // only while the modelled ITLB holds the page (and updates its replacement
  // state as a fetch does), so an evicted ITLB entry costs its walk again and
  // a remapped page is decoded from its new frame.
  const Insn& fetch(CpuCore& c, uint32_t lin, bool code32, bool user) {
    const FastSlot& f = fast_[lin & (kFastSlots - 1)];
    if (f.key == key(lin, code32, user) && mmu_->fast_fetch(lin, user) == f.host) return *f.insn;
    return fetch_slow(c, lin, code32);
  }
  void set_mmu(Mmu& mmu) { mmu_ = &mmu; }
  // A write to physical memory that may hit decoded bytes.
  void on_write(uint32_t paddr, unsigned size);
  // Forget the cached linear->physical mapping of the current code page
  // (CR0/CR3/CR4 writes, INVLPG, A20 changes).
  void forget_current() {
    cur_lin_page_ = 1;
    cur_ = nullptr;
    forget_fast();
  }
  void clear();
  size_t page_count() const { return pages_.size(); }

 private:
  static constexpr unsigned kFastSlots = 4096;
  // Key: linear EIP, CS.D, user mode and a valid bit, so an empty slot (0) never matches.
  static uint64_t key(uint32_t lin, bool code32, bool user) {
    return lin | (uint64_t{code32} << 32) | (uint64_t{1} << 33) | (uint64_t{user} << 34);
  }
  struct FastSlot {
    uint64_t key = 0;
    const Insn* insn = nullptr;
    const uint8_t* host = nullptr;  // the instruction's first byte in host memory
  };
  void forget_fast();
  const Insn& fetch_slow(CpuCore& c, uint32_t lin, bool code32);
  Page& page_for(CpuCore& c, uint32_t phys_base);
  void invalidate_range(uint32_t paddr, unsigned size);

  uint32_t cur_lin_page_ = 1;  // 1 is never a page base: nothing cached
  Page* cur_ = nullptr;
  std::unordered_map<uint32_t, std::unique_ptr<Page>> pages_;
  Insn scratch_;
  Mmu* mmu_ = nullptr;
  FastSlot fast_[kFastSlots];
};

}  // namespace mkemu::cpu
