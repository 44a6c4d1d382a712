// The modelled TLB: stale translations until INVLPG or a flush (Intel SDM
// vol. 3, 4.10.4), global pages (4.10.2.4), spurious faults on stale rights
// (4.10.4.3), and capacity/associativity from the CPUID leaf 2 descriptors of
// the P6 family (01h: ITLB 4K 32 entries 4-way; 03h: DTLB 4K 64 entries
// 4-way; 04h: DTLB 4M 8 entries 4-way) and the Intel486 (32 entries, 4-way,
// one TLB for code and data). A miss costs one page walk in Clock::cycles.
#include <gtest/gtest.h>

#include "mmu/paging_rig.h"

namespace mkemu {
namespace {

using namespace paging;

constexpr uint32_t kBase = 0x0040'0000;
// Entries with A and D already set: a walk is exactly two reads, no writes.
constexpr uint32_t kMapped = kP | kRw | kUs | kA | kD;

struct Rig : PagingRig {
  // Maps `count` pages from kBase onto frames from 0x00100000, tagging each
  // frame's first dword with its page number.
  void map_pages(unsigned count) {
    for (unsigned i = 0; i < count; ++i) {
      pt.map_4k(kBase + i * 0x1000, 0x0010'0000 + i * 0x1000, kMapped, kP | kRw | kUs | kA);
      poke32(mem, 0x0010'0000 + i * 0x1000, i);
    }
  }
  uint32_t read(uint32_t linear, bool user = false) {
    uint32_t v = 0;
    EXPECT_TRUE(mmu.read(linear, 4, user, v, fault)) << std::hex << fault.error_code;
    return v;
  }
  uint64_t walk_cycles() const {
    const TlbGeometry& g = mmu.tlb_geometry();
    return g.walk_base_cycles + 2u * g.walk_read_cycles;
  }
  // Cycles spent by one read.
  uint64_t cost_of_read(uint32_t linear) {
    uint64_t before = clock.cycles;
    read(linear);
    return clock.cycles - before;
  }
};

TEST(MmuTlb, StaleTranslationIsUsedUntilInvlpg) {
  Rig r;
  r.map_pages(2);
  r.enable();
  EXPECT_EQ(r.read(kBase), 0u);
  r.pt.set_pte(kBase, 0x0010'1000u | kMapped);  // now points at page 1's frame
  EXPECT_EQ(r.read(kBase), 0u);                 // still cached
  r.mmu.invlpg(kBase + 0x800);                  // any address in the page
  EXPECT_EQ(r.read(kBase), 1u);
}

TEST(MmuTlb, Cr3WriteFlushesNonGlobalEntries) {
  Rig r;
  r.map_pages(2);
  r.enable();
  EXPECT_EQ(r.read(kBase), 0u);
  r.pt.set_pte(kBase, 0x0010'1000u | kMapped);
  r.mmu.set_cr3(r.pt.cr3());
  EXPECT_EQ(r.read(kBase), 1u);
}

TEST(MmuTlb, GlobalPageSurvivesCr3WriteAndDiesOnInvlpg) {
  Rig r;
  r.map_pages(2);
  r.pt.set_pte(kBase, 0x0010'0000u | kMapped | kG);
  r.enable(kCr4Pge);
  EXPECT_EQ(r.read(kBase), 0u);
  r.pt.set_pte(kBase, 0x0010'1000u | kMapped | kG);
  r.mmu.set_cr3(r.pt.cr3());
  EXPECT_EQ(r.read(kBase), 0u);
  r.mmu.invlpg(kBase);
  EXPECT_EQ(r.read(kBase), 1u);
}

TEST(MmuTlb, GlobalFlagNeedsCr4Pge) {
  Rig r;
  r.map_pages(2);
  r.pt.set_pte(kBase, 0x0010'0000u | kMapped | kG);
  r.enable();
  EXPECT_EQ(r.read(kBase), 0u);
  r.pt.set_pte(kBase, 0x0010'1000u | kMapped | kG);
  r.mmu.set_cr3(r.pt.cr3());
  EXPECT_EQ(r.read(kBase), 1u);
}

TEST(MmuTlb, TogglingCr4PgeFlushesGlobalEntries) {
  Rig r;
  r.map_pages(2);
  r.pt.set_pte(kBase, 0x0010'0000u | kMapped | kG);
  r.enable(kCr4Pge);
  EXPECT_EQ(r.read(kBase), 0u);
  r.pt.set_pte(kBase, 0x0010'1000u | kMapped | kG);
  r.mmu.set_cr4(0);
  EXPECT_EQ(r.read(kBase), 1u);
}

TEST(MmuTlb, MissCostsOneWalkAndHitCostsNothing) {
  Rig r;
  r.map_pages(1);
  r.enable();
  EXPECT_EQ(r.cost_of_read(kBase), r.walk_cycles());
  EXPECT_EQ(r.cost_of_read(kBase + 4), 0u);
  // A walk that writes both accessed flags pays for two write-backs.
  r.pt.map_4k(0x0080'0000, 0x0020'0000, kP | kRw);
  const TlbGeometry& g = r.mmu.tlb_geometry();
  EXPECT_EQ(r.cost_of_read(0x0080'0000), r.walk_cycles() + 2u * g.walk_write_cycles);
}

TEST(MmuTlb, LoopOverMorePagesThanTheDtlbHoldsWalksOnEveryAccess) {
  Rig r;
  r.map_pages(128);  // twice the 64 entries: eight pages per 4-way set
  r.enable();
  for (int round = 0; round < 3; ++round) {
    uint64_t before = r.clock.cycles;
    for (unsigned i = 0; i < 128; ++i) EXPECT_EQ(r.read(kBase + i * 0x1000), i);
    EXPECT_EQ(r.clock.cycles - before, 128 * r.walk_cycles()) << "round " << round;
  }
}

TEST(MmuTlb, LoopThatFitsTheDtlbHitsAfterTheFirstRound) {
  Rig r;
  r.map_pages(64);
  r.enable();
  for (unsigned i = 0; i < 64; ++i) r.read(kBase + i * 0x1000);
  uint64_t before = r.clock.cycles;
  for (int round = 0; round < 3; ++round) {
    for (unsigned i = 0; i < 64; ++i) EXPECT_EQ(r.read(kBase + i * 0x1000), i);
  }
  EXPECT_EQ(r.clock.cycles, before);
}

TEST(MmuTlb, DtlbSetsAreFourWay) {
  Rig r;
  r.map_pages(128);
  r.enable();
  // Pages 16 apart share one of the 16 sets. Four fit; five in turn miss.
  for (int round = 0; round < 2; ++round) {
    for (unsigned i = 0; i < 4; ++i) r.read(kBase + i * 16 * 0x1000);
  }
  EXPECT_EQ(r.cost_of_read(kBase + 3 * 16 * 0x1000), 0u);
  for (int round = 0; round < 3; ++round) {
    for (unsigned i = 0; i < 5; ++i) {
      EXPECT_EQ(r.cost_of_read(kBase + ((i + 4) % 8) * 16 * 0x1000), r.walk_cycles());
    }
  }
}

TEST(MmuTlb, FetchesUseTheItlbSeparateFromTheDtlb) {
  Rig r;
  r.map_pages(1);
  r.enable();
  r.read(kBase);
  uint32_t phys;
  uint64_t before = r.clock.cycles;
  ASSERT_TRUE(r.mmu.translate(kBase, AccessType::kExecute, false, phys, r.fault));
  EXPECT_EQ(r.clock.cycles - before, r.walk_cycles());
  before = r.clock.cycles;
  ASSERT_TRUE(r.mmu.translate(kBase + 16, AccessType::kExecute, false, phys, r.fault));
  EXPECT_EQ(r.cost_of_read(kBase + 8), 0u);
  EXPECT_EQ(r.clock.cycles, before);
}

TEST(MmuTlb, I486HasOneTlbForCodeAndData) {
  Rig r;
  r.mmu.set_tlb_geometry(TlbGeometry::i486());
  r.map_pages(64);
  r.enable();
  r.read(kBase);
  uint32_t phys;
  uint64_t before = r.clock.cycles;
  ASSERT_TRUE(r.mmu.translate(kBase, AccessType::kExecute, false, phys, r.fault));
  EXPECT_EQ(r.clock.cycles, before);
  // 32 entries: 32 pages fit, 64 pages miss on every access.
  for (unsigned i = 0; i < 32; ++i) r.read(kBase + i * 0x1000);
  before = r.clock.cycles;
  for (unsigned i = 0; i < 32; ++i) r.read(kBase + i * 0x1000);
  EXPECT_EQ(r.clock.cycles, before);
  for (int round = 0; round < 2; ++round) {
    for (unsigned i = 0; i < 64; ++i) r.read(kBase + i * 0x1000);
  }
  before = r.clock.cycles;
  for (unsigned i = 0; i < 64; ++i) r.read(kBase + i * 0x1000);
  EXPECT_EQ(r.clock.cycles - before, 64 * r.walk_cycles());
}

TEST(MmuTlb, I486ReplacementIsTreePseudoLru) {
  // The Intel486 replaces within the less recently used pair of ways, then
  // the less recently used way of that pair. After uses in the order L0, L2,
  // L3, L1 true LRU would replace L0; the 486 replaces L2.
  Rig r;
  r.mmu.set_tlb_geometry(TlbGeometry::i486());
  r.map_pages(40);
  r.enable();
  auto page = [](unsigned n) { return kBase + n * 8 * 0x1000; };  // 8 sets: one set
  for (unsigned n = 0; n < 4; ++n) r.read(page(n));               // fills ways 0..3 in order
  for (unsigned n : {0u, 2u, 3u, 1u}) EXPECT_EQ(r.cost_of_read(page(n)), 0u);
  EXPECT_EQ(r.cost_of_read(page(4)), r.walk_cycles());
  EXPECT_EQ(r.cost_of_read(page(0)), 0u);
  EXPECT_EQ(r.cost_of_read(page(3)), 0u);
  EXPECT_EQ(r.cost_of_read(page(1)), 0u);
  EXPECT_EQ(r.cost_of_read(page(2)), r.walk_cycles());
}

TEST(MmuTlb, FourMegPagesUseTheLargeDtlb) {
  Rig r;
  // Eight 4 MiB pages (the 04h descriptor: 8 entries) all onto one frame.
  for (uint32_t i = 0; i < 8; ++i) r.pt.map_4m(0x4000'0000 + (i << 22), 0x0100'0000, kMapped);
  r.enable(kCr4Pse);
  for (uint32_t i = 0; i < 8; ++i) r.read(0x4000'0000 + (i << 22));
  uint64_t before = r.clock.cycles;
  for (uint32_t i = 0; i < 8; ++i) r.read(0x4000'0000 + (i << 22) + 0x2F'F000);
  EXPECT_EQ(r.clock.cycles, before);
  // A 4 MiB walk reads one entry.
  const TlbGeometry& g = r.mmu.tlb_geometry();
  r.pt.map_4m(0x8000'0000, 0x0100'0000, kMapped);
  EXPECT_EQ(r.cost_of_read(0x8000'0000), uint64_t{g.walk_base_cycles} + g.walk_read_cycles);
}

TEST(MmuTlb, InvlpgAnywhereInALargePageDropsIt) {
  Rig r;
  r.pt.map_4m(0x00C0'0000, 0x0100'0000, kMapped);
  poke32(r.mem, 0x0101'0000, 0xAAAA);
  poke32(r.mem, 0x0141'0000, 0xBBBB);
  r.enable(kCr4Pse);
  EXPECT_EQ(r.read(0x00C1'0000), 0xAAAAu);
  r.pt.map_4m(0x00C0'0000, 0x0140'0000, kMapped);
  EXPECT_EQ(r.read(0x00C1'0000), 0xAAAAu);
  r.mmu.invlpg(0x00F2'3456);
  EXPECT_EQ(r.read(0x00C1'0000), 0xBBBBu);
}

TEST(MmuTlb, StaleReadOnlyEntryFaultsOnceThenTheWalkSeesTheNewRights) {
  Rig r;
  r.map_pages(1);
  r.pt.set_pte(kBase, 0x0010'0000u | kP | kUs | kA);  // read-only
  r.enable();
  r.read(kBase, true);
  r.pt.set_pte(kBase, 0x0010'0000u | kP | kRw | kUs | kA);  // made writable, no INVLPG
  EXPECT_FALSE(r.mmu.write(kBase, 4, true, 7, r.fault));
  EXPECT_EQ(r.fault.error_code, 7u);
  // The fault dropped the entry, so the retry walks and succeeds.
  EXPECT_TRUE(r.mmu.write(kBase, 4, true, 7, r.fault));
  EXPECT_EQ(peek32(r.mem, 0x0010'0000), 7u);
}

TEST(MmuTlb, EntriesAreVisibleToObservers) {
  Rig r;
  r.map_pages(2);
  r.pt.set_pte(kBase + 0x1000, 0x0010'1000u | kP | kUs | kA | kG);
  r.enable(kCr4Pge);
  EXPECT_TRUE(r.mmu.tlb_entries().empty());
  r.read(kBase);
  r.read(kBase + 0x1000);
  uint32_t phys;
  ASSERT_TRUE(r.mmu.translate(kBase, AccessType::kExecute, false, phys, r.fault));
  auto entries = r.mmu.tlb_entries();
  ASSERT_EQ(entries.size(), 3u);
  int data = 0, code = 0;
  for (const TlbEntryInfo& e : entries) {
    EXPECT_EQ(e.bytes, 0x1000u);
    EXPECT_EQ(e.phys - 0x0010'0000, e.linear - kBase);
    if (e.tlb == TlbEntryInfo::Tlb::kInstruction) {
      ++code;
      continue;
    }
    ++data;
    bool second = e.linear == kBase + 0x1000;
    EXPECT_EQ(e.writable, !second);
    EXPECT_EQ(e.global, second);
    EXPECT_EQ(e.dirty, !second);
    EXPECT_TRUE(e.user);
  }
  EXPECT_EQ(data, 2);
  EXPECT_EQ(code, 1);
}

}  // namespace
}  // namespace mkemu
