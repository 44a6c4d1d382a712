#pragma once
// The architectural page walk (Intel SDM vol. 3, 4.3 for 32-bit paging, 4.4
// for PAE paging), separate from the TLB so that the debugger can run it
// without side effects.
#include <cstdint>

#include "mmu/access.h"
#include "platform/core/phys_memory.h"

namespace mkemu {

struct PagingRegs {
  uint32_t cr0 = 0;
  uint32_t cr3 = 0;
  uint32_t cr4 = 0;
  const uint64_t* pdpte = nullptr;  // the four PDPTE registers (PAE)
  uint32_t a20_mask = 0xFFFF'FFFFu;
  bool pat = false;  // PAT supported: 4 MiB PDE bit 12 is PAT, not reserved
};

struct WalkResult {
  bool ok = false;
  uint32_t error_code = 0;  // when !ok
  uint32_t phys_base = 0;   // physical base of the mapped page
  uint8_t shift = 12;       // 12, 21 (PAE 2 MiB) or 22 (4 MiB)
  bool writable = false;    // AND of R/W over the entries used
  bool user = false;        // AND of U/S
  bool dirty = false;       // D of the final entry after this walk
  bool global = false;      // G of the final entry, with CR4.PGE = 1
  uint8_t reads = 0;        // paging-structure reads (for the cost model)
  uint8_t writes = 0;       // accessed/dirty write-backs
};

// Walks the tables for `linear`. With `commit`, reads go through the bus and
// A/D flags are written as the processor writes them: A in a non-leaf entry
// once the walk moves past it, A (and D for writes) in the final entry only
// when the access is allowed. Without `commit` nothing is written and reads
// use the side-effect-free peek.
WalkResult walk_page_tables(PhysicalMemoryMap& phys, const PagingRegs& regs, uint32_t linear,
                            AccessType type, bool user, bool commit);

// Bits of a present PAE PDPTE that must be 0 (SDM 4.4.1, MAXPHYADDR 36).
inline bool pdpte_reserved_bits_set(uint64_t pdpte) {
  return (pdpte & 1) && (pdpte & 0xFFFF'FFF0'0000'01E6ull) != 0;
}

}  // namespace mkemu
