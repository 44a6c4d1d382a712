#pragma once
// Shape and cost of the modelled TLBs for each CPU model (see docs/mmu.md for
// the sources). The geometry is configuration, not state: the Cpu constructor
// sets it once from the CPU model before the guest runs.
#include <cstdint>
#include <string_view>

namespace mkemu {

struct TlbArrayGeometry {
  uint16_t entries = 0;  // 0: no such array (see TlbGeometry::large_in_small_*)
  uint8_t ways = 1;      // 1, 2, 4 or 8; entries / ways sets (a power of two)
};

struct TlbGeometry {
  std::string_view name;
  // One TLB serves fetches and data (i486); the i* arrays are then unused.
  bool unified = false;
  TlbArrayGeometry itlb_small;  // 4 KiB pages
  TlbArrayGeometry itlb_large;  // 4 MiB / 2 MiB pages
  TlbArrayGeometry dtlb_small;
  TlbArrayGeometry dtlb_large;
  // Whether the 4 MiB PDE's bit 12 is PAT (not reserved).
  bool pat = false;

  // Page-walk cost added to Clock::cycles on a TLB miss: a fixed part plus one
  // part per paging-structure read and per accessed/dirty write-back.
  uint16_t walk_base_cycles = 0;
  uint16_t walk_read_cycles = 0;
  uint16_t walk_write_cycles = 0;

  // Intel486: one 32-entry 4-way TLB for code and data, pseudo-LRU.
  static TlbGeometry i486();
  // Pentium (P54C): 32-entry 4-way code TLB (4 MiB code pages cached in it as
  // 4 KiB pieces), 64-entry 4-way data TLB, 8-entry 4-way data TLB for 4 MiB.
  static TlbGeometry pentium();
  // P6 family (CPUID leaf 2 descriptors 01h-04h): ITLB 32x4-way (4K), 2
  // entries fully associative (4M); DTLB 64x4-way (4K), 8x4-way (4M).
  static TlbGeometry p6();
};

}  // namespace mkemu
