// Privilege and I/O-permission checks against the architectural results in
// the Intel SDM: vol. 1 19.5 (I/O bitmap), vol. 3 5.5-5.8 (selectors, gates),
// 6.12 (interrupt gates), 7.2 (TSS). Ring-3 code ends with INT 1Fh through a
// DPL-3 gate; faults land in ring-0 handlers that HLT at known addresses.
#include <gtest/gtest.h>

#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

constexpr int kDone = 31;

class Protection : public ::testing::Test {
 protected:
  TestMachine m;
};

TEST_F(Protection, Ring3InAllowedByBitmapReadsThePort) {
  m.build();
  m.open_port(0x104);
  m.start_ring3({0x66, 0xBA, 0x04, 0x01, 0xEC, 0xCD, 0x1F});  // mov dx,104h; in al,dx; int 1Fh
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  EXPECT_EQ(m.halted_vector(), kDone);
  EXPECT_EQ(m.cpu.state().gpr[kEax] & 0xFF, 0x04u);  // PortEcho returns A500h + port
}

TEST_F(Protection, Ring3InDeniedByBitmapIsGpZeroAtTheInstruction) {
  m.build();
  m.cpu.state().gpr[kEax] = 0x12345678;
  m.start_ring3({0x66, 0xBA, 0x04, 0x01, 0xEC, 0xCD, 0x1F});
  m.cpu.state().gpr[kEax] = 0x12345678;
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  ASSERT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.stack0(0), 0u);          // error code 0
  EXPECT_EQ(m.stack0(1), kCode3 + 4);  // faulting EIP: the IN itself
  EXPECT_EQ(m.stack0(2), uint32_t{kCs3});
  EXPECT_EQ(m.stack0(4), kStack3);         // outer ESP
  EXPECT_EQ(m.stack0(5), uint32_t{kDs3});  // outer SS
  EXPECT_EQ(m.cpu.state().gpr[kEax], 0x12345678u);
  EXPECT_EQ(m.cpu.state().cpl, 0);
}

TEST_F(Protection, WordAccessStraddlingABitmapByteNeedsBothBits) {
  m.build();
  m.open_port(0x107);  // 0x108 (next bitmap byte) stays denied
  m.start_ring3({0x66, 0xBA, 0x07, 0x01, 0x66, 0xED, 0xCD, 0x1F});  // in ax,dx
  m.run();
  EXPECT_EQ(m.halted_vector(), 13);

  TestMachine both;
  both.build();
  both.open_port(0x107);
  both.open_port(0x108);
  both.start_ring3({0x66, 0xBA, 0x07, 0x01, 0x66, 0xED, 0xCD, 0x1F});
  both.run();
  EXPECT_EQ(both.halted_vector(), kDone);
  EXPECT_EQ(both.cpu.state().gpr[kEax] & 0xFFFF, 0xA500u + 0x107);
}

TEST_F(Protection, DwordOutNeedsAllFourBits) {
  m.build();
  for (uint16_t p : {0x110, 0x111, 0x112}) m.open_port(p);
  m.start_ring3({0x66, 0xBA, 0x10, 0x01, 0xEF, 0xCD, 0x1F});  // out dx,eax
  m.run();
  EXPECT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.ports.writes, 0u);

  TestMachine ok;
  ok.build();
  for (uint16_t p : {0x110, 0x111, 0x112, 0x113}) ok.open_port(p);
  ok.start_ring3({0x66, 0xBA, 0x10, 0x01, 0xB8, 0x44, 0x33, 0x22, 0x11, 0xEF, 0xCD, 0x1F});
  ok.run();
  EXPECT_EQ(ok.halted_vector(), kDone);
  EXPECT_EQ(ok.ports.writes, 1u);
  EXPECT_EQ(ok.ports.last_port, 0x110);
  EXPECT_EQ(ok.ports.last_value, 0x11223344u);
}

TEST_F(Protection, Iopl3AllowsEveryPortWithoutTheBitmap) {
  m.build();
  m.start_ring3({0x66, 0xBA, 0x04, 0x01, 0xEC, 0xCD, 0x1F}, /*iopl=*/3);
  m.run();
  EXPECT_EQ(m.halted_vector(), kDone);
  EXPECT_EQ(m.cpu.state().gpr[kEax] & 0xFF, 0x04u);
}

