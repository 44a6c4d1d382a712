// Self-modifying code (issue 4): a store over an instruction that has already
// executed (so it sits decoded in the CPU's cache) must make the new bytes run,
// whether the store is on the same page, on another page, or goes through a
// second linear alias of the physical page. Architecturally (SDM vol. 3,
// 11.6) a jump after the store is enough for the new code to be seen.
#include <gtest/gtest.h>

#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

constexpr uint32_t kTarget = 0x20000;  // a second code page

void put_le32(std::vector<uint8_t>& v, uint32_t x) {
  for (int k = 0; k < 4; ++k) v.push_back(static_cast<uint8_t>(x >> (8 * k)));
}

// mov byte [addr], 7 (C6 05 addr32 imm8)
std::vector<uint8_t> store_byte(uint32_t addr) {
  std::vector<uint8_t> v = {0xC6, 0x05};
  put_le32(v, addr);
  v.push_back(0x07);
  return v;
}

TEST(CpuSelfModifying, SamePagePatchOfExecutedInstructionRuns) {
  TestMachine m;
  m.build();
  // 0: mov eax,1 / 5: cmp ecx,1 / 8: je +10 / A: mov byte [kCode0+1],7 /
  // 11: inc ecx / 12: jmp 0 / 14: hlt
  std::vector<uint8_t> code = {0xB8, 0x01, 0x00, 0x00, 0x00, 0x83, 0xF9, 0x01, 0x74, 0x0A};
  for (uint8_t b : store_byte(kCode0 + 1)) code.push_back(b);
  for (uint8_t b : {0x41, 0xEB, 0xEC, 0xF4}) code.push_back(b);
  m.start_ring0({});
  for (size_t k = 0; k < code.size(); ++k) m.put8(kCode0 + static_cast<uint32_t>(k), code[k]);
  m.cpu.state().gpr[kEcx] = 0;
  ASSERT_EQ(m.run(), CpuStop::kHalted);
  EXPECT_EQ(m.halted_vector(), -1);
  EXPECT_EQ(m.cpu.state().eip, kCode0 + 0x15);
  EXPECT_EQ(m.cpu.state().gpr[kEax], 7u) << "the patched mov did not execute";
}

// Code at kCode0 calls kTarget (mov eax,1; ret), patches the immediate through
// `write_address`, and calls it again.
void run_cross_page(TestMachine& m, uint32_t write_address) {
  std::vector<uint8_t> code = {0x31, 0xC9, 0xE8};                      // 0: xor ecx,ecx / 2: call
  put_le32(code, kTarget - (kCode0 + 7));                              //    kTarget
  for (uint8_t b : {0x83, 0xF9, 0x01, 0x74, 0x0A}) code.push_back(b);  // 7: cmp ecx,1 / A: je 16
  for (uint8_t b : store_byte(write_address)) code.push_back(b);       // C: patch
  for (uint8_t b : {0x41, 0xEB, 0xEC, 0xF4}) code.push_back(b);  // 13: inc / 14: jmp 2 / 16: hlt
  for (size_t k = 0; k < code.size(); ++k) m.put8(kCode0 + static_cast<uint32_t>(k), code[k]);
  m.put_bytes(kTarget, {0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3});
  ASSERT_EQ(m.run(), CpuStop::kHalted);
  EXPECT_EQ(m.halted_vector(), -1);
  EXPECT_EQ(m.cpu.state().eip, kCode0 + 0x17);
  EXPECT_EQ(m.cpu.state().gpr[kEax], 7u) << "the patched mov on the other page did not execute";
}

TEST(CpuSelfModifying, PatchOnAnotherPageRuns) {
  TestMachine m;
  m.build();
  m.start_ring0({});
  run_cross_page(m, kTarget + 1);
}

TEST(CpuSelfModifying, PatchThroughSecondLinearAliasRuns) {
  TestMachine m;
  m.build();
  m.start_ring0({});
  // Paging: identity map the first 1 MiB, and map linear 0x100000 onto the
  // physical page of kTarget: the store goes through that alias.
  constexpr uint32_t kPageDir = 0x30000, kPageTable = 0x31000, kAlias = 0x100000;
  for (uint32_t i = 0; i < 1024; ++i) m.put32(kPageDir + 4 * i, 0);
  m.put32(kPageDir, kPageTable | 0x3);
  for (uint32_t i = 0; i < 256; ++i) m.put32(kPageTable + 4 * i, (i << 12) | 0x3);
  m.put32(kPageTable + 4 * (kAlias >> 12), kTarget | 0x3);
  const CpuState& s = m.cpu.state();
  m.cpu.set_control_registers(s.cr0 | 0x8000'0001u, kPageDir, s.cr4);
  run_cross_page(m, kAlias + 1);
}

}  // namespace
}  // namespace mkemu::cputest
