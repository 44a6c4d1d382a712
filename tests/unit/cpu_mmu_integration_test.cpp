// Where the CPU meets the MMU: the TLB shape per CPU model (docs/mmu.md), the
// PAE PDPTE checks on CR0/CR3/CR4 loads (SDM vol. 3, 4.4.1: a present PDPTE
// with a reserved bit set makes the load #GP(0)), and instruction fetches that
// keep the modelled ITLB exact (decoded instructions are reused only while the
// ITLB holds their page: the reference path without any fast path must give
// the same cycles and misses).
#include <gtest/gtest.h>

#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

TEST(CpuMmuIntegration, TlbGeometryFollowsTheCpuModel) {
  TestMachine i486("i486"), pentium("pentium"), p6;
  EXPECT_EQ(i486.mmu.tlb_geometry().name, "i486");
  EXPECT_TRUE(i486.mmu.tlb_geometry().unified);
  EXPECT_EQ(i486.mmu.tlb_geometry().dtlb_small.entries, 32u);
  EXPECT_EQ(pentium.mmu.tlb_geometry().name, "pentium");
  EXPECT_EQ(pentium.mmu.tlb_geometry().dtlb_small.entries, 64u);
  EXPECT_EQ(p6.mmu.tlb_geometry().name, "p6");
  EXPECT_EQ(p6.mmu.tlb_geometry().itlb_large.entries, 2u);
}

// PAE tables: PDPT at kPdpt (PDPTE 0 -> page directory with one 2 MiB
// identity page), a second PDPT whose PDPTE 1 has reserved bit 1 set.
constexpr uint32_t kPdpt = 0x10000, kPd = 0x11000, kBadPdpt = 0x12000, kGoodPdpt = 0x13000;

void build_pae(TestMachine& m) {
  m.build();
  m.put64(kPdpt, kPd | 1);
  m.put64(kPd, 0x83);  // P, R/W, PS: 0..2 MiB identity
  m.put64(kBadPdpt, kPd | 1);
  m.put64(kBadPdpt + 8, kPd | 1 | 2);  // present, bit 1 reserved
  m.put64(kGoodPdpt, kPd | 1);
  m.put64(kGoodPdpt + 16, 2);  // not present: reserved bits are not checked
}