TEST_F(Protection, ShortBitmapDeniesPortsPastTheTssLimit) {
  // Port 0x100's bit is in bitmap byte 0x20 (TSS offset 0x88). The CPU always
  // reads two bytes, so that byte and the next must be inside the limit.
  const uint32_t byte_of_100 = kIoBitmapOffset + 0x100 / 8;
  m.build(byte_of_100);
  m.open_port(0x100);
  m.start_ring3({0x66, 0xBA, 0x00, 0x01, 0xEC, 0xCD, 0x1F});
  m.run();
  EXPECT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.stack0(0), 0u);

  TestMachine longer;
  longer.build(byte_of_100 + 1);
  longer.open_port(0x100);
  longer.start_ring3({0x66, 0xBA, 0x00, 0x01, 0xEC, 0xCD, 0x1F});
  longer.run();
  EXPECT_EQ(longer.halted_vector(), kDone);

  TestMachine beyond;
  beyond.build(byte_of_100 + 1);
  beyond.start_ring3({0x66, 0xBA, 0x18, 0x01, 0xEC, 0xCD, 0x1F});  // port 0x118: byte 0x23
  beyond.run();
  EXPECT_EQ(beyond.halted_vector(), 13);
}

TEST_F(Protection, LoadingRingZeroDataAtCpl3IsGpWithTheSelector) {
  m.build();
  m.start_ring3({0x66, 0xB8, 0x13, 0x00, 0x8E, 0xD8, 0xCD, 0x1F});  // mov ax,13h; mov ds,ax
  m.run();
  ASSERT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.stack0(0), 0x10u);  // selector with RPL cleared
  EXPECT_EQ(m.stack0(1), kCode3 + 4);
}

TEST_F(Protection, SelectorBeyondGdtLimitIsGp) {
  m.build();
  m.start_ring3({0x66, 0xB8, 0x43, 0x00, 0x8E, 0xC0, 0xCD, 0x1F});  // mov es,ax (index 8)
  m.run();
  ASSERT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.stack0(0), 0x40u);
}

TEST_F(Protection, NotPresentDataSegmentIsNp) {
  m.build();
  m.start_ring3({0x66, 0xB8, 0x3B, 0x00, 0x8E, 0xE0, 0xCD, 0x1F});  // mov fs,ax
  m.run();
  ASSERT_EQ(m.halted_vector(), 11);
  EXPECT_EQ(m.stack0(0), 0x38u);
}

TEST_F(Protection, StackSegmentMustMatchCpl) {
  m.build();
  m.start_ring3({0x66, 0xB8, 0x20, 0x00, 0x8E, 0xD0, 0xCD, 0x1F});  // mov ss,ax (RPL 0)
  m.run();
  ASSERT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.stack0(0), 0x20u);

  TestMachine null_ss;
  null_ss.build();
  null_ss.start_ring3({0x66, 0x31, 0xC0, 0x8E, 0xD0, 0xCD, 0x1F});  // xor ax,ax; mov ss,ax
  null_ss.run();
  ASSERT_EQ(null_ss.halted_vector(), 13);
  EXPECT_EQ(null_ss.stack0(0), 0u);
}

TEST_F(Protection, NullSelectorInDataSegmentFaultsOnUse) {
  m.build();
  // xor eax,eax; mov ds,ax (allowed); mov eax,[0] -> #GP(0)
  m.start_ring3({0x31, 0xC0, 0x8E, 0xD8, 0xA1, 0x00, 0x00, 0x00, 0x00, 0xCD, 0x1F});
  m.run();
  ASSERT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.stack0(0), 0u);
  EXPECT_EQ(m.stack0(1), kCode3 + 4);
}

TEST_F(Protection, CallGateSwitchesToTheInnerStackAndCopiesParameters) {
  m.build();
  m.put8(kCode0, 0xF4);  // ring-0 target: hlt
  // push 11111111h; push 22222222h; call far 33h:0
  m.start_ring3({0x68, 0x11, 0x11, 0x11, 0x11, 0x68, 0x22, 0x22, 0x22, 0x22, 0x9A, 0x00, 0x00, 0x00,
                 0x00, 0x33, 0x00});
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  const CpuState& s = m.cpu.state();
  EXPECT_EQ(s.eip, kCode0 + 1);
  EXPECT_EQ(s.cpl, 0);
  EXPECT_EQ(s.seg[kCs].selector, kCs0);
  EXPECT_EQ(s.seg[kSs].selector, kDs0);
  EXPECT_EQ(s.gpr[kEsp], kStack0 - 24);
  EXPECT_EQ(m.stack0(0), kCode3 + 17);  // return EIP
  EXPECT_EQ(m.stack0(1), uint32_t{kCs3});
  EXPECT_EQ(m.stack0(2), 0x22222222u);  // parameters in their original order
  EXPECT_EQ(m.stack0(3), 0x11111111u);
  EXPECT_EQ(m.stack0(4), kStack3 - 8);  // outer ESP
  EXPECT_EQ(m.stack0(5), uint32_t{kDs3});
}

