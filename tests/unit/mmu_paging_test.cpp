// The 32-bit page walk against the Intel SDM vol. 3: 4.3 (entry formats,
// 4 MiB pages with CR4.PSE), 4.6 (access rights, CR0.WP, U/S), 4.7 (error
// codes). Page tables are built in RAM by the test from the SDM formats.
#include <gtest/gtest.h>

#include "mmu/paging_rig.h"

namespace mkemu {
namespace {

using namespace paging;

constexpr uint32_t kCr0PePg = kCr0Pe | kCr0Pg;

struct Rig : PagingRig {
  void enable(uint32_t cr4 = 0, bool wp = true) {
    PagingRig::enable(cr4, kCr0PePg | (wp ? kCr0Wp : 0));
  }
  // Translates and returns the error code, or -1 when the access succeeded.
  int64_t fault_of(uint32_t linear, AccessType type, bool user) {
    uint32_t phys = 0;
    PageFaultInfo f;
    if (mmu.translate(linear, type, user, phys, f)) return -1;
    EXPECT_EQ(f.linear, linear);
    return f.error_code;
  }
  uint32_t phys_of(uint32_t linear, AccessType type = AccessType::kRead, bool user = false) {
    uint32_t phys = 0;
    PageFaultInfo f;
    EXPECT_TRUE(mmu.translate(linear, type, user, phys, f)) << std::hex << f.error_code;
    return phys;
  }
};

TEST(MmuPaging, FourKPageTranslatesThroughDirectoryAndTable) {
  Rig r;
  r.pt.map_4k(0x0040'0000, 0x0012'3000, kP | kRw | kUs);
  r.enable();
  EXPECT_EQ(r.phys_of(0x0040'0ABC), 0x0012'3ABCu);
  PageFaultInfo f;
  ASSERT_TRUE(r.mmu.write(0x0040'0ABC, 4, false, 0xCAFEF00D, f));
  EXPECT_EQ(peek32(r.mem, 0x0012'3ABC), 0xCAFEF00Du);
  uint32_t value = 0;
  ASSERT_TRUE(r.mmu.read(0x0040'0ABC, 2, true, value, f));
  EXPECT_EQ(value, 0xF00Du);
}

TEST(MmuPaging, NotPresentEntriesFaultWithPClear) {
  Rig r;
  r.pt.map_4k(0x0040'0000, 0x0012'3000, kP | kRw | kUs);
  r.pt.map_4k(0x0040'1000, 0x0012'4000, kRw | kUs);  // PTE.P = 0
  r.enable();
  // Error code: bit 1 = write, bit 2 = user access; P = 0 (SDM 4.7).
  EXPECT_EQ(r.fault_of(0x0040'1000, AccessType::kRead, false), 0);
  EXPECT_EQ(r.fault_of(0x0040'1004, AccessType::kWrite, false), 2);
  EXPECT_EQ(r.fault_of(0x0040'1008, AccessType::kRead, true), 4);
  EXPECT_EQ(r.fault_of(0x0040'100C, AccessType::kWrite, true), 6);
  // PDE.P = 0 (nothing mapped at 0x00800000).
  EXPECT_EQ(r.fault_of(0x0080'0000, AccessType::kExecute, true), 4);
}

TEST(MmuPaging, UserAccessToSupervisorPageIsProtectionFault) {
  Rig r;
  r.pt.map_4k(0x0040'0000, 0x0012'3000, kP | kRw);  // U/S = 0 in the PTE
  r.enable();
  EXPECT_EQ(r.fault_of(0x0040'0000, AccessType::kRead, true), 5);
  EXPECT_EQ(r.fault_of(0x0040'0000, AccessType::kWrite, true), 7);
  EXPECT_EQ(r.fault_of(0x0040'0000, AccessType::kRead, false), -1);
  EXPECT_EQ(r.fault_of(0x0040'0000, AccessType::kWrite, false), -1);
}

TEST(MmuPaging, UserRightsAreTheAndOfDirectoryAndTable) {
  Rig r;
  r.pt.map_4k(0x0040'0000, 0x0012'3000, kP | kRw | kUs, kP | kRw);  // PDE U/S = 0
  r.pt.map_4k(0x0080'0000, 0x0012'4000, kP | kRw | kUs, kP | kUs);  // PDE R/W = 0
  r.enable();
  EXPECT_EQ(r.fault_of(0x0040'0000, AccessType::kRead, true), 5);
  EXPECT_EQ(r.fault_of(0x0080'0000, AccessType::kRead, true), -1);
  EXPECT_EQ(r.fault_of(0x0080'0000, AccessType::kWrite, true), 7);
}

TEST(MmuPaging, SupervisorWritesToReadOnlyPagesObeyCr0Wp) {
  Rig r;
  r.pt.map_4k(0x0040'0000, 0x0012'3000, kP | kUs);  // read-only
  r.enable(0, /*wp=*/false);
  PageFaultInfo f;
  ASSERT_TRUE(r.mmu.write(0x0040'0010, 4, false, 0x11223344, f));
  EXPECT_EQ(peek32(r.mem, 0x0012'3010), 0x11223344u);
  // WP applies to the cached translation too: no TLB flush is needed.
  r.mmu.set_cr0(kCr0PePg | kCr0Wp);
  EXPECT_FALSE(r.mmu.write(0x0040'0010, 4, false, 0x55667788, f));
  EXPECT_EQ(f.error_code, 3u);
  EXPECT_EQ(peek32(r.mem, 0x0012'3010), 0x11223344u);
  // User writes to read-only pages fault whatever WP says.
  r.mmu.set_cr0(kCr0PePg);
  EXPECT_EQ(r.fault_of(0x0040'0010, AccessType::kWrite, true), 7);
}

TEST(MmuPaging, FourMegPagesNeedCr4Pse) {
  Rig r;
  // A PDE with PS = 1 whose bits 31:12 also point at a page table at
  // 0x01000000 (bits 21:12 = 0), with a PTE for the first page.
  r.pt.set_pde(0x00C0'0000, 0x0100'0000u | kP | kRw | kUs | kPs);
  poke32(r.mem, 0x0100'0000 + ((0x00C0'0000u >> 12) & 0x3FF) * 4, 0x0002'0000u | kP | kRw);
  r.enable(kCr4Pse);
  // 4 MiB page: bits 31:22 of the PDE plus bits 21:0 of the linear address.
  EXPECT_EQ(r.phys_of(0x00C1'2345), 0x0101'2345u);
  // CR4.PSE = 0: PS is ignored and the PDE references a page table.
  r.mmu.set_cr4(0);
  EXPECT_EQ(r.phys_of(0x00C0'0345), 0x0002'0345u);
}

TEST(MmuPaging, FourMegPageReservedBitsFaultWithRsvd) {
  Rig r;
  r.pt.set_pde(0x00C0'0000, 0x0100'0000u | kP | kRw | kUs | kPs | (1u << 13));
  r.enable(kCr4Pse);
  // Bits 21:13 are reserved without PSE-36: P = 1, RSVD = 1 (SDM 4.7).
  EXPECT_EQ(r.fault_of(0x00C0'0000, AccessType::kRead, false), 9);
  EXPECT_EQ(r.fault_of(0x00C0'0000, AccessType::kWrite, true), 0xF);
  // A faulting walk writes no accessed flag into the reserved entry.
  EXPECT_EQ(r.pt.pde(0x00C0'0000) & kA, 0u);
}

TEST(MmuPaging, FetchesUseReadRightsAndNeverSetInstructionBit) {
  Rig r;
  r.pt.map_4k(0x0040'0000, 0x0012'3000, kP);        // supervisor, read-only
  r.pt.map_4k(0x0040'1000, 0x0012'4000, kP | kUs);  // user, read-only
  r.enable();
  EXPECT_EQ(r.fault_of(0x0040'0000, AccessType::kExecute, false), -1);
  // I/D (bit 4) is reported only with NX or SMEP (SDM 4.7), absent here.
  EXPECT_EQ(r.fault_of(0x0040'0000, AccessType::kExecute, true), 5);
  EXPECT_EQ(r.fault_of(0x0040'1000, AccessType::kExecute, true), -1);
  EXPECT_EQ(r.fault_of(0x0040'2000, AccessType::kExecute, false), 0);
}

TEST(MmuPaging, PeekTranslateWalksWithoutSideEffects) {
  Rig r;
  r.pt.map_4k(0x0040'0000, 0x0012'3000, kP | kRw);
  r.enable();
  uint32_t pde = r.pt.pde(0x0040'0000), pte = r.pt.pte(0x0040'0000);
  uint32_t phys = 0;
  ASSERT_TRUE(r.mmu.peek_translate(0x0040'0123, false, AccessType::kWrite, phys));
  EXPECT_EQ(phys, 0x0012'3123u);
  EXPECT_FALSE(r.mmu.peek_translate(0x0040'0123, true, AccessType::kRead, phys));
  EXPECT_FALSE(r.mmu.peek_translate(0x0080'0000, false, AccessType::kRead, phys));
  EXPECT_EQ(r.pt.pde(0x0040'0000), pde);
  EXPECT_EQ(r.pt.pte(0x0040'0000), pte);
  EXPECT_EQ(r.clock.cycles, 0u);
  EXPECT_TRUE(r.mmu.tlb_entries().empty());
}

TEST(MmuPaging, WithoutPagingTranslationIsIdentityUnderA20) {
  Rig r;
  EXPECT_EQ(r.phys_of(0x0012'3456), 0x0012'3456u);
  r.mmu.set_a20(false);
  EXPECT_EQ(r.phys_of(0x0012'3456), 0x0002'3456u);
  EXPECT_EQ(r.clock.cycles, 0u);
}

}  // namespace
}  // namespace mkemu
