#pragma once
// Linear-to-physical translation for the CPU: the architectural page walk,
// the modelled TLB that decides misses (and their cycle cost), and the
// host-pointer fast path (a direct-mapped software TLB to host memory).
//
// Contract with the CPU:
// - The CPU calls set_cr0/set_cr3/set_cr4 on every write of those registers
//   (and on task switches), invlpg() for INVLPG, set_a20() comes from the platform.
// - `user` means the access is checked as a CPL-3 access. Implicit
//   supervisor accesses (descriptor tables, TSS, stacks on privilege change)
//   pass user=false even at CPL 3.
// - A failed access returns false and fills PageFaultInfo; nothing was written.
//   The CPU raises #PF with CR2 = fault.linear and the error code.
// - Fast paths return nullptr whenever the slow path must decide (miss,
//   MMIO, ROM write, code page write, A/D update, page crossing, observers
//   that want memory events). They never change what the guest sees.
#include <cstdint>
#include <cstring>

#include "platform/core/clock.h"
#include "platform/core/observer.h"
#include "platform/core/phys_memory.h"
#include "platform/core/state_io.h"

namespace mkemu {

enum class AccessType : uint8_t { kRead = 0, kWrite = 1, kExecute = 2 };

struct PageFaultInfo {
  uint32_t linear = 0;
  uint32_t error_code = 0;  // P, W/R, U/S, RSVD, I/D bits as the SDM defines them
};

class Mmu : public Stateful {
 public:
  Mmu(PhysicalMemoryMap& phys, Clock& clock, ObserverHub& hub);

  void set_cr0(uint32_t cr0);
  void set_cr3(uint32_t cr3);
  void set_cr4(uint32_t cr4);
  void invlpg(uint32_t linear);
  void set_a20(bool enabled);
  bool a20() const { return a20_mask_ == 0xFFFF'FFFFu; }
  bool paging() const { return (cr0_ & 0x8000'0000u) != 0; }

  // Full translation with permission checks, A/D updates and TLB modelling.
  bool translate(uint32_t linear, AccessType type, bool user, uint32_t& phys,
                 PageFaultInfo& fault);

  // Slow-path data accesses of 1, 2 or 4 bytes, crossing pages as hardware
  // does: both pages are translated before anything is written.
  bool read(uint32_t linear, unsigned size, bool user, uint32_t& value, PageFaultInfo& fault);
  bool write(uint32_t linear, unsigned size, bool user, uint32_t value, PageFaultInfo& fault);

  // Host pointer to `linear` valid for `size` bytes, or nullptr.
  uint8_t* fast_read(uint32_t linear, unsigned size, bool user) {
    return fast_lookup(read_tlb_[user], linear, size);
  }
  uint8_t* fast_write(uint32_t linear, unsigned size, bool user) {
    return fast_lookup(write_tlb_[user], linear, size);
  }

  // Drops every cached host pointer (layout change, observers changed, A20).
  void flush_fast_path();
  // The physical page at `page_base` now holds decoded code: writes to it must
  // take the slow path so the CPU sees them.
  void drop_fast_writes_to(uint32_t page_base);

  // Side-effect-free translation for the debugger: no A/D updates, no TLB fill.
  bool peek_translate(uint32_t linear, bool user, AccessType type, uint32_t& phys) const;

  std::string_view state_name() const override { return "mmu"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

  PhysicalMemoryMap& phys() { return phys_; }

 private:
  static constexpr unsigned kFastEntries = 1024;
  struct FastEntry {
    uint32_t tag = 1;          // linear page base; 1 is never a page base, so "empty"
    uint32_t phys_page = 0;
    uint8_t* host_page = nullptr;
  };
  using FastTable = FastEntry[kFastEntries];

  static uint8_t* fast_lookup(FastTable& table, uint32_t linear, unsigned size) {
    uint32_t page = linear & ~0xFFFu;
    FastEntry& e = table[(linear >> 12) & (kFastEntries - 1)];
    if (e.tag != page || (linear & 0xFFFu) + size > 0x1000u) return nullptr;
    return e.host_page + (linear & 0xFFFu);
  }
  void fill_fast(uint32_t linear, uint32_t phys, AccessType type, bool user);

  PhysicalMemoryMap& phys_;
  Clock& clock_;
  ObserverHub& hub_;
  uint32_t cr0_ = 0x6000'0010u;
  uint32_t cr3_ = 0;
  uint32_t cr4_ = 0;
  uint32_t a20_mask_ = 0xFFFF'FFFFu;
  FastTable read_tlb_[2];   // [user]
  FastTable write_tlb_[2];  // [user]
};

}  // namespace mkemu
