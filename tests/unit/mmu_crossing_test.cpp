// Accesses that cross a page boundary: both pages are translated before any
// byte is written, so a fault on the second page leaves memory unchanged and
// reports the second page's first byte as the faulting address (CR2).
#include <gtest/gtest.h>

#include "mmu/paging_rig.h"

namespace mkemu {
namespace {

using namespace paging;

constexpr uint32_t kBase = 0x0040'0000;

struct Rig : PagingRig {
  Rig() {
    // Two linear neighbours on frames that are not neighbours.
    pt.map_4k(kBase, 0x0020'0000, kP | kRw | kUs);
    pt.map_4k(kBase + 0x1000, 0x0010'0000, kP | kRw | kUs);
    poke32(mem, 0x0020'0FFC, 0x44332211);
    poke32(mem, 0x0010'0000, 0x88776655);
    enable();
  }
};

TEST(MmuCrossing, ReadAssemblesBytesFromBothFrames) {
  Rig r;
  uint32_t v = 0;
  ASSERT_TRUE(r.mmu.read(kBase + 0xFFE, 4, false, v, r.fault));
  EXPECT_EQ(v, 0x66554433u);
  ASSERT_TRUE(r.mmu.read(kBase + 0xFFF, 2, true, v, r.fault));
  EXPECT_EQ(v, 0x5544u);
}

TEST(MmuCrossing, WriteSplitsAcrossBothFrames) {
  Rig r;
  ASSERT_TRUE(r.mmu.write(kBase + 0xFFD, 4, false, 0xDDCCBBAA, r.fault));
  EXPECT_EQ(peek32(r.mem, 0x0020'0FFC), 0xCCBBAA11u);
  EXPECT_EQ(peek32(r.mem, 0x0010'0000), 0x887766DDu);
}

TEST(MmuCrossing, FaultOnTheSecondPageLeavesMemoryUnchanged) {
  Rig r;
  r.pt.set_pte(kBase + 0x1000, 0x0010'0000u | kRw | kUs);  // not present
  EXPECT_FALSE(r.mmu.write(kBase + 0xFFE, 4, true, 0xDDCCBBAA, r.fault));
  EXPECT_EQ(r.fault.linear, kBase + 0x1000);
  EXPECT_EQ(r.fault.error_code, 6u);
  EXPECT_EQ(peek32(r.mem, 0x0020'0FFC), 0x44332211u);
  EXPECT_EQ(peek32(r.mem, 0x0010'0000), 0x88776655u);
}

TEST(MmuCrossing, ProtectionFaultOnTheSecondPageLeavesMemoryUnchanged) {
  Rig r;
  r.pt.set_pte(kBase + 0x1000, 0x0010'0000u | kP | kUs);  // read-only
  EXPECT_FALSE(r.mmu.write(kBase + 0xFFF, 2, true, 0xBBAA, r.fault));
  EXPECT_EQ(r.fault.linear, kBase + 0x1000);
  EXPECT_EQ(r.fault.error_code, 7u);
  EXPECT_EQ(peek32(r.mem, 0x0020'0FFC), 0x44332211u);
  EXPECT_EQ(peek32(r.mem, 0x0010'0000), 0x88776655u);
  // Reads of the same bytes are allowed.
  uint32_t v = 0;
  EXPECT_TRUE(r.mmu.read(kBase + 0xFFF, 2, true, v, r.fault));
  EXPECT_EQ(v, 0x5544u);
}

TEST(MmuCrossing, FastPathNeverServesACrossingAccess) {
  Rig r;
  uint32_t v = 0;
  ASSERT_TRUE(r.mmu.read(kBase + 0xFF0, 4, false, v, r.fault));
  ASSERT_TRUE(r.mmu.read(kBase + 0x1000, 4, false, v, r.fault));
  EXPECT_NE(r.mmu.fast_read(kBase + 0xFFC, 4, false), nullptr);
  EXPECT_EQ(r.mmu.fast_read(kBase + 0xFFD, 4, false), nullptr);
}

}  // namespace
}  // namespace mkemu
