// The CPU's side of the x87: CR0.EM/TS/MP/NE behaviour (SDM vol. 3, 2.5 and
// table 2-2: #NM rules; 8.7 / vol. 1 8.7: #MF for pending unmasked exceptions)
// and FUCOMIP writing EFLAGS (ZF,PF,CF = 000 for ST0 > ST1, 001 for ST0 < ST1,
// 100 for equal; vol. 2 FCOMI/FUCOMI).
#include <gtest/gtest.h>

#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

int run0(TestMachine& m, uint32_t cr0, std::initializer_list<uint8_t> code) {
  m.build();
  m.cpu.set_control_registers(cr0, 0, 0);
  m.start_ring0(code);
  m.put8(kCode0 + static_cast<uint32_t>(code.size()), 0xF4);
  m.run();
  return m.halted_vector();
}

TEST(CpuFpu, EmulationBitMakesEscapesNm) {
  TestMachine m;
  EXPECT_EQ(run0(m, 0x15, {0xDB, 0xE3}), 7);  // EM: fninit -> #NM
  EXPECT_EQ(m.stack0(0), kCode0);
}

TEST(CpuFpu, TaskSwitchedBitMakesEscapesNm) {
  TestMachine m;
  EXPECT_EQ(run0(m, 0x19, {0xD9, 0xE8}), 7);  // TS: fld1 -> #NM
}

TEST(CpuFpu, WaitFaultsOnTsOnlyWithMp) {
  TestMachine with_mp;
  EXPECT_EQ(run0(with_mp, 0x1B, {0x9B}), 7);  // TS|MP
  TestMachine without_mp;
  EXPECT_EQ(run0(without_mp, 0x19, {0x9B}), -1);  // TS only
}

TEST(CpuFpu, FucomipSetsEflags) {
  TestMachine less;
  // fninit; fld1; fldz; fucomip st,st(1): 0.0 < 1.0 -> CF=1, ZF=0, PF=0
  EXPECT_EQ(run0(less, 0x11, {0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEE, 0xDF, 0xE9}), -1);
  EXPECT_EQ(less.cpu.eflags() & 0x45u, 0x01u);
  TestMachine equal;
  EXPECT_EQ(run0(equal, 0x11, {0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xE8, 0xDF, 0xE9}), -1);
  EXPECT_EQ(equal.cpu.eflags() & 0x45u, 0x40u);
}

TEST(CpuFpu, PendingUnmaskedExceptionRaisesMfWithNe) {
  TestMachine m;
  m.build();
  m.put16(0x7000, 0x037B);  // control word: only ZE unmasked
  // fninit; fldcw [7000h]; fld1; fldz; fdivp st(1),st (1/0: ZE pending); fwait
  std::initializer_list<uint8_t> code = {0xDB, 0xE3, 0xD9, 0x2D, 0x00, 0x70, 0x00, 0x00,
                                         0xD9, 0xE8, 0xD9, 0xEE, 0xDE, 0xF9, 0x9B};
  m.cpu.set_control_registers(0x31, 0, 0);  // PE, ET, NE
  m.start_ring0(code);
  m.run();
  ASSERT_EQ(m.halted_vector(), 16);
  EXPECT_EQ(m.stack0(0), kCode0 + 14);  // the WAIT
}

}  // namespace
}  // namespace mkemu::cputest
