// Debug registers against the Intel SDM vol. 3 chapter 17 (17.2 DR0-DR7,
// 17.3 debug exception conditions) and the RF rules of 17.3.1.1: instruction
// breakpoints fault before the instruction, data and I/O breakpoints trap
// after it, DR6 reports B0-B3/BD/BS, DR7.GD faults on MOV DR, and RF is pushed
// as 1 for faults other than instruction breakpoints. DR6 values start from
// the power-on value FFFF0FF0h.
#include <gtest/gtest.h>

#include <vector>

#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

constexpr uint32_t kRf = 1u << 16;
constexpr uint32_t kData = 0x7000;

// Little machine-code builder for ring-0 programs at kCode0.
struct Code {
  std::vector<uint8_t> bytes;
  Code& b(std::initializer_list<uint8_t> v) {
    bytes.insert(bytes.end(), v);
    return *this;
  }
  Code& d(uint32_t v) {
    for (unsigned k = 0; k < 4; ++k) bytes.push_back(static_cast<uint8_t>(v >> (8 * k)));
    return *this;
  }
  Code& mov_eax(uint32_t v) { return b({0xB8}).d(v); }
  Code& mov_dr_eax(unsigned dr) { return b({0x0F, 0x23, static_cast<uint8_t>(0xC0 | dr << 3)}); }
  // DRn = address, DR7 = dr7.
  Code& breakpoint(unsigned dr, uint32_t address, uint32_t dr7) {
    return mov_eax(address).mov_dr_eax(dr).mov_eax(dr7).mov_dr_eax(7);
  }
  uint32_t here() const { return kCode0 + static_cast<uint32_t>(bytes.size()); }
};

void start(TestMachine& m, const Code& code) {
  m.start_ring0({});
  for (size_t k = 0; k < code.bytes.size(); ++k)
    m.put8(kCode0 + static_cast<uint32_t>(k), code.bytes[k]);
}

// DR7 for breakpoint n: L bit, R/W and LEN fields (SDM figure 17-1).
uint32_t dr7_for(unsigned n, unsigned rw, unsigned len_field) {
  return (1u << (2 * n)) | (rw << (16 + 4 * n)) | (len_field << (18 + 4 * n));
}

TEST(CpuDebugRegisters, InstructionBreakpointFaultsWithB0AndRfClearInTheImage) {
  TestMachine m;
  m.build();
  Code c;
  const uint32_t target = kCode0 + 16;
  c.breakpoint(0, target, dr7_for(0, 0, 0));  // 16 bytes
  ASSERT_EQ(c.here(), target);
  c.b({0x41, 0xF4});  // inc ecx; hlt
  start(m, c);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 1);
  EXPECT_EQ(m.stack0(0), target);  // fault: the instruction has not run
  EXPECT_EQ(m.cpu.state().gpr[kEcx], 0u);
  EXPECT_EQ(m.cpu.state().dr[6], 0xFFFF0FF1u);
  EXPECT_EQ(m.stack0(2) & kRf, 0u);  // not set for an instruction breakpoint
}

TEST(CpuDebugRegisters, IretWithRfRunsTheBreakpointedInstructionOnceThenClearsRf) {
  TestMachine m;
  m.build();
  // #DB handler: inc ebx; or dword [esp+8], RF; iret
  m.put_bytes(handler_of(1), {0x43, 0x81, 0x4C, 0x24, 0x08, 0x00, 0x00, 0x01, 0x00, 0xCF});
  Code c;
  const uint32_t target = kCode0 + 16;
  c.breakpoint(0, target, dr7_for(0, 0, 0));
  c.b({0x41, 0x41, 0xF4});  // inc ecx; inc ecx; hlt
  start(m, c);
  bool seen_rf = false;
  for (int n = 0; n < 40 && !m.cpu.halted(); ++n) {
    m.cpu.run(UINT64_MAX, 1);
    if (m.cpu.state().eip == target && m.cpu.state().gpr[kEbx] == 1) {
      // Back from the handler: RF is set until the instruction starts.
      EXPECT_NE(m.cpu.eflags() & kRf, 0u);
      seen_rf = true;
      m.cpu.run(UINT64_MAX, 1);
      EXPECT_EQ(m.cpu.state().eip, target + 1);
      EXPECT_EQ(m.cpu.eflags() & kRf, 0u);
    }
  }
  EXPECT_TRUE(seen_rf);
  EXPECT_EQ(m.cpu.state().gpr[kEbx], 1u);  // exactly one #DB
  EXPECT_EQ(m.cpu.state().gpr[kEcx], 2u);
  EXPECT_EQ(m.cpu.state().eip, target + 3);  // after the final HLT
}