TEST_F(Protection, CallGateBelowCplIsGp) {
  m.build();
  m.set_gdt_entry(6, TestMachine::gate(kCs0, kCode0, 0x8C, 0));  // DPL 0 gate
  m.start_ring3({0x9A, 0x00, 0x00, 0x00, 0x00, 0x33, 0x00});
  m.run();
  ASSERT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.stack0(0), 0x30u);
}

TEST_F(Protection, SoftwareInterruptThroughDpl0GateIsGpWithIdtErrorCode) {
  m.build();
  m.start_ring3({0xCD, 0x05});
  m.run();
  ASSERT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.stack0(0), 5u * 8 + 2);  // IDT bit set, index 5
}

TEST_F(Protection, IretReturnsToRing3) {
  m.build();
  // push 23h; push 8000h; pushfd; push 1Bh; push 5000h; iretd
  m.start_ring0({0x6A, 0x23, 0x68, 0x00, 0x80, 0x00, 0x00, 0x9C, 0x6A, 0x1B, 0x68, 0x00, 0x50, 0x00,
                 0x00, 0xCF});
  m.put_bytes(kCode3, {0xCD, 0x1F});
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  EXPECT_EQ(m.halted_vector(), kDone);
  EXPECT_EQ(m.stack0(0), kCode3 + 2);
  EXPECT_EQ(m.stack0(1), uint32_t{kCs3});
  EXPECT_EQ(m.stack0(3), kStack3);
  EXPECT_EQ(m.stack0(4), uint32_t{kDs3});
}

TEST_F(Protection, CliAtCpl3WithIopl0IsGp) {
  m.build();
  m.start_ring3({0xFA, 0xCD, 0x1F});
  m.run();
  ASSERT_EQ(m.halted_vector(), 13);
  EXPECT_EQ(m.stack0(1), kCode3);
}

TEST_F(Protection, PopfAtCpl3KeepsIoplAndIf) {
  m.build();
  // push 3202h (IOPL 3, IF); popfd; pushfd; pop eax; int 1Fh
  m.start_ring3({0x68, 0x02, 0x32, 0x00, 0x00, 0x9D, 0x9C, 0x58, 0xCD, 0x1F});
  m.run();
  EXPECT_EQ(m.halted_vector(), kDone);
  EXPECT_EQ(m.cpu.state().gpr[kEax] & 0x3200u, 0u);
}

TEST_F(Protection, Cpl3FetchFromSupervisorPageFaultsEvenWhenDecodedAtCpl0) {
  m.build();
  // 4 KiB paging, identity map of the first 1 MiB, user pages except kCode0's.
  const uint32_t pd = 0x20000, pt = 0x21000;
  m.put32(pd, pt | 7);
  for (uint32_t page = 0; page < 256; ++page) {
    uint32_t flags = page * 0x1000 == kCode0 ? 3 : 7;  // P, RW (+ U)
    m.put32(pt + 4 * page, page * 0x1000 | flags);
  }
  m.cpu.set_control_registers(0x8000'0011u, pd, 0);
  // Ring 0 runs (and so caches) kCode0, then IRETs to ring 3, which jumps back
  // to kCode0: #PF with error code P|U (SDM vol. 3, 4.7), CR2 = kCode0.
  // Ring 3 runs at kCode3 + 0x100 so its EIP does not share a decode-table slot with kCode0.
  m.start_ring0({0x6A, 0x23, 0x68, 0x00, 0x80, 0x00, 0x00, 0x9C, 0x6A, 0x1B, 0x68, 0x00, 0x51, 0x00,
                 0x00, 0xCF});
  const uint32_t rel = kCode0 - (kCode3 + 0x100 + 5);
  m.put_bytes(kCode3 + 0x100, {0xE9, static_cast<uint8_t>(rel), static_cast<uint8_t>(rel >> 8),
                               static_cast<uint8_t>(rel >> 16), static_cast<uint8_t>(rel >> 24)});
  m.run();
  ASSERT_EQ(m.halted_vector(), 14);
  EXPECT_EQ(m.stack0(0), 5u);
  EXPECT_EQ(m.stack0(1), kCode0);
  EXPECT_EQ(m.cpu.state().cr2, kCode0);
}

TEST_F(Protection, HltAtCpl3IsGp) {
  m.build();
  m.start_ring3({0xF4});
  m.run();
  EXPECT_EQ(m.halted_vector(), 13);
}

}  // namespace
}  // namespace mkemu::cputest
