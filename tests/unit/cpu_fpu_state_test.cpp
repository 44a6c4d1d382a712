// The CPU's side of the x87 state: power-on values on reset (SDM vol. 3,
// table 9-1: FCW 0040h, FSW 0, FTW 5555h, registers +0.0), FCS:FIP pointing
// at the first prefix byte and FOP = low 3 bits of the escape : ModRM
// (SDM vol. 1, 8.1.8 and 8.1.9), and stores (FNSAVE, FXSAVE) that fault
// as writes (#PF error code W = 1) before any byte is written.
#include <gtest/gtest.h>

#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

TEST(CpuFpuState, ResetRestoresThePowerOnState) {
  TestMachine m;
  // fninit; fld1; fldz
  EXPECT_EQ(m.run_ring0({0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEE}), -1);
  EXPECT_EQ(m.cpu.x87().top(), 6u);
  m.cpu.reset();
  const X87State& s = m.cpu.x87().state();
  EXPECT_EQ(s.cw, 0x0040u);
  EXPECT_EQ(s.sw, 0u);
  EXPECT_EQ(m.cpu.x87().full_tag_word(), 0x5555u);
  EXPECT_EQ(s, X87State{});
}

TEST(CpuFpuState, InstructionPointerIsTheFirstPrefixByte) {
  TestMachine m;
  m.put32(0x7000, 0x3F80'0000u);  // 1.0f
  // fninit; cs: fld dword [7000h]; hlt
  EXPECT_EQ(m.run_ring0({0xDB, 0xE3, 0x2E, 0xD9, 0x05, 0x00, 0x70, 0x00, 0x00}), -1);
  const X87State& s = m.cpu.x87().state();
  EXPECT_EQ(s.fip, kCode0 + 2);
  EXPECT_EQ(s.fcs, kCs0);
  EXPECT_EQ(s.fop, 0x105u);  // D9 & 7 : ModRM 05
  EXPECT_EQ(s.fdp, 0x7000u);
  EXPECT_EQ(s.fds, kCs0);  // the operand's segment (the override)

  TestMachine r;
  // fninit; fld1; ds: fxch st(1) (a prefix on a register form is allowed)
  EXPECT_EQ(r.run_ring0({0xDB, 0xE3, 0xD9, 0xE8, 0x3E, 0xD9, 0xC9}), -1);
  EXPECT_EQ(r.cpu.x87().state().fip, kCode0 + 4);
  EXPECT_EQ(r.cpu.x87().state().fop, 0x1C9u);
  // A control instruction keeps the pointers: fnstcw [7000h] after that.
  TestMachine c;
  EXPECT_EQ(c.run_ring0({0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0x3D, 0x00, 0x70, 0x00, 0x00}), -1);
  EXPECT_EQ(c.cpu.x87().state().fip, kCode0 + 2);
  EXPECT_EQ(c.cpu.x87().state().fop, 0x1E8u);
}

// Identity paging of the first MiB except page 20000h, which is not present.
void page_with_hole(TestMachine& m) {
  constexpr uint32_t kDir = 0x10000, kTable = 0x11000;
  m.put32(kDir, kTable | 3);
  for (uint32_t k = 0; k < 256; ++k) m.put32(kTable + 4 * k, k == 0x20 ? 0 : (k << 12) | 3);
  m.cpu.set_control_registers(0x8000'0011u, kDir, 0x200);  // PG, PE; OSFXSR
}

TEST(CpuFpuState, FxsaveToAMissingPageFaultsAsAWrite) {
  TestMachine m;
  m.build();
  page_with_hole(m);
  // fxsave [20000h]
  m.start_ring0({0x0F, 0xAE, 0x05, 0x00, 0x00, 0x02, 0x00, 0xF4});
  m.run();
  ASSERT_EQ(m.halted_vector(), 14);
  EXPECT_EQ(m.stack0(0), 0x2u);  // not present, write, supervisor
  EXPECT_EQ(m.cpu.state().cr2, 0x20000u);
}

TEST(CpuFpuState, FxsaveKeepsMxcsrBytesAndStoresTheRest) {
  TestMachine m;
  m.build();
  for (uint32_t k = 0; k < 512; ++k) m.put8(0x7000 + k, 0xAA);
  // fninit; fld1; fxsave [7000h]
  EXPECT_EQ(m.run_ring0({0xDB, 0xE3, 0xD9, 0xE8, 0x0F, 0xAE, 0x05, 0x00, 0x70, 0x00, 0x00}), -1);
  EXPECT_EQ(m.get32(0x7000), 0x3800'037Fu);  // FSW (TOP 7) : FCW
  EXPECT_EQ(m.get8(0x7004), 0x80u);          // abridged tag: R7 valid
  EXPECT_EQ(m.get32(0x7008), kCode0 + 2);    // FIP of the fld1
  for (uint32_t k = 24; k < 32; ++k) EXPECT_EQ(m.get8(0x7000 + k), 0xAAu) << k;
  EXPECT_EQ(m.get32(0x7000 + 32 + 4), 0x8000'0000u);      // ST0 = 1.0: significand high half
  EXPECT_EQ(m.get32(0x7000 + 32 + 8) & 0xFFFF, 0x3FFFu);  // and exponent
  for (uint32_t k = 160; k < 512; ++k) EXPECT_EQ(m.get8(0x7000 + k), 0xAAu) << k;
}

TEST(CpuFpuState, FnsaveAcrossIntoAMissingPageWritesNothing) {
  TestMachine m;
  m.build();
  page_with_hole(m);
  for (uint32_t k = 0x1FFD0; k < 0x20000; ++k) m.put8(k, 0xAA);
  // fninit; fld1; fnsave [1FFD0h] (108 bytes: the last 60 are on page 20000h)
  m.start_ring0({0xDB, 0xE3, 0xD9, 0xE8, 0xDD, 0x35, 0xD0, 0xFF, 0x01, 0x00, 0xF4});
  m.run();
  ASSERT_EQ(m.halted_vector(), 14);
  EXPECT_EQ(m.stack0(0), 0x2u);
  EXPECT_EQ(m.cpu.state().cr2, 0x20000u);
  for (uint32_t k = 0x1FFD0; k < 0x20000; ++k) EXPECT_EQ(m.get8(k), 0xAAu) << std::hex << k;
  EXPECT_EQ(m.cpu.x87().top(), 7u);  // FNSAVE did not reinitialise the FPU
}

}  // namespace
}  // namespace mkemu::cputest
