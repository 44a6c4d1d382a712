#pragma once
// Linear-to-physical translation for the CPU: the architectural page walk,
// the modelled TLB that decides misses (and their cycle cost), and the
// host-pointer fast path (a direct-mapped software TLB to host memory).
// docs/mmu.md describes the model, its sources and the cost of a miss.
//
// Contract with the CPU:
// - The CPU calls set_cr0/set_cr3/set_cr4 on every write of those registers
//   (and on task switches), invlpg() for INVLPG, set_a20() comes from the platform.
// - `user` means the access is checked as a CPL-3 access. Implicit
//   supervisor accesses (descriptor tables, TSS, stacks on privilege change)
//   pass user=false even at CPL 3.
// - A failed access returns false and fills PageFaultInfo; nothing was written.
//   The CPU raises #PF with CR2 = fault.linear and the error code.
// - Instruction fetches translate with AccessType::kExecute (the ITLB).
// - Fast paths return nullptr whenever the slow path must decide (miss,
//   MMIO, ROM write, code page write, A/D update, page crossing, observers
//   that want memory events). They never change what the guest sees: a fast
//   hit exists only while the modelled TLB holds the entry, and it updates the
//   TLB's replacement state exactly as a modelled hit does.
// - With PAE, the CPU should call pdptes_valid(new_cr3) before a MOV to CR3
//   (or a CR0/CR4 write that enters PAE paging) and raise #GP(0) if it is
//   false (SDM vol. 3, 4.4.1); set_cr3 then loads the PDPTE registers.
#include <cstdint>
#include <cstring>
#include <vector>

#include "mmu/access.h"
#include "mmu/tlb_array.h"
#include "mmu/tlb_geometry.h"
#include "platform/core/clock.h"
#include "platform/core/observer.h"
#include "platform/core/phys_memory.h"
#include "platform/core/state_io.h"

namespace mkemu {

struct PagingRegs;

// One modelled TLB entry as the debugger shows it.
struct TlbEntryInfo {
  enum class Tlb : uint8_t { kInstruction, kData, kUnified };
  Tlb tlb = Tlb::kData;
  bool large_array = false;  // the 4 MiB / 2 MiB array
  uint16_t set = 0;
  uint8_t way = 0;
  uint32_t linear = 0;  // base of the range this entry translates
  uint32_t phys = 0;
  uint32_t bytes = 0;      // size of that range (4 KiB unless large_array)
  uint32_t page_size = 0;  // size of the page the walk found
  bool writable = false;
  bool user = false;
  bool dirty = false;
  bool global = false;
};

// Diagnostics (not guest state, not saved). Hits on the fast path are not
// counted; `slow_hits` counts modelled hits decided by translate().
struct MmuCounters {
  uint64_t slow_hits = 0;
  uint64_t itlb_misses = 0;
  uint64_t dtlb_misses = 0;
  uint64_t dirty_walks = 0;  // write hits on a clean entry, walked again to set D
  uint64_t walk_cycles = 0;
  uint64_t page_faults = 0;
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
  uint32_t cr0() const { return cr0_; }
  uint32_t cr3() const { return cr3_; }
  uint32_t cr4() const { return cr4_; }

  // Power-on: CR0 = 60000010h, CR3 = CR4 = 0, TLBs and fast path empty.
  void reset();

  // TLB shape and walk cost; the default is TlbGeometry::p6(). Empties the TLBs.
  void set_tlb_geometry(const TlbGeometry& geometry);
  const TlbGeometry& tlb_geometry() const { return geometry_; }

  // PAE: whether loading CR3 = `cr3` would load valid PDPTEs (no reserved
  // bit set in a present one). Reads memory without side effects.
  bool pdptes_valid(uint32_t cr3) const;
  const uint64_t* pdptes() const { return pdpte_; }

  // Full translation with permission checks, A/D updates and TLB modelling.
  bool translate(uint32_t linear, AccessType type, bool user, uint32_t& phys, PageFaultInfo& fault);

  // Slow-path data accesses of 1, 2 or 4 bytes, crossing pages as hardware
  // does: both pages are translated before anything is written.
  bool read(uint32_t linear, unsigned size, bool user, uint32_t& value, PageFaultInfo& fault);
  bool write(uint32_t linear, unsigned size, bool user, uint32_t value, PageFaultInfo& fault);

