// Debug facilities against the Intel SDM vol. 3 chapter 17: the TF single-step
// trap (after the instruction that starts with TF=1, DR6.BS), instruction
// breakpoints through DR0/DR7 (a fault before the instruction, DR6.B0), and
// NMI delivery at an instruction boundary.
#include <gtest/gtest.h>

#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

TEST(CpuDebug, SingleStepTrapsAfterTheInstructionFollowingPopf) {
  TestMachine m;
  m.build();
  // pushfd; or dword [esp],100h; popfd; nop; nop
  m.start_ring0({0x9C, 0x81, 0x0C, 0x24, 0x00, 0x01, 0x00, 0x00, 0x9D, 0x90, 0x90});
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 1);
  EXPECT_EQ(m.stack0(0), kCode0 + 10);  // after the first NOP
  EXPECT_NE(m.cpu.state().dr[6] & 0x4000u, 0u);
  EXPECT_EQ(m.cpu.eflags() & 0x100u, 0u);  // the handler runs with TF clear
  EXPECT_NE(m.stack0(2) & 0x100u, 0u);     // the pushed image keeps TF
}

TEST(CpuDebug, InstructionBreakpointFaultsBeforeTheInstruction) {
  TestMachine m;
  m.build();
  const uint32_t target = kCode0 + 19;
  // mov eax,target; mov dr0,eax; mov eax,1 (L0, R/W0=00); mov dr7,eax; nop; nop(target)
  m.start_ring0({0xB8,
                 static_cast<uint8_t>(target),
                 static_cast<uint8_t>(target >> 8),
                 0,
                 0,
                 0x0F,
                 0x23,
                 0xC0,
                 0xB8,
                 0x01,
                 0x00,
                 0x00,
                 0x00,
                 0x0F,
                 0x23,
                 0xF8,
                 0x90,
                 0x90,
                 0x90,
                 0x90});
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 1);
  EXPECT_EQ(m.stack0(0), target);  // fault: EIP of the breakpointed instruction
  EXPECT_EQ(m.cpu.state().dr[6] & 0xFu, 1u);
}

TEST(CpuDebug, NmiIsTakenAtTheNextBoundary) {
  TestMachine m;
  m.build();
  m.start_ring0({0x90, 0x90});
  m.cpu.raise_nmi();
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 2);
  EXPECT_EQ(m.stack0(0), kCode0);  // nothing executed before it
}

TEST(CpuDebug, HltWakesOnNmi) {
  TestMachine m;
  m.build();
  m.start_ring0({0xF4, 0x90});
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  EXPECT_TRUE(m.cpu.halted());
  m.cpu.raise_nmi();
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 2);
  EXPECT_EQ(m.stack0(0), kCode0 + 1);  // returns after the HLT
}

}  // namespace
}  // namespace mkemu::cputest