TEST(CpuMmuIntegration, MovToCr3WithABadPdpteIsGp) {
  TestMachine m;
  build_pae(m);
  m.cpu.set_control_registers(0x8000'0011u, kPdpt, 0x20);
  // mov eax,kBadPdpt; mov cr3,eax; hlt
  m.start_ring0({0xB8, 0x00, 0x20, 0x01, 0x00, 0x0F, 0x22, 0xD8, 0xF4});
  m.run();
  EXPECT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.stack0(0), 0u);                // error code 0
  EXPECT_EQ(m.stack0(1), kCode0 + 5);        // the MOV faulted
  EXPECT_EQ(m.cpu.state().cr3, kPdpt);       // CR3 unchanged
  EXPECT_EQ(m.mmu.pdptes()[0], kPd | 1ull);  // PDPTE registers not loaded
  EXPECT_EQ(m.mmu.pdptes()[1], 0u);

  TestMachine ok;
  build_pae(ok);
  ok.cpu.set_control_registers(0x8000'0011u, kPdpt, 0x20);
  ok.start_ring0({0xB8, 0x00, 0x30, 0x01, 0x00, 0x0F, 0x22, 0xD8, 0xF4});  // kGoodPdpt
  ok.run();
  EXPECT_EQ(ok.halted_vector(), -1);
  EXPECT_EQ(ok.cpu.state().cr3, kGoodPdpt);
  EXPECT_EQ(ok.mmu.pdptes()[2], 2u);
}

TEST(CpuMmuIntegration, EnablingPaePagingWithABadPdpteIsGp) {
  TestMachine m;
  build_pae(m);
  m.cpu.set_control_registers(0x11, kBadPdpt, 0x20);
  // mov eax,cr0; or eax,80000000h; mov cr0,eax; hlt
  m.start_ring0({0x0F, 0x20, 0xC0, 0x0D, 0, 0, 0, 0x80, 0x0F, 0x22, 0xC0, 0xF4});
  m.run();
  EXPECT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.stack0(1), kCode0 + 8);
  EXPECT_EQ(m.cpu.state().cr0 & 0x8000'0000u, 0u);

  // Legacy paging is not affected by the same tables.
  TestMachine legacy;
  build_pae(legacy);
  legacy.cpu.set_control_registers(0x11, kBadPdpt, 0);
  legacy.put32(kBadPdpt, kPd | 3);  // PDE 0 -> a page table at kPd
  for (uint32_t k = 0; k < 256; ++k) legacy.put32(kPd + 4 * k, (k << 12) | 3);
  legacy.start_ring0({0x0F, 0x20, 0xC0, 0x0D, 0, 0, 0, 0x80, 0x0F, 0x22, 0xC0, 0xF4});
  legacy.run();
  EXPECT_EQ(legacy.halted_vector(), -1);
  EXPECT_NE(legacy.cpu.state().cr0 & 0x8000'0000u, 0u);
}

TEST(CpuMmuIntegration, Cr4WriteThatReloadsPdptesChecksThem) {
  TestMachine m;
  build_pae(m);
  m.cpu.set_control_registers(0x8000'0011u, kPdpt, 0x20);
  m.put64(kPdpt + 24, 0x1000 | 1 | (1ull << 40));  // PDPTE 3: present, bit 40 > MAXPHYADDR
  // mov eax,cr4; or eax,80h (PGE); mov cr4,eax; hlt
  m.start_ring0({0x0F, 0x20, 0xE0, 0x0D, 0x80, 0, 0, 0, 0x0F, 0x22, 0xE0, 0xF4});
  m.run();
  EXPECT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.cpu.state().cr4, 0x20u);
  // A CR4 write that leaves PSE/PAE/PGE alone does not reload them (TSD here).
  TestMachine tsd;
  build_pae(tsd);
  tsd.cpu.set_control_registers(0x8000'0011u, kPdpt, 0x20);
  tsd.put64(kPdpt + 24, 0x1000 | 1 | (1ull << 40));
  tsd.start_ring0({0x0F, 0x20, 0xE0, 0x0D, 0x04, 0, 0, 0, 0x0F, 0x22, 0xE0, 0xF4});
  tsd.run();
  EXPECT_EQ(tsd.halted_vector(), -1);
  EXPECT_EQ(tsd.cpu.state().cr4, 0x24u);
}

// Five code pages in ITLB set 0 (p6: 32 entries, 4 ways, 8 sets), called in
// turn: with four ways every call misses the ITLB, also on the second and
// later passes when the decoded instructions are long cached.
struct FetchRun {
  uint64_t cycles;
  uint64_t itlb_misses;
  uint32_t ecx;
};

FetchRun run_five_page_loop(bool fast_path) {
  TestMachine m;
  m.build();
  constexpr uint32_t kDir = 0x10000, kTable = 0x11000;
  m.put32(kDir, kTable | 3);
  for (uint32_t k = 0; k < 256; ++k) m.put32(kTable + 4 * k, (k << 12) | 3);
  m.cpu.set_control_registers(0x8000'0011u, kDir, 0);
  m.mmu.set_fast_path_enabled(fast_path);
  const uint32_t pages[] = {0x40000, 0x48000, 0x50000, 0x58000, 0x60000};
  for (uint32_t p : pages) m.put8(p, 0xC3);  // ret
  // mov ecx,20; loop: call p0..p4; dec ecx; jnz loop; hlt
  m.start_ring0({0xB9, 20, 0, 0, 0});
  uint32_t at = kCode0 + 5;
  const uint32_t loop = at;
  for (uint32_t p : pages) {
    m.put8(at, 0xE8);
    m.put32(at + 1, p - (at + 5));
    at += 5;
  }
  m.put8(at++, 0x49);  // dec ecx
  m.put8(at++, 0x75);  // jnz loop
  m.put8(at, static_cast<uint8_t>(loop - (at + 1)));
  m.put8(at + 1, 0xF4);
  m.mmu.reset_counters();
  m.run(100000);
  EXPECT_EQ(m.halted_vector(), -1);
  return {m.clock.cycles, m.mmu.counters().itlb_misses, m.cpu.state().gpr[kEcx]};
}

TEST(CpuMmuIntegration, CachedInstructionsStillMissTheItlbWhenItEvictedTheirPage) {
  FetchRun reference = run_five_page_loop(false);
  FetchRun fast = run_five_page_loop(true);
  EXPECT_EQ(reference.ecx, 0u);
  EXPECT_GE(reference.itlb_misses, 20u * 5);  // every call misses
  EXPECT_EQ(fast.itlb_misses, reference.itlb_misses);
  EXPECT_EQ(fast.cycles, reference.cycles);
}

// A read-modify-write that crosses into a missing page faults as a write
// before anything changes, with CR2 at the missing page's first byte (as a
// plain split write reports it).
TEST(CpuMmuIntegration, ReadModifyWriteAcrossIntoAMissingPageReportsItsFirstByte) {
  TestMachine m;
  m.build();
  constexpr uint32_t kDir = 0x10000, kTable = 0x11000;
  m.put32(kDir, kTable | 3);
  for (uint32_t k = 0; k < 256; ++k) m.put32(kTable + 4 * k, k == 0x20 ? 0 : (k << 12) | 3);
  m.cpu.set_control_registers(0x8000'0011u, kDir, 0);
  m.put32(0x1FFFC, 0x11223344);
  // add dword [1FFFEh], eax
  m.start_ring0({0x01, 0x05, 0xFE, 0xFF, 0x01, 0x00, 0xF4});
  m.run();
  ASSERT_EQ(m.halted_vector(), 14);
  EXPECT_EQ(m.stack0(0), 0x2u);  // not present, write, supervisor
  EXPECT_EQ(m.cpu.state().cr2, 0x20000u);
  EXPECT_EQ(m.get32(0x1FFFC), 0x11223344u);
}

}  // namespace
}  // namespace mkemu::cputest
