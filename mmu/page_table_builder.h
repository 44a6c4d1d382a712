#pragma once
// Builds 32-bit and PAE page tables in guest RAM in the formats of the Intel
// SDM vol. 3 (4.3: figures 4-4 and tables 4-4 to 4-6; 4.4: tables 4-8 to
// 4-11). Used by the MMU's unit tests and benches, written from the SDM and
// not from the walker, so that the two check each other.
#include <cstdint>
#include <cstring>
#include <span>

#include "platform/core/phys_memory.h"

namespace mkemu::paging {

inline constexpr uint32_t kP = 1u << 0;
inline constexpr uint32_t kRw = 1u << 1;
inline constexpr uint32_t kUs = 1u << 2;
inline constexpr uint32_t kA = 1u << 5;
inline constexpr uint32_t kD = 1u << 6;
inline constexpr uint32_t kPs = 1u << 7;
inline constexpr uint32_t kG = 1u << 8;

inline uint32_t peek32(const PhysicalMemoryMap& mem, uint32_t addr) {
  uint8_t b[4];
  mem.peek(addr, b);
  uint32_t v;
  std::memcpy(&v, b, 4);
  return v;
}
inline void poke32(PhysicalMemoryMap& mem, uint32_t addr, uint32_t v) {
  uint8_t b[4];
  std::memcpy(b, &v, 4);
  mem.poke(addr, b);
}
inline uint64_t peek64(const PhysicalMemoryMap& mem, uint32_t addr) {
  return uint64_t{peek32(mem, addr)} | uint64_t{peek32(mem, addr + 4)} << 32;
}
inline void poke64(PhysicalMemoryMap& mem, uint32_t addr, uint64_t v) {
  poke32(mem, addr, static_cast<uint32_t>(v));
  poke32(mem, addr + 4, static_cast<uint32_t>(v >> 32));
}

// 32-bit paging: a page directory at `directory` (CR3), page tables taken in
// order from `table_pool` (4 KiB each, zeroed by the caller's RAM).
class PageTables32 {
 public:
  PageTables32(PhysicalMemoryMap& mem, uint32_t directory, uint32_t table_pool)
      : mem_(mem), directory_(directory), next_table_(table_pool) {}

  uint32_t cr3() const { return directory_; }
  // PDE: bits 31:22 of the linear address select one of 1024 4-byte entries.
  uint32_t pde_address(uint32_t linear) const { return directory_ + (linear >> 22) * 4; }
  // PTE: bits 21:12 select an entry of the table the PDE points to.
  uint32_t pte_address(uint32_t linear) const {
    return (peek32(mem_, pde_address(linear)) & ~0xFFFu) + ((linear >> 12) & 0x3FF) * 4;
  }

  // Maps a 4 KiB page. A missing page table is allocated with `pde_flags`;
  // an existing PDE keeps its flags unless `pde_flags` is given again by
  // set_pde_flags().
  void map_4k(uint32_t linear, uint32_t phys, uint32_t pte_flags,
              uint32_t pde_flags = kP | kRw | kUs) {
    uint32_t pde = peek32(mem_, pde_address(linear));
    if (!(pde & kP) || (pde & kPs)) {
      uint32_t table = next_table_;
      next_table_ += 0x1000;
      poke32(mem_, pde_address(linear), table | pde_flags);
    }
    poke32(mem_, pte_address(linear), (phys & ~0xFFFu) | pte_flags);
  }
  // Maps a 4 MiB page (PDE with PS = 1; bits 31:22 are the frame).
  void map_4m(uint32_t linear, uint32_t phys, uint32_t flags) {
    poke32(mem_, pde_address(linear), (phys & 0xFFC0'0000u) | flags | kPs);
  }
  void set_pde_flags(uint32_t linear, uint32_t flags) {
    uint32_t a = pde_address(linear);
    poke32(mem_, a, (peek32(mem_, a) & ~0xFFFu) | flags);
  }
  uint32_t pde(uint32_t linear) const { return peek32(mem_, pde_address(linear)); }
  uint32_t pte(uint32_t linear) const { return peek32(mem_, pte_address(linear)); }
  void set_pte(uint32_t linear, uint32_t value) { poke32(mem_, pte_address(linear), value); }
  void set_pde(uint32_t linear, uint32_t value) { poke32(mem_, pde_address(linear), value); }

 private:
  PhysicalMemoryMap& mem_;
  uint32_t directory_;
  uint32_t next_table_;
};

// PAE paging: a 32-byte PDPT at `pdpt` (CR3), directories and tables taken
// from `table_pool`. Entries are 8 bytes.
class PageTablesPae {
 public:
  PageTablesPae(PhysicalMemoryMap& mem, uint32_t pdpt, uint32_t table_pool)
      : mem_(mem), pdpt_(pdpt), next_table_(table_pool) {}

  uint32_t cr3() const { return pdpt_; }
  // Bits 31:30 select the PDPTE, 29:21 the PDE, 20:12 the PTE.
  uint32_t pdpte_address(uint32_t linear) const { return pdpt_ + (linear >> 30) * 8; }
  uint32_t pde_address(uint32_t linear) const {
    return (static_cast<uint32_t>(peek64(mem_, pdpte_address(linear))) & ~0xFFFu) +
           ((linear >> 21) & 0x1FF) * 8;
  }
  uint32_t pte_address(uint32_t linear) const {
    return (static_cast<uint32_t>(peek64(mem_, pde_address(linear))) & ~0xFFFu) +
           ((linear >> 12) & 0x1FF) * 8;
  }

  void ensure_directory(uint32_t linear) {
    if (!(peek64(mem_, pdpte_address(linear)) & kP)) {
      poke64(mem_, pdpte_address(linear), allocate() | kP);  // PDPTE: only P (and PWT/PCD)
    }
  }
  void map_4k(uint32_t linear, uint32_t phys, uint64_t pte_flags,
              uint32_t pde_flags = kP | kRw | kUs) {
    ensure_directory(linear);
    uint64_t pde = peek64(mem_, pde_address(linear));
    if (!(pde & kP) || (pde & kPs)) poke64(mem_, pde_address(linear), allocate() | pde_flags);
    poke64(mem_, pte_address(linear), (phys & ~0xFFFu) | pte_flags);
  }
  void map_2m(uint32_t linear, uint32_t phys, uint64_t flags) {
    ensure_directory(linear);
    poke64(mem_, pde_address(linear), (phys & 0xFFE0'0000u) | flags | kPs);
  }
  uint64_t pde(uint32_t linear) const { return peek64(mem_, pde_address(linear)); }
  uint64_t pte(uint32_t linear) const { return peek64(mem_, pte_address(linear)); }
  void set_pte(uint32_t linear, uint64_t v) { poke64(mem_, pte_address(linear), v); }
  void set_pde(uint32_t linear, uint64_t v) { poke64(mem_, pde_address(linear), v); }
  void set_pdpte(uint32_t linear, uint64_t v) { poke64(mem_, pdpte_address(linear), v); }

 private:
  uint32_t allocate() {
    uint32_t t = next_table_;
    next_table_ += 0x1000;
    return t;
  }
  PhysicalMemoryMap& mem_;
  uint32_t pdpt_;
  uint32_t next_table_;
};

}  // namespace mkemu::paging
