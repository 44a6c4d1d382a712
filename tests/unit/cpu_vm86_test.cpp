// Virtual-8086 mode against the Intel SDM vol. 3 chapter 20: entry by IRET,
// IOPL-sensitive INT n (#GP(0) below IOPL 3), the ring-0 frame with the data
// segment selectors, and VME interrupt redirection through the TSS bitmap.
#include <gtest/gtest.h>

#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

constexpr uint32_t kVmCode = 0x5000;  // CS 0500h : IP 0
constexpr uint16_t kVmCs = 0x0500, kVmSs = 0x0700, kVmDs = 0x0123, kVmEs = 0x0456;
constexpr uint16_t kVmSp = 0x0FF0;

// Ring-0 code that IRETs into VM86 with the given EFLAGS.
void enter_vm86(TestMachine& m, uint32_t eflags, std::initializer_list<uint8_t> vm_code) {
  m.put_bytes(kVmCode, vm_code);
  auto push_imm32 = [](std::vector<uint8_t>& code, uint32_t v) {
    code.push_back(0x68);
    for (int k = 0; k < 4; ++k) code.push_back(static_cast<uint8_t>(v >> (8 * k)));
  };
  std::vector<uint8_t> code;
  push_imm32(code, 0x0777);  // GS
  push_imm32(code, 0x0666);  // FS
  push_imm32(code, kVmDs);
  push_imm32(code, kVmEs);
  push_imm32(code, kVmSs);
  push_imm32(code, kVmSp);
  push_imm32(code, eflags);
  push_imm32(code, kVmCs);
  push_imm32(code, 0);   // IP
  code.push_back(0xCF);  // iretd
  m.start_ring0({});
  for (size_t k = 0; k < code.size(); ++k) m.put8(kCode0 + static_cast<uint32_t>(k), code[k]);
}

TEST(Vm86, IntNBelowIopl3IsGpZeroWithTheVm86Frame) {
  TestMachine m;
  m.build();
  enter_vm86(m, 0x0002'0002, {0xCD, 0x21});  // VM=1, IOPL 0; int 21h
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 13);
  const CpuState& s = m.cpu.state();
  EXPECT_EQ(s.cpl, 0);
  EXPECT_EQ(m.cpu.eflags() & 0x0002'0000u, 0u);  // VM cleared in the handler
  EXPECT_EQ(m.stack0(0), 0u);                    // error code
  EXPECT_EQ(m.stack0(1), 0u);                    // IP of the INT
  EXPECT_EQ(m.stack0(2), uint32_t{kVmCs});
  EXPECT_NE(m.stack0(3) & 0x0002'0000u, 0u);  // pushed EFLAGS has VM
  EXPECT_EQ(m.stack0(4), uint32_t{kVmSp});
  EXPECT_EQ(m.stack0(5), uint32_t{kVmSs});
  EXPECT_EQ(m.stack0(6), uint32_t{kVmEs});
  EXPECT_EQ(m.stack0(7), uint32_t{kVmDs});
  EXPECT_EQ(m.stack0(8), 0x0666u);
  EXPECT_EQ(m.stack0(9), 0x0777u);
  for (SegReg r : {kDs, kEs, kFs, kGs}) EXPECT_EQ(s.seg[r].selector, 0) << int(r);
}

TEST(Vm86, IntNAtIopl3GoesThroughTheIdt) {
  TestMachine m;
  m.build();
  enter_vm86(m, 0x0002'3002, {0xCD, 0x1F});  // IOPL 3; int 1Fh (DPL-3 gate)
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 31);
  EXPECT_EQ(m.stack0(0), 2u);  // return IP after the INT
  EXPECT_EQ(m.stack0(1), uint32_t{kVmCs});
}

TEST(Vm86, SegmentLoadsUseRealModeBases) {
  TestMachine m;
  m.build();
  // mov ax,1234h; mov ds,ax; mov bx,[0010h]; int 1Fh
  m.put8(0x12340 + 0x10, 0xCD);
  m.put8(0x12340 + 0x11, 0xAB);
  enter_vm86(m, 0x0002'3002, {0xB8, 0x34, 0x12, 0x8E, 0xD8, 0x8B, 0x1E, 0x10, 0x00, 0xCD, 0x1F});
  m.run();
  ASSERT_EQ(m.halted_vector(), 31);
  EXPECT_EQ(m.cpu.state().gpr[kEbx] & 0xFFFF, 0xABCDu);
}

TEST(Vm86, VmeRedirectsIntNThroughTheVm86Ivt) {
  TestMachine m;
  m.build();
  // I/O bitmap at 0x88; the interrupt redirection bitmap is the 32 bytes before it.
  m.put16(kTss + 0x66, 0x88);
  for (uint32_t k = 0; k < 32; ++k) m.put8(kTss + 0x68 + k, 0xFF);
  m.put8(kTss + 0x68 + 0x21 / 8, static_cast<uint8_t>(0xFF & ~(1u << (0x21 % 8))));
  m.cpu.state().tr.limit = 0x88 + 0x2000 / 8 + 1;
  m.put16(0x21 * 4, 0x0000);  // VM86 IVT entry 21h -> 0600:0000
  m.put16(0x21 * 4 + 2, 0x0600);
  // VM86 handler: mov bx,1234h; int3 (not IOPL-sensitive: to the IDT, DPL-3 gate below)
  m.put_bytes(0x6000 + 0, {0xBB, 0x34, 0x12, 0xCC});
  m.put64(kIdt + 8 * 3, TestMachine::gate(kCs0, handler_of(3), 0xEE));
  m.put8(handler_of(3), 0xF4);
  m.cpu.set_control_registers(0x11, 0, 0x1);  // CR4.VME
  enter_vm86(m, 0x0002'0202, {0xCD, 0x21});   // IOPL 0, IF=1
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 3);
  EXPECT_EQ(m.cpu.state().gpr[kEbx] & 0xFFFF, 0x1234u);
  // The redirected INT pushed a real-mode frame on the VM86 stack: FLAGS, CS, IP.
  uint32_t frame = kVmSs * 16u + kVmSp - 6;
  EXPECT_EQ(m.get32(frame) & 0xFFFF, 2u);  // return IP
  EXPECT_EQ(m.get32(frame + 2) & 0xFFFF, uint32_t{kVmCs});
  // With VME the pushed FLAGS carry VIF in the IF position and IOPL reads 3.
  EXPECT_EQ(m.get32(frame + 4) & 0x3000, 0x3000u);
}

}  // namespace
}  // namespace mkemu::cputest
