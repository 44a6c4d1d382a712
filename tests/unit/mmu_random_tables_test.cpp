// Property test over random page tables (32-bit, PSE, PAE, PGE): whatever the
// tables hold, translate() agrees with the side-effect-free peek_translate()
// on a TLB miss, every successful translation obeys the access-rights rules
// of SDM 4.6 for the rights the debugger view reports, and nothing crashes.
#include <gtest/gtest.h>

#include <random>

#include "mmu/mmu.h"
#include "mmu/page_table_builder.h"

namespace mkemu {
namespace {

using namespace paging;

constexpr uint32_t kRam = 32u << 20;
constexpr uint32_t kTables = 0x0010'0000;  // 64 KiB of random paging structures

// An entry that usually points into the table area (so walks go somewhere
// interesting) and has random low flag bits.
uint32_t random_entry(std::mt19937& rng) {
  uint32_t target = (rng() % 8 == 0) ? (rng() & 0x01FF'F000u) : kTables + (rng() % 16) * 0x1000;
  return target | (rng() & 0x1FFu) | (rng() % 4 ? 1u : 0u);
}

TEST(MmuRandomTables, TranslateAgreesWithPeekOnEveryMiss) {
  const uint32_t cr4_choices[] = {0x00, 0x10, 0x90, 0x20, 0xB0};
  uint64_t successes = 0, faults = 0;
  for (uint32_t seed = 1; seed <= 24; ++seed) {
    std::mt19937 rng(seed);
    PhysicalMemoryMap mem{kRam};
    Clock clock;
    ObserverHub hub;
    Mmu mmu{mem, clock, hub};
    for (uint32_t a = kTables; a < kTables + 0x10000; a += 4) {
      bool pae_high_dword = (a & 4) != 0;
      uint32_t v = random_entry(rng);
      if (pae_high_dword) v = (rng() % 8 == 0) ? rng() : 0;
      poke32(mem, a, v);
    }
    uint32_t cr4 = cr4_choices[seed % 5];
    uint32_t cr3 = kTables + (rng() % 16) * 0x1000 + ((cr4 & 0x20) ? (rng() % 128) * 32 : 0);
    if ((cr4 & 0x20) && !mmu.pdptes_valid(cr3)) {
      // The CPU would raise #GP(0) on this CR3 load; clean the PDPTEs.
      for (uint32_t i = 0; i < 4; ++i) {
        poke32(mem, cr3 + 8 * i, random_entry(rng) & ~0x1E6u);
        poke32(mem, cr3 + 8 * i + 4, 0);
      }
      ASSERT_TRUE(mmu.pdptes_valid(cr3));
    }
    mmu.set_cr4(cr4);
    mmu.set_cr3(cr3);
    mmu.set_cr0(0x8000'0001u | (rng() % 2 ? 0x10000u : 0));
    for (int i = 0; i < 4000; ++i) {
      uint32_t linear = rng();
      auto type = static_cast<AccessType>(rng() % 3);
      bool user = rng() % 2;
      mmu.invlpg(linear);  // a miss: translate walks the same tables peek does
      uint32_t peek_phys = 0, phys = 0;
      bool peek_ok = mmu.peek_translate(linear, user, type, peek_phys);
      PageFaultInfo fault;
      bool ok = mmu.translate(linear, type, user, phys, fault);
      ASSERT_EQ(ok, peek_ok) << "seed " << seed << " linear " << std::hex << linear;
      if (!ok) {
        ++faults;
        EXPECT_EQ(fault.linear, linear);
        EXPECT_EQ((fault.error_code >> 1) & 1, type == AccessType::kWrite ? 1u : 0u);
        EXPECT_EQ((fault.error_code >> 2) & 1, user ? 1u : 0u);
        EXPECT_EQ(fault.error_code & ~0xFu, 0u);
        continue;
      }
      ++successes;
      EXPECT_EQ(phys, peek_phys);
      EXPECT_EQ(phys & 0xFFFu, linear & 0xFFFu);
      // The entry now cached must allow what was just allowed.
      for (const TlbEntryInfo& e : mmu.tlb_entries()) {
        if (linear - e.linear >= e.bytes) continue;
        bool data = e.tlb != TlbEntryInfo::Tlb::kInstruction;
        if (data != (type != AccessType::kExecute) && e.tlb != TlbEntryInfo::Tlb::kUnified) {
          continue;
        }
        EXPECT_TRUE(e.user || !user);
        if (type == AccessType::kWrite) {
          EXPECT_TRUE(e.dirty);
          EXPECT_TRUE(e.writable || !user);
        }
      }
    }
  }
  // The random tables must exercise both outcomes for the test to mean much.
  EXPECT_GT(successes, 1000u);
  EXPECT_GT(faults, 1000u);
}

}  // namespace
}  // namespace mkemu
