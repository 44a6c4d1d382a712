// Faults during a hardware task switch (SDM vol. 3, 7.3 and table 7-1): one
// detected before the commit point leaves the old task as it was and saves the
// switching instruction's EIP; one detected after it (a bad segment selector
// in the new TSS) is delivered in the new task, with the new task's first
// instruction as the saved EIP and on the new task's stack. A TSS with its T
// flag set raises a #DB trap (DR6.BT) before the new task's first instruction.
#include <gtest/gtest.h>

#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

constexpr uint32_t kNewTss = 0xA000, kNewStack = 0xB000, kNewCode = kCode0 + 0x100;
constexpr uint16_t kNewTssSel = 0x40;

// A second, available 32-bit TSS (GDT entry 8) whose task starts at kNewCode
// on a ring-0 stack, with the given DS and ES selectors.
void add_task(TestMachine& m, uint16_t ds, uint16_t es, uint32_t limit = 0x67) {
  m.set_gdt_entry(8, TestMachine::segment(kNewTss, limit, 0x89, 0x0));
  m.cpu.state().gdtr = {kGdt, 9 * 8 - 1};
  m.put32(kNewTss + 0x20, kNewCode);   // EIP
  m.put32(kNewTss + 0x24, 0x2);        // EFLAGS
  m.put32(kNewTss + 0x38, kNewStack);  // ESP
  m.put16(kNewTss + 0x48, es);
  m.put16(kNewTss + 0x4C, kCs0);
  m.put16(kNewTss + 0x50, kDs0);  // SS
  m.put16(kNewTss + 0x54, ds);
  m.put_bytes(kNewCode, {0x90, 0xF4});
}

// jmp far kNewTssSel:0
constexpr std::initializer_list<uint8_t> kJmpToTask = {0xEA, 0, 0, 0, 0, kNewTssSel, 0};

TEST(CpuTaskSwitch, SegmentNotPresentAfterTheCommitPointIsDeliveredInTheNewTask) {
  TestMachine m;
  m.build();
  add_task(m, kAbsentSel, kDs0);  // DS: a present-bit-clear data segment
  m.start_ring0(kJmpToTask);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 11);
  const CpuState& s = m.cpu.state();
  EXPECT_EQ(s.tr.selector, kNewTssSel);
  EXPECT_EQ(s.gpr[kEsp], kNewStack - 16);        // the new task's stack
  EXPECT_EQ(m.stack0(0), kAbsentSel & 0xFFFCu);  // #NP(selector)
  EXPECT_EQ(m.stack0(1), kNewCode);              // the new task's first instruction
  EXPECT_EQ(m.stack0(2), kCs0);
  EXPECT_EQ(s.seg[kDs].selector, kAbsentSel);  // loaded, not usable
  // The old task was saved with the EIP after the JMP, and is no longer busy.
  EXPECT_EQ(m.get32(kTss + 0x20), kCode0 + 7);
  EXPECT_EQ(m.get8(kGdt + 5 * 8 + 5) & 0x0F, 0x9);
  EXPECT_EQ(m.get8(kGdt + 8 * 8 + 5) & 0x0F, 0xB);  // the new one is
}

TEST(CpuTaskSwitch, InvalidSegmentAfterTheCommitPointIsInvalidTssInTheNewTask) {
  TestMachine m;
  m.build();
  add_task(m, kDs0, kTssSel);  // ES: a TSS descriptor, not a data segment
  m.start_ring0(kJmpToTask);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 10);
  EXPECT_EQ(m.stack0(0), kTssSel & 0xFFFCu);
  EXPECT_EQ(m.stack0(1), kNewCode);
  EXPECT_EQ(m.cpu.state().gpr[kEsp], kNewStack - 16);
  EXPECT_EQ(m.cpu.state().tr.selector, kNewTssSel);
}

TEST(CpuTaskSwitch, FaultBeforeTheCommitPointKeepsTheOldTask) {
  TestMachine m;
  m.build();
  add_task(m, kDs0, kDs0, 0x60);  // TSS limit below 67h: #TS before anything changes
  m.start_ring0(kJmpToTask);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 10);
  EXPECT_EQ(m.stack0(0), kNewTssSel);
  EXPECT_EQ(m.stack0(1), kCode0);  // the JMP itself
  EXPECT_EQ(m.cpu.state().gpr[kEsp], kStack0 - 16);
  EXPECT_EQ(m.cpu.state().tr.selector, kTssSel);
}

TEST(CpuTaskSwitch, CleanSwitchRunsTheNewTask) {
  TestMachine m;
  m.build();
  add_task(m, kDs0, kDs0);
  m.start_ring0(kJmpToTask);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  EXPECT_EQ(m.cpu.state().eip, kNewCode + 2);
  EXPECT_EQ(m.cpu.state().gpr[kEsp], kNewStack);
  EXPECT_EQ(m.cpu.state().tr.selector, kNewTssSel);
}

TEST(CpuTaskSwitch, TssTrapFlagRaisesDebugTrapBeforeTheFirstInstruction) {
  TestMachine m;
  m.build();
  add_task(m, kDs0, kDs0);
  m.put16(kNewTss + 0x64, 1);  // T (SDM vol. 3, 17.3.1.5)
  m.start_ring0(kJmpToTask);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 1);
  EXPECT_EQ(m.stack0(0), kNewCode);  // a trap after the switch: nothing of the task ran
  EXPECT_EQ(m.cpu.state().gpr[kEsp], kNewStack - 12);
  EXPECT_EQ(m.cpu.state().dr[6], 0xFFFF8FF0u);  // BT
}

}  // namespace
}  // namespace mkemu::cputest
