// PAE paging (Intel SDM vol. 3, 4.4): 8-byte entries, four PDPTE registers
// loaded from CR3 (4.4.1), 2 MiB pages, reserved bits 63:MAXPHYADDR (36 on
// the P6 family without CPUID 80000008h) giving RSVD faults.
#include <gtest/gtest.h>

#include "mmu/mmu.h"
#include "mmu/page_table_builder.h"

namespace mkemu {
namespace {

using namespace paging;

constexpr uint32_t kCr0PePgWp = 0x8001'0001u;
constexpr uint32_t kCr4Pae = 0x20u;
constexpr uint32_t kPdpt = 0x0001'0020;  // 32-byte aligned

struct Rig {
  PhysicalMemoryMap mem{32u << 20};
  Clock clock;
  ObserverHub hub;
  Mmu mmu{mem, clock, hub};
  PageTablesPae pt{mem, kPdpt, 0x0002'0000};
  PageFaultInfo fault;

  void enable() {
    mmu.set_cr4(kCr4Pae);
    mmu.set_cr3(pt.cr3());
    mmu.set_cr0(kCr0PePgWp);
  }
  int64_t fault_of(uint32_t linear, AccessType type, bool user = false) {
    uint32_t phys;
    if (mmu.translate(linear, type, user, phys, fault)) return -1;
    return fault.error_code;
  }
  uint32_t phys_of(uint32_t linear) {
    uint32_t phys = 0;
    EXPECT_TRUE(mmu.translate(linear, AccessType::kRead, false, phys, fault))
        << std::hex << fault.error_code;
    return phys;
  }
};

TEST(MmuPae, FourKPageTranslatesThroughThreeLevels) {
  Rig r;
  r.pt.map_4k(0xC040'3000, 0x0012'3000, kP | kRw | kUs);
  r.enable();
  EXPECT_EQ(r.phys_of(0xC040'3ABC), 0x0012'3ABCu);
  EXPECT_EQ(r.fault_of(0xC040'4000, AccessType::kRead), 0);
  EXPECT_EQ(r.fault_of(0x0040'3000, AccessType::kWrite, true), 6);  // PDPTE 0 not present
}

TEST(MmuPae, TwoMegPages) {
  Rig r;
  r.pt.map_2m(0x8060'0000, 0x0120'0000, kP | kRw);
  r.enable();
  // 2 MiB page: bits 31:21 of the PDE plus bits 20:0 of the linear address.
  EXPECT_EQ(r.phys_of(0x807F'FFF0), 0x013F'FFF0u);
  EXPECT_EQ(r.fault_of(0x8060'0000, AccessType::kRead, true), 5);
}

TEST(MmuPae, AccessedAndDirtyAreWrittenInTheLowDword) {
  Rig r;
  r.pt.map_4k(0x4000'0000, 0x0012'3000, kP | kRw);
  r.enable();
  ASSERT_TRUE(r.mmu.write(0x4000'0010, 4, false, 1, r.fault));
  EXPECT_EQ(r.pt.pte(0x4000'0000), uint64_t{0x0012'3000u | kP | kRw | kA | kD});
  EXPECT_EQ(r.pt.pde(0x4000'0000) & (kA | kD), uint64_t{kA});
}

TEST(MmuPae, PdptesAreRegistersLoadedOnCr3Write) {
  Rig r;
  r.pt.map_4k(0x4000'0000, 0x0012'3000, kP | kRw);
  r.enable();
  uint64_t pdpte = peek64(r.mem, r.pt.pdpte_address(0x4000'0000));
  r.pt.set_pdpte(0x4000'0000, 0);  // not present in memory now
  r.mmu.invlpg(0x4000'0000);       // INVLPG does not reload PDPTEs
  EXPECT_EQ(r.phys_of(0x4000'0000), 0x0012'3000u);
  r.mmu.set_cr3(r.pt.cr3());
  EXPECT_EQ(r.fault_of(0x4000'0000, AccessType::kRead), 0);
  r.pt.set_pdpte(0x4000'0000, pdpte);
  r.mmu.set_cr3(r.pt.cr3());
  EXPECT_EQ(r.phys_of(0x4000'0000), 0x0012'3000u);
}

TEST(MmuPae, ReservedBitsInEntriesFaultWithRsvd) {
  Rig r;
  r.pt.map_4k(0x4000'0000, 0x0012'3000, kP | kRw);
  r.pt.map_4k(0x4020'0000, 0x0012'4000, kP | kRw);
  r.pt.map_2m(0x4040'0000, 0x0120'0000, kP | kRw);
  r.pt.map_2m(0x4060'0000, 0x0140'0000, kP | kRw);
  r.pt.set_pte(0x4000'0000, r.pt.pte(0x4000'0000) | (uint64_t{1} << 40));
  r.pt.set_pde(0x4040'0000, r.pt.pde(0x4040'0000) | (1u << 13));
  r.pt.set_pde(0x4060'0000, r.pt.pde(0x4060'0000) | (uint64_t{1} << 63));  // XD without NXE
  r.enable();
  EXPECT_EQ(r.fault_of(0x4000'0000, AccessType::kRead), 9);
  EXPECT_EQ(r.fault_of(0x4000'0000, AccessType::kWrite, true), 0xF);
  EXPECT_EQ(r.fault_of(0x4040'0000, AccessType::kRead), 9);
  EXPECT_EQ(r.fault_of(0x4060'0000, AccessType::kExecute), 9);
  EXPECT_EQ(r.fault_of(0x4020'0000, AccessType::kRead), -1);
  EXPECT_EQ(r.pt.pte(0x4000'0000) & kA, 0u);
}

TEST(MmuPae, PdpteReservedBitsAreReportedForGp) {
  Rig r;
  r.pt.map_4k(0x4000'0000, 0x0012'3000, kP | kRw);
  EXPECT_TRUE(r.mmu.pdptes_valid(kPdpt));
  uint64_t pdpte = peek64(r.mem, r.pt.pdpte_address(0x4000'0000));
  // R/W (bit 1) is reserved in a PAE PDPTE: MOV to CR3 raises #GP(0).
  r.pt.set_pdpte(0x4000'0000, pdpte | kRw);
  EXPECT_FALSE(r.mmu.pdptes_valid(kPdpt));
  // Reserved bits in a not-present PDPTE are ignored.
  r.pt.set_pdpte(0x4000'0000, kRw);
  EXPECT_TRUE(r.mmu.pdptes_valid(kPdpt));
}

TEST(MmuPae, EnablingPagingLoadsThePdptes) {
  Rig r;
  r.pt.map_4k(0x4000'0000, 0x0012'3000, kP | kRw);
  r.mmu.set_cr3(r.pt.cr3());  // paging off: nothing loaded yet
  r.mmu.set_cr4(kCr4Pae);
  r.mmu.set_cr0(kCr0PePgWp);
  EXPECT_EQ(r.mmu.pdptes()[1], peek64(r.mem, r.pt.pdpte_address(0x4000'0000)));
  EXPECT_EQ(r.phys_of(0x4000'0000), 0x0012'3000u);
}

}  // namespace
}  // namespace mkemu
