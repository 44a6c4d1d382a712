// The host-pointer fast path: filled only for RAM the modelled TLB holds with
// the access already allowed and D set for writes; never for ROM or MMIO
// writes, code pages, or while an observer wants memory events; gone as soon
// as the modelled entry is. The same workload with the fast path on and off
// must leave identical memory, cycles, MMU state and results.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "mmu/paging_rig.h"

namespace mkemu {
namespace {

using namespace paging;

constexpr uint32_t kBase = 0x0040'0000;

struct Rig : PagingRig {
  uint32_t read(uint32_t linear, bool user = false) {
    uint32_t v = 0;
    EXPECT_TRUE(mmu.read(linear, 4, user, v, fault)) << std::hex << fault.error_code;
    return v;
  }
  void write(uint32_t linear, uint32_t v, bool user = false) {
    EXPECT_TRUE(mmu.write(linear, 4, user, v, fault)) << std::hex << fault.error_code;
  }
};

class MemoryWatcher : public Observer {
 public:
  bool wants_memory() const override { return true; }
};

class NullMmio : public MmioHandler {
 public:
  uint32_t mmio_read(uint32_t, unsigned) override { return 0; }
  void mmio_write(uint32_t, unsigned, uint32_t) override {}
  uint32_t mmio_peek(uint32_t, unsigned) const override { return 0; }
};

TEST(MmuFastPath, ReadEntryPointsAtTheFrameAfterAModelledAccess) {
  Rig r;
  r.pt.map_4k(kBase, 0x0020'0000, kP | kRw | kUs);
  poke32(r.mem, 0x0020'0010, 0xABCD1234);
  r.enable();
  EXPECT_EQ(r.mmu.fast_read(kBase + 0x10, 4, false), nullptr);
  r.read(kBase);
  uint8_t* p = r.mmu.fast_read(kBase + 0x10, 4, false);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p, r.mem.ram().data() + 0x0020'0010);
  // The supervisor access says nothing about user rights.
  EXPECT_EQ(r.mmu.fast_read(kBase + 0x10, 4, true), nullptr);
}

TEST(MmuFastPath, WriteEntryOnlyOnceDirtyIsSet) {
  Rig r;
  r.pt.map_4k(kBase, 0x0020'0000, kP | kRw | kUs);
  r.enable();
  r.read(kBase);
  EXPECT_EQ(r.mmu.fast_write(kBase, 4, false), nullptr);
  r.write(kBase, 1);
  EXPECT_EQ(r.pt.pte(kBase) & kD, kD);
  EXPECT_NE(r.mmu.fast_write(kBase, 4, false), nullptr);
}

TEST(MmuFastPath, UserEntriesFollowUserRights) {
  Rig r;
  r.pt.map_4k(kBase, 0x0020'0000, kP | kRw);  // supervisor page
  r.enable();
  r.write(kBase, 1);
  EXPECT_NE(r.mmu.fast_write(kBase, 4, false), nullptr);
  EXPECT_EQ(r.mmu.fast_read(kBase, 4, true), nullptr);
  EXPECT_EQ(r.mmu.fast_write(kBase, 4, true), nullptr);
}

TEST(MmuFastPath, NoWriteEntriesForCodeRomOrMmio) {
  Rig r;
  NullMmio mmio;
  std::vector<uint8_t> rom(0x1000, 0x5A);
  r.mem.add_rom(0x0180'0000, rom, "rom");
  r.mem.add_mmio(0x0190'0000, 0x1000, &mmio, "mmio");
  r.pt.map_4k(kBase, 0x0020'0000, kP | kRw);
  r.pt.map_4k(kBase + 0x1000, 0x0180'0000, kP | kRw);
  r.pt.map_4k(kBase + 0x2000, 0x0190'0000, kP | kRw);
  r.enable();
  r.mem.mark_code_page(0x0020'0000);
  for (uint32_t page = 0; page < 3; ++page) r.write(kBase + page * 0x1000, 7);
  for (uint32_t page = 0; page < 3; ++page) {
    EXPECT_EQ(r.mmu.fast_write(kBase + page * 0x1000, 4, false), nullptr) << page;
  }
  EXPECT_EQ(peek32(r.mem, 0x0180'0000), 0x5A5A5A5Au);  // ROM ignores writes
  r.read(kBase + 0x1000);
  r.read(kBase + 0x2000);
  EXPECT_NE(r.mmu.fast_read(kBase + 0x1000, 4, false), nullptr);
  EXPECT_EQ(r.mmu.fast_read(kBase + 0x2000, 4, false), nullptr);
}

TEST(MmuFastPath, MarkingACodePageDropsItsWriteEntries) {
  Rig r;
  r.pt.map_4k(kBase, 0x0020'0000, kP | kRw);
  r.enable();
  r.mem.on_code_page_marked = [&](uint32_t page) { r.mmu.drop_fast_writes_to(page); };
  r.write(kBase, 7);
  ASSERT_NE(r.mmu.fast_write(kBase, 4, false), nullptr);
  r.mem.mark_code_page(0x0020'0000);
  EXPECT_EQ(r.mmu.fast_write(kBase, 4, false), nullptr);
}

TEST(MmuFastPath, NothingWhileAnObserverWantsMemory) {
  Rig r;
  r.pt.map_4k(kBase, 0x0020'0000, kP | kRw);
  r.enable();
  r.write(kBase, 7);
  MemoryWatcher watcher;
  r.hub.attach(&watcher);
  EXPECT_EQ(r.mmu.fast_read(kBase, 4, false), nullptr);
  EXPECT_EQ(r.mmu.fast_write(kBase, 4, false), nullptr);
  r.write(kBase, 8);
  r.hub.detach(&watcher);
  // Entries made while watched would be visible now; none were made.
  r.mmu.flush_fast_path();
  r.read(kBase);
  EXPECT_NE(r.mmu.fast_read(kBase, 4, false), nullptr);
}

TEST(MmuFastPath, EntryDiesWithItsModelledTlbEntry) {
  Rig r;
  for (uint32_t i = 0; i < 5; ++i) r.pt.map_4k(kBase + i * 0x10000, 0x0020'0000, kP | kRw);
  r.enable();
  r.read(kBase);
  ASSERT_NE(r.mmu.fast_read(kBase, 4, false), nullptr);
  // Four more pages of the same DTLB set (16 sets: 64 KiB apart) evict it.
  for (uint32_t i = 1; i < 5; ++i) r.read(kBase + i * 0x10000);
  EXPECT_EQ(r.mmu.fast_read(kBase, 4, false), nullptr);
  // INVLPG and CR3 writes drop entries too.
  ASSERT_NE(r.mmu.fast_read(kBase + 0x40000, 4, false), nullptr);
  r.mmu.invlpg(kBase + 0x40000);
  EXPECT_EQ(r.mmu.fast_read(kBase + 0x40000, 4, false), nullptr);
  ASSERT_NE(r.mmu.fast_read(kBase + 0x30000, 4, false), nullptr);
  r.mmu.set_cr3(r.pt.cr3());
  EXPECT_EQ(r.mmu.fast_read(kBase + 0x30000, 4, false), nullptr);
}

TEST(MmuFastPath, FetchEntriesFollowTheItlb) {
  Rig r;
  for (uint32_t i = 0; i < 5; ++i) r.pt.map_4k(kBase + i * 0x8000, 0x0020'0000 + i * 0x1000, kP);
  r.enable();
  r.mem.mark_code_page(0x0020'0000);  // code pages are fine to fetch from
  EXPECT_EQ(r.mmu.fast_fetch(kBase + 0x10, false), nullptr);
  uint32_t phys;
  ASSERT_TRUE(r.mmu.translate(kBase, AccessType::kExecute, false, phys, r.fault));
  EXPECT_EQ(r.mmu.fast_fetch(kBase + 0x10, false), r.mem.ram().data() + 0x0020'0010);
  EXPECT_EQ(r.mmu.fast_fetch(kBase + 0x10, true), nullptr);  // supervisor page
  // A data access does not make a fetch entry (separate ITLB).
  r.read(kBase + 0x8000);
  EXPECT_EQ(r.mmu.fast_fetch(kBase + 0x8000, false), nullptr);
  // Four more pages of the same ITLB set (8 sets: 32 KiB apart) evict it.
  for (uint32_t i = 1; i < 5; ++i) {
    ASSERT_TRUE(r.mmu.translate(kBase + i * 0x8000, AccessType::kExecute, false, phys, r.fault));
  }
  EXPECT_EQ(r.mmu.fast_fetch(kBase + 0x10, false), nullptr);
}

TEST(MmuFastPath, MemoryLayoutChangeDropsEntries) {
  Rig r;
  NullMmio mmio;
  r.pt.map_4k(kBase, 0x0020'0000, kP | kRw);
  r.pt.map_4k(kBase + 0x1000, 0x0021'0000, kP | kRw);
  r.enable();
  r.read(kBase);
  ASSERT_NE(r.mmu.fast_read(kBase, 4, false), nullptr);
  r.mem.add_mmio(0x0020'0000, 0x1000, &mmio, "mmio");  // RAM page now hidden
  r.read(kBase + 0x1000);  // any slow-path translation notices the new layout
  EXPECT_EQ(r.mmu.fast_read(kBase, 4, false), nullptr);
  r.read(kBase);
  EXPECT_EQ(r.mmu.fast_read(kBase, 4, false), nullptr);
}

TEST(MmuFastPath, DisabledMeansNoEntries) {
  Rig r;
  r.pt.map_4k(kBase, 0x0020'0000, kP | kRw);
  r.enable();
  r.mmu.set_fast_path_enabled(false);
  r.write(kBase, 7);
  EXPECT_EQ(r.mmu.fast_read(kBase, 4, false), nullptr);
  EXPECT_EQ(r.mmu.fast_write(kBase, 4, false), nullptr);
  uint32_t phys;
  ASSERT_TRUE(r.mmu.translate(kBase, AccessType::kExecute, false, phys, r.fault));
  EXPECT_EQ(r.mmu.fast_fetch(kBase, false), nullptr);
}

// A CPU-like user of the MMU: fast path first, slow path otherwise.
struct Outcome {
  bool ok;
  uint32_t value;
  uint32_t error;
  bool operator==(const Outcome&) const = default;
};

struct WorkloadResult {
  std::vector<Outcome> outcomes;
  std::vector<uint8_t> ram;
  std::vector<uint8_t> mmu_state;
  uint64_t cycles = 0;
  uint64_t fast_hits = 0;
};

WorkloadResult run_workload(bool fast) {
  Rig r;
  constexpr unsigned kPages = 160;  // more than the 64-entry DTLB
  std::mt19937 rng(20241121);       // fixed seed: the same workload both times
  for (unsigned i = 0; i < kPages; ++i) {
    uint32_t flags = kP | kRw | kUs;
    if (i % 7 == 3) flags &= ~kRw;
    if (i % 11 == 5) flags &= ~kUs;
    if (i % 13 == 6) flags &= ~kP;
    r.pt.map_4k(kBase + i * 0x1000, 0x0020'0000 + (rng() % 64) * 0x1000, flags);
  }
  r.mmu.set_cr4(0x80);  // PGE
  r.enable();
  r.mmu.set_fast_path_enabled(fast);
  WorkloadResult out;
  for (int step = 0; step < 200000; ++step) {
    uint32_t op = rng() % 1000;
    // Locality: most accesses go to a few hot pages, some roam everywhere.
    unsigned page = (rng() % 4 != 0) ? rng() % 12 : rng() % kPages;
    uint32_t linear = kBase + page * 0x1000 + rng() % 0x1000;
    unsigned size = 1u << (rng() % 3);
    bool user = rng() % 3 == 0;
    if (op < 5) {
      // Page-table edit without INVLPG (stale translations stay cached).
      unsigned p = rng() % kPages;
      r.pt.set_pte(kBase + p * 0x1000,
                   (0x0020'0000 + (rng() % 64) * 0x1000) | kP | kRw | kUs | (rng() % 2 ? kG : 0));
    } else if (op < 8) {
      r.mmu.invlpg(linear);
    } else if (op < 9) {
      r.mmu.set_cr3(r.pt.cr3());
    } else if (op < 60) {
      uint32_t phys = 0;
      bool ok = true;
      if (const uint8_t* p = r.mmu.fast_fetch(linear, user)) {
        phys = static_cast<uint32_t>(p - r.mem.ram().data());
        ++out.fast_hits;
      } else {
        ok = r.mmu.translate(linear, AccessType::kExecute, user, phys, r.fault);
      }
      out.outcomes.push_back({ok, phys, ok ? 0 : r.fault.error_code});
    } else if (op < 500) {
      uint32_t value = static_cast<uint32_t>(rng());
      bool ok = true;
      if (uint8_t* p = r.mmu.fast_write(linear, size, user)) {
        std::memcpy(p, &value, size);
        ++out.fast_hits;
      } else {
        ok = r.mmu.write(linear, size, user, value, r.fault);
      }
      out.outcomes.push_back({ok, 0, ok ? 0 : r.fault.error_code});
    } else {
      uint32_t value = 0;
      bool ok = true;
      if (const uint8_t* p = r.mmu.fast_read(linear, size, user)) {
        std::memcpy(&value, p, size);
        ++out.fast_hits;
      } else {
        ok = r.mmu.read(linear, size, user, value, r.fault);
      }
      out.outcomes.push_back({ok, value, ok ? 0 : r.fault.error_code});
    }
  }
  out.ram.assign(r.mem.ram().begin(), r.mem.ram().end());
  StateWriter w;
  r.mmu.save_state(w);
  out.mmu_state = w.bytes();
  out.cycles = r.clock.cycles;
  return out;
}

TEST(MmuFastPath, OnAndOffGiveIdenticalGuestState) {
  WorkloadResult with = run_workload(true);
  WorkloadResult without = run_workload(false);
  EXPECT_EQ(without.fast_hits, 0u);
  EXPECT_GT(with.fast_hits, 50000u);  // the fast path really served accesses
  ASSERT_EQ(with.outcomes.size(), without.outcomes.size());
  for (size_t i = 0; i < with.outcomes.size(); ++i) {
    ASSERT_EQ(with.outcomes[i], without.outcomes[i]) << "access " << i;
  }
  EXPECT_EQ(with.cycles, without.cycles);
  EXPECT_GT(with.cycles, 0u);
  EXPECT_TRUE(with.ram == without.ram);
  EXPECT_TRUE(with.mmu_state == without.mmu_state);
}

}  // namespace
}  // namespace mkemu