TEST(CpuDebugRegisters, AnObserverStopAfterIretKeepsRfForTheResumedInstruction) {
  TestMachine m;
  m.build();
  // #DB handler: inc ebx; or dword [esp+8], RF; iret
  m.put_bytes(handler_of(1), {0x43, 0x81, 0x4C, 0x24, 0x08, 0x00, 0x00, 0x01, 0x00, 0xCF});
  Code c;
  const uint32_t target = kCode0 + 16;
  c.breakpoint(0, target, dr7_for(0, 0, 0));
  c.b({0x41, 0xF4});  // inc ecx; hlt
  start(m, c);
  for (int n = 0; n < 40 && m.cpu.state().gpr[kEbx] == 0; ++n) m.cpu.run(UINT64_MAX, 1);
  while (m.cpu.state().eip != target) ASSERT_EQ(m.cpu.run(UINT64_MAX, 1), CpuStop::kInsnLimit);
  m.hub.request_stop();  // e.g. the debugger's Ctrl-C, before the instruction starts
  EXPECT_EQ(m.run(), CpuStop::kObserver);
  EXPECT_NE(m.cpu.eflags() & kRf, 0u);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  EXPECT_EQ(m.cpu.state().gpr[kEbx], 1u);  // no second #DB
  EXPECT_EQ(m.cpu.state().gpr[kEcx], 1u);
}

TEST(CpuDebugRegisters, BreakpointOnAHandlerHitsAfterTheInterruptIsTaken) {
  TestMachine m;
  m.build();
  Code c;
  c.breakpoint(0, handler_of(2), dr7_for(0, 0, 0));
  const uint32_t next = c.here();
  c.b({0x90, 0x90});
  start(m, c);
  EXPECT_EQ(m.run(4), CpuStop::kInsnLimit);  // DR0/DR7 written
  m.cpu.raise_nmi();
  // Interrupts come before instruction breakpoints at a boundary (SDM vol. 3,
  // table 6-2): the NMI is taken, then the handler's first instruction faults.
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 1);
  EXPECT_EQ(m.stack0(0), handler_of(2));
  EXPECT_EQ(m.stack0(3), next);  // the NMI frame below the #DB frame
  EXPECT_EQ(m.cpu.state().dr[6], 0xFFFF0FF1u);
}

TEST(CpuDebugRegisters, FaultsPushRfSetAndTrapsPushItClear) {
  TestMachine m;
  m.build();
  // mov ax, 0x38 (selector 7: not present); mov ds, ax -> #NP(38h), a fault
  Code c;
  c.b({0x66, 0xB8, 0x3B, 0x00, 0x8E, 0xD8});
  start(m, c);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 11);
  EXPECT_EQ(m.stack0(1), kCode0 + 4);
  EXPECT_NE(m.stack0(3) & kRf, 0u);     // pushed image
  EXPECT_EQ(m.cpu.eflags() & kRf, 0u);  // the handler runs with RF clear

  TestMachine t;
  t.build();
  Code i;
  i.b({0xCC});  // int3: a trap
  start(t, i);
  EXPECT_EQ(t.run(), CpuStop::kHalted);
  ASSERT_EQ(t.halted_vector(), 3);
  EXPECT_EQ(t.stack0(0), kCode0 + 1);
  EXPECT_EQ(t.stack0(2) & kRf, 0u);
}

TEST(CpuDebugRegisters, DataWriteBreakpointTrapsAfterTheInstruction) {
  TestMachine m;
  m.build();
  Code c;
  c.breakpoint(1, kData, dr7_for(1, 1, 3));  // DR1: write, 4 bytes
  c.b({0xA1}).d(kData);                      // mov eax, [kData]: a read, no hit
  c.mov_eax(0x1234);
  c.b({0x66, 0xA3}).d(kData + 4);  // mov [kData+4], ax: outside, no hit
  const uint32_t store = c.here();
  c.b({0x66, 0xA3}).d(kData + 3);  // mov [kData+3], ax: overlaps the last byte
  c.b({0x90, 0xF4});
  start(m, c);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 1);
  EXPECT_EQ(m.stack0(0), store + 6);  // trap: after the store
  EXPECT_EQ(m.cpu.state().dr[6], 0xFFFF0FF2u);
  EXPECT_EQ(m.get8(kData + 3), 0x34u);  // the store completed
  EXPECT_EQ(m.get8(kData + 4), 0x12u);
}

TEST(CpuDebugRegisters, ReadWriteBreakpointTrapsOnARead) {
  TestMachine m;
  m.build();
  Code c;
  c.breakpoint(3, kData + 2, dr7_for(3, 3, 1));  // DR3: read/write, 2 bytes
  const uint32_t load = c.here();
  c.b({0x8A, 0x05}).d(kData + 3);  // mov al, [kData+3]
  c.b({0xF4});
  start(m, c);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 1);
  EXPECT_EQ(m.stack0(0), load + 6);
  EXPECT_EQ(m.cpu.state().dr[6], 0xFFFF0FF8u);
}

TEST(CpuDebugRegisters, SingleStepAndDataBreakpointAreOneDebugException) {
  TestMachine m;
  m.build();
  Code c;
  c.breakpoint(0, kData, dr7_for(0, 1, 0));
  // pushfd; or dword [esp], TF; popfd; nop; mov [kData], al
  c.b({0x9C, 0x81, 0x0C, 0x24, 0x00, 0x01, 0x00, 0x00, 0x9D});
  start(m, c);
  m.put_bytes(c.here(), {0xA2, 0x00, 0x70, 0x00, 0x00, 0xF4});
  const uint32_t store = c.here();
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 1);
  EXPECT_EQ(m.stack0(0), store + 5);
  EXPECT_EQ(m.cpu.state().dr[6], 0xFFFF4FF1u);  // BS and B0 together
}

