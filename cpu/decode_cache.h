#pragma once
// Decoded instructions cached per physical page. A page's entries are dropped
// when a write touches bytes that were decoded from it (self-modifying code);
// the physical memory map reports such writes because the page is marked as code.
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "cpu/insn.h"

namespace mkemu::cpu {

struct CpuCore;

class DecodeCache {
 public:
  struct Page {
    uint32_t phys_base = 0;
    bool reset_pending = false;  // entries are dropped at the next fetch, not mid-instruction
    std::vector<Insn> insns;
    uint16_t slot[4096] = {};   // index + 1 into insns, 0 = not decoded
    uint64_t covered[64] = {};  // bytes that decoded instructions came from
  };

  // The instruction at linear address `lin`; may raise #PF.
  const Insn& fetch(CpuCore& c, uint32_t lin, bool code32) {
    if ((lin & ~0xFFFu) == cur_lin_page_) {
      uint16_t k = cur_->slot[lin & 0xFFFu];
      if (k) {
        const Insn& i = cur_->insns[k - 1];
        if (i.code32 == code32) return i;
      }
    }
    return fetch_slow(c, lin, code32);
  }
  // A write to physical memory that may hit decoded bytes.
  void on_write(uint32_t paddr, unsigned size);
  // Forget the cached linear->physical mapping of the current code page
  // (CR0/CR3/CR4 writes, INVLPG, A20 changes).
  void forget_current() {
    cur_lin_page_ = 1;
    cur_ = nullptr;
  }
  void clear();
  size_t page_count() const { return pages_.size(); }

 private:
  const Insn& fetch_slow(CpuCore& c, uint32_t lin, bool code32);
  Page& page_for(CpuCore& c, uint32_t phys_base);
  void invalidate_range(uint32_t paddr, unsigned size);

  uint32_t cur_lin_page_ = 1;  // 1 is never a page base: nothing cached
  Page* cur_ = nullptr;
  std::unordered_map<uint32_t, std::unique_ptr<Page>> pages_;
  Insn scratch_;
};

}  // namespace mkemu::cpu
