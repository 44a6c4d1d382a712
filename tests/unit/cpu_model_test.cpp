// Model-specific behaviour against the Intel SDM vol. 2 (CPUID, RDMSR/WRMSR,
// SYSENTER/SYSEXIT, CMOVcc, CMPXCHG8B) and vol. 4 (MSR availability).
#include <gtest/gtest.h>

#include "cpu/decoder.h"
#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

TEST(CpuModel, CpuidVendorAndMaximumLeaf) {
  TestMachine m;
  m.cpu.state().gpr[kEax] = 0;
  EXPECT_EQ(m.run_ring0({0x31, 0xC0, 0x0F, 0xA2}), -1);  // xor eax,eax; cpuid
  const CpuState& s = m.cpu.state();
  EXPECT_EQ(s.gpr[kEbx], 0x756E6547u);  // "Genu"
  EXPECT_EQ(s.gpr[kEdx], 0x49656E69u);  // "ineI"
  EXPECT_EQ(s.gpr[kEcx], 0x6C65746Eu);  // "ntel"
  EXPECT_EQ(s.gpr[kEax], 2u);
}

TEST(CpuModel, CpuidLeafOneReportsTheConfiguredFeatures) {
  TestMachine m;
  EXPECT_EQ(m.run_ring0({0xB8, 0x01, 0, 0, 0, 0x0F, 0xA2}), -1);
  EXPECT_EQ(m.cpu.state().gpr[kEdx], m.cpu.config().features_edx);
  EXPECT_EQ((m.cpu.state().gpr[kEax] >> 8) & 0xF, 6u);  // family 6
}

TEST(CpuModel, LeavesAboveTheMaximumReturnTheHighestBasicLeaf) {
  TestMachine a, b;
  a.run_ring0({0xB8, 0x02, 0, 0, 0, 0x0F, 0xA2});     // leaf 2
  b.run_ring0({0xB8, 0x00, 0, 0, 0x80, 0x0F, 0xA2});  // leaf 8000_0000h
  for (Gpr r : {kEax, kEbx, kEcx, kEdx}) EXPECT_EQ(a.cpu.state().gpr[r], b.cpu.state().gpr[r]);
}

TEST(CpuModel, PentiumHasNoCmov) {
  TestMachine m("pentium");
  EXPECT_EQ(m.run_ring0({0x0F, 0x44, 0xC3}), 6);  // cmove eax,ebx -> #UD
  TestMachine p6;
  EXPECT_EQ(p6.run_ring0({0x0F, 0x44, 0xC3}), -1);
}

TEST(CpuModel, FeatureSwitchedOffRaisesUd) {
  TestMachine m("p6,-cx8");
  EXPECT_EQ(m.run_ring0({0x0F, 0xC7, 0x0E}), 6);  // cmpxchg8b [esi]
}

TEST(CpuModel, UnknownMsrIsGp) {
  TestMachine m;
  EXPECT_EQ(m.run_ring0({0xB9, 0x34, 0x12, 0, 0, 0x0F, 0x32}), 13);  // rdmsr 1234h
  EXPECT_EQ(m.stack0(0), 0u);
}

TEST(CpuModel, ApicBaseMsrReadsEnabledBsp) {
  TestMachine m;
  EXPECT_EQ(m.run_ring0({0xB9, 0x1B, 0, 0, 0, 0x0F, 0x32}), -1);
  EXPECT_EQ(m.cpu.state().gpr[kEax], 0xFEE00900u);
  EXPECT_EQ(m.cpu.state().gpr[kEdx], 0u);
}

TEST(CpuModel, RdmsrAtCpl3IsGp) {
  TestMachine m;
  m.build();
  m.start_ring3({0xB9, 0x10, 0, 0, 0, 0x0F, 0x32});
  m.run();
  EXPECT_EQ(m.halted_vector(), 13);
}