TEST(CpuDebugRegisters, RepStringBreakpointTrapsAfterTheIterationWithRfPushed) {
  TestMachine m;
  m.build();
  Code c;
  c.breakpoint(2, kData + 8, dr7_for(2, 1, 3));
  c.b({0xFC, 0xBF}).d(kData).b({0xB9}).d(4);  // cld; mov edi, kData; mov ecx, 4
  const uint32_t rep = c.here();
  c.b({0xF3, 0xAB, 0xF4});  // rep stosd; hlt
  start(m, c);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 1);
  EXPECT_EQ(m.stack0(0), rep);  // the string instruction goes on after IRET
  EXPECT_EQ(m.cpu.state().gpr[kEcx], 1u);
  EXPECT_EQ(m.cpu.state().gpr[kEdi], kData + 12);
  EXPECT_NE(m.stack0(2) & kRf, 0u);  // trap from an iteration but the last
  EXPECT_EQ(m.cpu.state().dr[6], 0xFFFF0FF4u);
}

TEST(CpuDebugRegisters, IoBreakpointNeedsCr4De) {
  for (bool de : {false, true}) {
    TestMachine m;
    m.build();
    Code c;
    c.mov_eax(de ? 8 : 0).b({0x0F, 0x22, 0xE0});  // mov cr4, eax
    c.breakpoint(2, 0x110, dr7_for(2, 2, 0));     // DR2: I/O port 110h, 1 byte
    c.b({0xBA}).d(0x111).b({0xEE});               // mov edx, 111h; out dx, al: no hit
    c.b({0xBA}).d(0x110).b({0xEE});               // mov edx, 110h; out dx, al
    const uint32_t after = c.here();
    c.b({0x90, 0xF4});
    start(m, c);
    EXPECT_EQ(m.run(), CpuStop::kHalted);
    EXPECT_EQ(m.ports.writes, 2u);
    EXPECT_EQ(m.ports.last_port, 0x110);
    if (!de) {
      EXPECT_EQ(m.halted_vector(), -1);  // R/W = 10 is undefined without DE: no breakpoint
      continue;
    }
    ASSERT_EQ(m.halted_vector(), 1);
    EXPECT_EQ(m.stack0(0), after);  // trap after OUT
    EXPECT_EQ(m.cpu.state().dr[6], 0xFFFF0FF4u);
  }
}

TEST(CpuDebugRegisters, Dr4AndDr5AliasDr6AndDr7UnlessCr4De) {
  TestMachine m;
  m.build();
  Code c;
  c.b({0x0F, 0x21, 0xE0});             // mov eax, dr4 (= DR6)
  c.b({0x89, 0xC3});                   // mov ebx, eax
  c.mov_eax(8).b({0x0F, 0x22, 0xE0});  // CR4.DE = 1
  const uint32_t ud = c.here();
  c.b({0x0F, 0x21, 0xE8});  // mov eax, dr5 -> #UD
  start(m, c);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  EXPECT_EQ(m.cpu.state().gpr[kEbx], 0xFFFF0FF0u);
  ASSERT_EQ(m.halted_vector(), 6);
  EXPECT_EQ(m.stack0(0), ud);
}

TEST(CpuDebugRegisters, GeneralDetectFaultsOnMovDrAndClearsGd) {
  TestMachine m;
  m.build();
  Code c;
  c.mov_eax(0x2000).mov_dr_eax(7);  // GD
  const uint32_t access = c.here();
  c.b({0x0F, 0x21, 0xC0});  // mov eax, dr0
  start(m, c);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 1);
  EXPECT_EQ(m.stack0(0), access);  // a fault: before the MOV
  EXPECT_EQ(m.cpu.state().dr[6], 0xFFFF2FF0u);
  EXPECT_EQ(m.cpu.state().dr[7], 0x400u);  // GD cleared on entry to the handler
  EXPECT_NE(m.stack0(2) & kRf, 0u);        // a fault other than an instruction breakpoint
}

TEST(CpuDebugRegisters, MovDrAtRing3IsGeneralProtection) {
  TestMachine m;
  m.build();
  m.start_ring3({0x0F, 0x21, 0xC0});
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.stack0(0), 0u);
}

TEST(CpuDebugRegisters, DataBreakpointsTurnTheFastPathOffOnlyWhileEnabled) {
  TestMachine m;
  m.build();
  Code c;
  c.breakpoint(0, kData, dr7_for(0, 1, 3));  // 4 instructions
  c.mov_eax(0x400).mov_dr_eax(7).b({0xF4});  // all disabled again
  start(m, c);
  EXPECT_TRUE(m.mmu.fast_path_enabled());
  EXPECT_EQ(m.run(4), CpuStop::kInsnLimit);
  EXPECT_FALSE(m.mmu.fast_path_enabled());
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  EXPECT_TRUE(m.mmu.fast_path_enabled());
}

}  // namespace
}  // namespace mkemu::cputest
