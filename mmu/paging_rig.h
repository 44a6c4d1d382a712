#pragma once
// An MMU wired to RAM, a clock and an observer hub, with 32-bit page tables
// built in that RAM: the common bench of the MMU's unit tests and benches.
// Tests derive from it and add their own mappings and helpers.
#include <cstdint>

#include "mmu/mmu.h"
#include "mmu/page_table_builder.h"

namespace mkemu::paging {

inline constexpr uint32_t kCr0Pe = 1u << 0;
inline constexpr uint32_t kCr0Wp = 1u << 16;
inline constexpr uint32_t kCr0Pg = 1u << 31;
inline constexpr uint32_t kCr0PePgWp = kCr0Pe | kCr0Wp | kCr0Pg;
inline constexpr uint32_t kCr4Pse = 1u << 4;
inline constexpr uint32_t kCr4Pae = 1u << 5;
inline constexpr uint32_t kCr4Pge = 1u << 7;

// The page directory sits at 64 KiB and page tables follow it.
struct PagingRig {
  explicit PagingRig(uint32_t ram_bytes = 32u << 20) : mem(ram_bytes) {}

  PhysicalMemoryMap mem;
  Clock clock;
  ObserverHub hub;
  Mmu mmu{mem, clock, hub};
  PageTables32 pt{mem, 0x10000, 0x11000};
  PageFaultInfo fault;

  // Turns on paging with the rig's tables (CR4 first, as a guest would).
  void enable(uint32_t cr4 = 0, uint32_t cr0 = kCr0PePgWp) {
    mmu.set_cr4(cr4);
    mmu.set_cr3(pt.cr3());
    mmu.set_cr0(cr0);
  }
};

}  // namespace mkemu::paging