TEST(CpuModel, SysenterAndSysexitUseTheMsrSelectors) {
  TestMachine m;
  m.build();
  // Ring 0: wrmsr SYSENTER_CS=8, SYSENTER_ESP=9000h, SYSENTER_EIP=kCode0+0x40;
  // then sysexit to ring 3 at EDX=kCode3 with ECX=8000h.
  std::vector<uint8_t> code;
  auto wrmsr = [&](uint32_t msr, uint32_t value) {
    for (uint8_t b : {uint8_t{0xB9}, static_cast<uint8_t>(msr), static_cast<uint8_t>(msr >> 8),
                      uint8_t{0}, uint8_t{0}})
      code.push_back(b);
    for (uint8_t b : {uint8_t{0xB8}, static_cast<uint8_t>(value), static_cast<uint8_t>(value >> 8),
                      static_cast<uint8_t>(value >> 16), static_cast<uint8_t>(value >> 24)})
      code.push_back(b);
    for (uint8_t b : {0x31, 0xD2, 0x0F, 0x30}) code.push_back(b);  // xor edx,edx; wrmsr
  };
  wrmsr(0x174, kCs0);
  wrmsr(0x175, kStack0);
  wrmsr(0x176, kCode0 + 0x40);
  for (uint8_t b : {0xBA, 0x00, 0x50, 0x00, 0x00, 0xB9, 0x00, 0x80, 0x00, 0x00, 0x0F, 0x35}) {
    code.push_back(b);  // mov edx,kCode3; mov ecx,8000h; sysexit
  }
  m.start_ring0({});
  for (size_t k = 0; k < code.size(); ++k) m.put8(kCode0 + static_cast<uint32_t>(k), code[k]);
  m.put_bytes(kCode3, {0x0F, 0x34});  // ring 3: sysenter
  m.put8(kCode0 + 0x40, 0xF4);        // ring-0 entry point: hlt
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  const CpuState& s = m.cpu.state();
  EXPECT_EQ(s.eip, kCode0 + 0x41);
  EXPECT_EQ(s.cpl, 0);
  EXPECT_EQ(s.seg[kCs].selector, kCs0);
  EXPECT_EQ(s.seg[kSs].selector, kCs0 + 8);
  EXPECT_EQ(s.gpr[kEsp], kStack0);
}

TEST(CpuModel, LockOnARegisterDestinationIsUd) {
  TestMachine m;
  EXPECT_EQ(m.run_ring0({0xF0, 0x01, 0xC3}), 6);  // lock add ebx,eax
}

TEST(CpuModel, InstructionLongerThan15BytesIsGp) {
  TestMachine m;
  // 14 operand-size prefixes + 90 = 15 bytes: fine; 15 prefixes + 90 = 16: #GP(0)
  EXPECT_EQ(m.run_ring0({0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                         0x66, 0x66, 0x66, 0x90}),
            13);
  TestMachine ok;
  EXPECT_EQ(ok.run_ring0({0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                          0x66, 0x66, 0x90}),
            -1);
}

// The fetch path gathers at most 15 bytes across a page boundary: if they run
// out before the instruction ends, it is too long (#GP), not "need more".
// 13 prefixes + add dword [disp32], imm32 = 23 bytes (a fuzzer-found crash:
// the incomplete instruction had no handler).
TEST(CpuModel, FifteenBytesThatDoNotEndAnInstructionAreTooLong) {
  uint8_t bytes[15];
  std::fill(std::begin(bytes), std::end(bytes), 0x3E);  // DS: prefixes
  bytes[13] = 0x81;
  bytes[14] = 0x05;  // ModRM: [disp32], /0 = ADD
  cpu::Insn insn;
  cpu::DecodeResult r = cpu::decode(bytes, 15, true, parse_cpu_option("p6"), insn);
  EXPECT_EQ(r.status, cpu::DecodeStatus::kOk);
  EXPECT_TRUE(r.too_long);
  EXPECT_EQ(insn.len, 15);
  EXPECT_NE(insn.fn, nullptr);
  // With fewer bytes the caller may still fetch the rest.
  EXPECT_EQ(cpu::decode(bytes, 14, true, parse_cpu_option("p6"), insn).status,
            cpu::DecodeStatus::kNeedMore);
}

}  // namespace
}  // namespace mkemu::cputest