  // Host pointer to `linear` valid for `size` bytes, or nullptr.
  uint8_t* fast_read(uint32_t linear, unsigned size, bool user) {
    return fast_lookup(fast_[kFastRead + user], linear, size);
  }
  uint8_t* fast_write(uint32_t linear, unsigned size, bool user) {
    return fast_lookup(fast_[kFastWrite + user], linear, size);
  }
  // Host pointer to the code byte at `linear` (RAM or ROM), or nullptr; valid
  // up to the end of its page. Exists only while the modelled ITLB holds the
  // page with fetch rights for `user`, and a hit updates the ITLB's
  // replacement state like translate(kExecute) would, so a CPU may call it
  // for every instruction instead of translate().
  const uint8_t* fast_fetch(uint32_t linear, bool user) {
    FastEntry& e = fast_[kFastFetch + user][(linear >> 12) & (kFastEntries - 1)];
    if (e.tag != (linear & ~0xFFFu)) return nullptr;
    *e.plru = static_cast<uint8_t>((*e.plru & e.plru_and) | e.plru_or);
    return e.host_page + (linear & 0xFFFu);
  }

  // Drops every cached host pointer (layout change, observers changed, A20).
  void flush_fast_path();
  // The physical page at `page_base` now holds decoded code: writes to it must
  // take the slow path so the CPU sees them.
  void drop_fast_writes_to(uint32_t page_base);
  // Off: fast_read/fast_write always return nullptr (reference path).
  void set_fast_path_enabled(bool enabled);
  bool fast_path_enabled() const { return fast_enabled_; }

  // Side-effect-free translation for the debugger: no A/D updates, no TLB fill.
  bool peek_translate(uint32_t linear, bool user, AccessType type, uint32_t& phys) const;

  // Contents of the modelled TLBs, valid entries only, in array order.
  std::vector<TlbEntryInfo> tlb_entries() const;
  const MmuCounters& counters() const { return counters_; }
  void reset_counters() { counters_ = {}; }

  std::string_view state_name() const override { return "mmu"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

  PhysicalMemoryMap& phys() { return phys_; }

 private:
  static constexpr unsigned kFastEntries = 1024;
  struct FastEntry {
    uint32_t tag = 1;  // linear page base; 1 is never a page base, so "empty"
    uint32_t phys_page = 0;
    uint8_t* host_page = nullptr;
    uint8_t* plru = nullptr;  // replacement byte of the modelled TLB set
    uint8_t plru_and = 0xFF;
    uint8_t plru_or = 0;
  };
  using FastTable = FastEntry[kFastEntries];
  // fast_[] tables, each indexed [+ user].
  static constexpr unsigned kFastRead = 0, kFastWrite = 2, kFastFetch = 4, kFastTables = 6;

  uint8_t* fast_lookup(FastTable& table, uint32_t linear, unsigned size) {
    FastEntry& e = table[(linear >> 12) & (kFastEntries - 1)];
    if (e.tag != (linear & ~0xFFFu) || (linear & 0xFFFu) + size > 0x1000u) return nullptr;
    if (hub_.wants_memory()) return nullptr;
    *e.plru = static_cast<uint8_t>((*e.plru & e.plru_and) | e.plru_or);
    return e.host_page + (linear & 0xFFFu);
  }

  // One modelled TLB: 4 KiB array and (if the model has one) large-page array.
  struct Tlb {
    TlbArray small;
    TlbArray large;
  };
  struct Hit {
    TlbArray* array = nullptr;
    unsigned set = 0;
    unsigned way = 0;
    TlbEntry* entry = nullptr;
  };

  Tlb& tlb_for(AccessType type) { return type == AccessType::kExecute ? *itlb_ : *dtlb_; }
  unsigned large_shift() const { return (cr4_ & 0x20u) ? 21 : 22; }
  bool lookup(Tlb& tlb, uint32_t linear, Hit& hit);
  Hit insert(Tlb& tlb, uint32_t linear, uint32_t phys_base, unsigned shift, bool writable,
             bool user, bool dirty, bool global);
  void invalidate_linear(uint32_t linear);
  void flush_tlbs(bool keep_global);
  void drop_fast_range(uint32_t base, unsigned shift);
  void fill_fast(uint32_t linear, uint32_t phys, AccessType type, bool user, const Hit* hit);
  void load_pdptes();
  PagingRegs paging_regs() const;

  PhysicalMemoryMap& phys_;
  Clock& clock_;
  ObserverHub& hub_;
  uint32_t cr0_ = 0x6000'0010u;
  uint32_t cr3_ = 0;
  uint32_t cr4_ = 0;
  uint32_t a20_mask_ = 0xFFFF'FFFFu;
  uint64_t pdpte_[4] = {};
  TlbGeometry geometry_;
  Tlb tlbs_[2];
  Tlb* itlb_ = &tlbs_[0];
  Tlb* dtlb_ = &tlbs_[1];
  bool fast_enabled_ = true;
  uint64_t seen_layout_ = 0;
  uint8_t unpaged_plru_ = 0;  // fast entries without paging touch this byte
  // Slots filled since the last flush (table << 10 | index), so that a CR3
  // write clears a handful of entries instead of all four tables.
  static constexpr size_t kFillLogMax = 256;
  std::vector<uint16_t> fill_log_;
  bool fill_log_overflow_ = false;
  MmuCounters counters_;
  FastTable fast_[kFastTables];
};

}  // namespace mkemu
