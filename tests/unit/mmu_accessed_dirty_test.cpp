// Accessed and dirty flags (Intel SDM vol. 3, 4.8): A is set in every entry
// the walk uses, D only in the entry that maps the page and only on writes;
// flags cleared by software are not set again while the TLB holds the
// translation (4.8, 4.10.3). On a faulting walk the final entry is not
// touched; a directory entry the walk moved past has A set (as QEMU does).
#include <gtest/gtest.h>

#include "mmu/paging_rig.h"

namespace mkemu {
namespace {

using namespace paging;

constexpr uint32_t kPage = 0x0040'0000;

struct Rig : PagingRig {
  bool read(uint32_t linear, bool user = false) {
    uint32_t v;
    return mmu.read(linear, 4, user, v, fault);
  }
  bool write(uint32_t linear, bool user = false) {
    return mmu.write(linear, 4, user, 0x1234, fault);
  }
};

TEST(MmuAccessedDirty, ReadSetsAccessedInBothLevelsAndNoDirty) {
  Rig r;
  r.pt.map_4k(kPage, 0x0012'3000, kP | kRw | kUs);
  r.enable();
  ASSERT_TRUE(r.read(kPage));
  EXPECT_EQ(r.pt.pde(kPage) & (kA | kD), kA);
  EXPECT_EQ(r.pt.pte(kPage) & (kA | kD), kA);
}

TEST(MmuAccessedDirty, WriteSetsDirtyOnlyInTheFinalEntry) {
  Rig r;
  r.pt.map_4k(kPage, 0x0012'3000, kP | kRw | kUs);
  r.enable();
  ASSERT_TRUE(r.write(kPage));
  EXPECT_EQ(r.pt.pte(kPage) & (kA | kD), kA | kD);
  EXPECT_EQ(r.pt.pde(kPage) & (kA | kD), kA);
}

TEST(MmuAccessedDirty, FourMegWriteSetsDirtyInThePde) {
  Rig r;
  r.pt.map_4m(0x00C0'0000, 0x0100'0000, kP | kRw);
  r.enable(kCr4Pse);
  ASSERT_TRUE(r.read(0x00C0'1000));
  EXPECT_EQ(r.pt.pde(0x00C0'0000) & (kA | kD), kA);
  ASSERT_TRUE(r.write(0x00C0'2000));
  EXPECT_EQ(r.pt.pde(0x00C0'0000) & (kA | kD), kA | kD);
}

TEST(MmuAccessedDirty, NotPresentPteLeavesItUntouchedAfterPdeAccessed) {
  Rig r;
  r.pt.map_4k(kPage, 0x0012'3000, kRw | kUs);  // PTE.P = 0
  r.enable();
  uint32_t pte = r.pt.pte(kPage);
  EXPECT_FALSE(r.write(kPage));
  EXPECT_EQ(r.fault.error_code, 2u);
  EXPECT_EQ(r.pt.pte(kPage), pte);
  EXPECT_EQ(r.pt.pde(kPage) & kA, kA);
}

TEST(MmuAccessedDirty, ProtectionFaultSetsNoFlagInTheFinalEntry) {
  Rig r;
  r.pt.map_4k(kPage, 0x0012'3000, kP | kUs);           // read-only
  r.pt.map_4k(kPage + 0x1000, 0x0012'4000, kP | kRw);  // supervisor
  r.enable();
  EXPECT_FALSE(r.write(kPage, true));
  EXPECT_EQ(r.fault.error_code, 7u);
  EXPECT_EQ(r.pt.pte(kPage) & (kA | kD), 0u);
  EXPECT_FALSE(r.read(kPage + 0x1000, true));
  EXPECT_EQ(r.fault.error_code, 5u);
  EXPECT_EQ(r.pt.pte(kPage + 0x1000) & (kA | kD), 0u);
}

TEST(MmuAccessedDirty, WriteAfterReadSetsDirtyThroughAnotherWalk) {
  Rig r;
  r.pt.map_4k(kPage, 0x0012'3000, kP | kRw | kUs);
  r.enable();
  ASSERT_TRUE(r.read(kPage));
  uint64_t after_read = r.clock.cycles;
  EXPECT_EQ(r.pt.pte(kPage) & kD, 0u);
  ASSERT_TRUE(r.write(kPage + 8));
  EXPECT_EQ(r.pt.pte(kPage) & kD, kD);
  // The cached entry was clean, so the write walked the tables again:
  // two entry reads and one write-back (D), A already set.
  const TlbGeometry& g = r.mmu.tlb_geometry();
  EXPECT_EQ(r.clock.cycles - after_read,
            uint64_t{g.walk_base_cycles} + 2u * g.walk_read_cycles + g.walk_write_cycles);
}

TEST(MmuAccessedDirty, FlagsClearedBySoftwareStayClearWhileCached) {
  Rig r;
  r.pt.map_4k(kPage, 0x0012'3000, kP | kRw | kUs);
  r.enable();
  ASSERT_TRUE(r.write(kPage));
  r.pt.set_pte(kPage, r.pt.pte(kPage) & ~(kA | kD));
  ASSERT_TRUE(r.read(kPage));
  ASSERT_TRUE(r.write(kPage));
  EXPECT_EQ(r.pt.pte(kPage) & (kA | kD), 0u);
  // After INVLPG the next access walks and sets them again.
  r.mmu.invlpg(kPage);
  ASSERT_TRUE(r.write(kPage));
  EXPECT_EQ(r.pt.pte(kPage) & (kA | kD), kA | kD);
}

TEST(MmuAccessedDirty, FetchSetsAccessedButNeverDirty) {
  Rig r;
  r.pt.map_4k(kPage, 0x0012'3000, kP | kRw | kUs);
  r.enable();
  uint32_t phys;
  ASSERT_TRUE(r.mmu.translate(kPage, AccessType::kExecute, true, phys, r.fault));
  EXPECT_EQ(r.pt.pte(kPage) & (kA | kD), kA);
}

}  // namespace
}  // namespace mkemu
