#include "mmu/page_walk.h"

#include <array>

namespace mkemu {
namespace {

constexpr uint32_t kP = 1u << 0;
constexpr uint32_t kRw = 1u << 1;
constexpr uint32_t kUs = 1u << 2;
constexpr uint32_t kA = 1u << 5;
constexpr uint32_t kD = 1u << 6;
constexpr uint32_t kPs = 1u << 7;
constexpr uint32_t kG = 1u << 8;
constexpr uint32_t kCr0Wp = 1u << 16;
constexpr uint32_t kCr4Pse = 1u << 4;
constexpr uint32_t kCr4Pae = 1u << 5;
constexpr uint32_t kCr4Pge = 1u << 7;

// Reads and writes of paging-structure entries; without commit, reads peek
// and writes are dropped.
class TableAccess {
 public:
  TableAccess(PhysicalMemoryMap& phys, bool commit, WalkResult& result)
      : phys_(phys), commit_(commit), result_(result) {}

  uint32_t read32(uint32_t addr) {
    ++result_.reads;
    if (commit_) return phys_.read(addr, 4);
    std::array<uint8_t, 4> b{};
    phys_.peek(addr, b);
    return uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24;
  }
  uint64_t read64(uint32_t addr) {
    uint64_t lo = read32(addr);
    --result_.reads;  // one 8-byte entry is one reference
    uint64_t hi = read32(addr + 4);
    return lo | hi << 32;
  }
  // Sets `bits` in the entry's low dword if any is clear.
  void set_bits(uint32_t addr, uint32_t entry_low, uint32_t bits) {
    if ((entry_low & bits) == bits || !commit_) return;
    ++result_.writes;
    phys_.write(addr, 4, entry_low | bits);
  }

 private:
  PhysicalMemoryMap& phys_;
  bool commit_;
  WalkResult& result_;
};

WalkResult fault(WalkResult r, bool present, AccessType type, bool user, bool reserved) {
  r.ok = false;
  r.error_code = page_fault_error(present, type, user, reserved);
  return r;
}

// Checks the rights of the final translation and writes its A/D flags.
WalkResult finish(WalkResult r, TableAccess& tables, uint32_t leaf_addr, uint32_t leaf,
                  const PagingRegs& regs, AccessType type, bool user) {
  if (!access_allowed(r.writable, r.user, type, user, (regs.cr0 & kCr0Wp) != 0)) {
    return fault(r, true, type, user, false);
  }
  uint32_t bits = kA | (type == AccessType::kWrite ? kD : 0);
  tables.set_bits(leaf_addr, leaf, bits);
  r.ok = true;
  r.dirty = ((leaf | bits) & kD) != 0;
  r.global = (leaf & kG) && (regs.cr4 & kCr4Pge);
  return r;
}

WalkResult walk_32bit(TableAccess& tables, WalkResult r, const PagingRegs& regs, uint32_t linear,
                      AccessType type, bool user) {
  uint32_t pde_addr = ((regs.cr3 & ~0xFFFu) | ((linear >> 20) & 0xFFCu)) & regs.a20_mask;
  uint32_t pde = tables.read32(pde_addr);
  if (!(pde & kP)) return fault(r, false, type, user, false);
  if ((pde & kPs) && (regs.cr4 & kCr4Pse)) {
    // 4 MiB page. Without PSE-36, bits 21:13 are reserved (and bit 12 too
    // when PAT is not supported): SDM 4.3, table 4-4.
    uint32_t reserved = 0x003F'E000u | (regs.pat ? 0 : 0x1000u);
    if (pde & reserved) return fault(r, true, type, user, true);
    r.phys_base = pde & 0xFFC0'0000u;
    r.shift = 22;
    r.writable = pde & kRw;
    r.user = pde & kUs;
    return finish(r, tables, pde_addr, pde, regs, type, user);
  }
  tables.set_bits(pde_addr, pde, kA);
  uint32_t pte_addr = ((pde & ~0xFFFu) | ((linear >> 10) & 0xFFCu)) & regs.a20_mask;
  uint32_t pte = tables.read32(pte_addr);
  if (!(pte & kP)) return fault(r, false, type, user, false);
  r.phys_base = pte & ~0xFFFu;
  r.shift = 12;
  r.writable = (pde & pte & kRw) != 0;
  r.user = (pde & pte & kUs) != 0;
  return finish(r, tables, pte_addr, pte, regs, type, user);
}

WalkResult walk_pae(TableAccess& tables, WalkResult r, const PagingRegs& regs, uint32_t linear,
                    AccessType type, bool user) {
  // Bits 63:36 are reserved in every PAE entry (MAXPHYADDR 36, no NX); the
  // platform decodes 32 address lines, so bits 35:32 are dropped (as on a
  // chipset without addresses above 4 GiB).
  constexpr uint64_t kHighReserved = 0xFFFF'FFF0'0000'0000ull;
  uint64_t pdpte = regs.pdpte[linear >> 30];
  if (!(pdpte & kP)) return fault(r, false, type, user, false);
  uint32_t pde_addr =
      ((static_cast<uint32_t>(pdpte) & ~0xFFFu) | ((linear >> 18) & 0xFF8u)) & regs.a20_mask;
  uint64_t pde = tables.read64(pde_addr);
  if (!(pde & kP)) return fault(r, false, type, user, false);
  auto pde_low = static_cast<uint32_t>(pde);
  if (pde & kPs) {
    uint64_t reserved = kHighReserved | 0x001F'E000u | (regs.pat ? 0 : 0x1000u);
    if (pde & reserved) return fault(r, true, type, user, true);
    r.phys_base = pde_low & 0xFFE0'0000u;
    r.shift = 21;
    r.writable = pde & kRw;
    r.user = pde & kUs;
    return finish(r, tables, pde_addr, pde_low, regs, type, user);
  }
  if (pde & kHighReserved) return fault(r, true, type, user, true);
  tables.set_bits(pde_addr, pde_low, kA);
  uint32_t pte_addr = ((pde_low & ~0xFFFu) | ((linear >> 9) & 0xFF8u)) & regs.a20_mask;
  uint64_t pte = tables.read64(pte_addr);
  if (!(pte & kP)) return fault(r, false, type, user, false);
  if (pte & kHighReserved) return fault(r, true, type, user, true);
  auto pte_low = static_cast<uint32_t>(pte);
  r.phys_base = pte_low & ~0xFFFu;
  r.shift = 12;
  r.writable = (pde_low & pte_low & kRw) != 0;
  r.user = (pde_low & pte_low & kUs) != 0;
  return finish(r, tables, pte_addr, pte_low, regs, type, user);
}

}  // namespace

WalkResult walk_page_tables(PhysicalMemoryMap& phys, const PagingRegs& regs, uint32_t linear,
                            AccessType type, bool user, bool commit) {
  WalkResult r;
  TableAccess tables(phys, commit, r);
  // `r` is filled through `tables` (counters) and returned by value below.
  WalkResult out = (regs.cr4 & kCr4Pae) ? walk_pae(tables, r, regs, linear, type, user)
                                        : walk_32bit(tables, r, regs, linear, type, user);
  out.reads = r.reads;
  out.writes = r.writes;
  return out;
}

}  // namespace mkemu
