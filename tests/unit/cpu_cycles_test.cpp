// The cycle model: RDTSC deltas equal the per-model table costs plus the
// documented penalties (docs/cpu.md). The expected counts below are the
// Pentium clock counts from Intel's Pentium Processor Family Developer's
// Manual, vol. 3, chapter 25 (integer instruction timings), which the p6 and
// pentium models use; the i486 counts are from the i486 Programmer's Reference
// Manual, appendix E.
#include <gtest/gtest.h>

#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

// Pentium clocks: RDTSC (the part before the counter is read counts), MOV r,r 1, NOP 1,
// ADD r,r 1, ADD m,r 3, IMUL r,r/m 10, STOS 3 per iteration, PUSH r 1, POP r 1.
constexpr uint64_t kRdtsc = 20, kMov = 1, kNop = 1, kAdd = 1, kAddMem = 3, kImul = 10, kStos = 3,
                   kPush = 1, kPop = 1;
constexpr uint64_t kExceptionDelivery = 20;  // docs/cpu.md: every exception or interrupt delivery

// rdtsc; mov esi,eax; <body>; rdtsc; sub eax,esi; hlt -> EAX = delta
std::vector<uint8_t> measured(std::initializer_list<uint8_t> body) {
  std::vector<uint8_t> code = {0x0F, 0x31, 0x89, 0xC6};
  code.insert(code.end(), body);
  for (uint8_t b : {0x0F, 0x31, 0x29, 0xF0, 0xF4}) code.push_back(b);
  return code;
}

uint32_t run_delta(TestMachine& m, std::initializer_list<uint8_t> body) {
  m.build();
  std::vector<uint8_t> code = measured(body);
  m.start_ring0({});
  for (size_t k = 0; k < code.size(); ++k) m.put8(kCode0 + static_cast<uint32_t>(k), code[k]);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  return m.cpu.state().gpr[kEax];
}

TEST(CpuCycles, RegisterInstructionsCostTheirTableClocks) {
  TestMachine m;
  // nop; add eax,ebx; imul eax,ebx
  uint32_t delta = run_delta(m, {0x90, 0x01, 0xD8, 0x0F, 0xAF, 0xC3});
  EXPECT_EQ(delta, kRdtsc + kMov + kNop + kAdd + kImul);
}

TEST(CpuCycles, MemoryFormsUseTheMemoryColumn) {
  TestMachine m;
  m.cpu.state().gpr[kEbx] = 0x7000;
  // mov ebx,7000h; add [ebx],eax
  uint32_t delta = run_delta(m, {0xBB, 0x00, 0x70, 0x00, 0x00, 0x01, 0x03});
  EXPECT_EQ(delta, kRdtsc + kMov + kMov + kAddMem);
}

TEST(CpuCycles, RepStosCostsPerIteration) {
  TestMachine m;
  // mov edi,7000h; mov ecx,10; rep stosb
  uint32_t delta =
      run_delta(m, {0xBF, 0x00, 0x70, 0x00, 0x00, 0xB9, 0x0A, 0x00, 0x00, 0x00, 0xF3, 0xAA});
  EXPECT_EQ(delta, kRdtsc + kMov + kMov + kMov + 10 * kStos);
}

TEST(CpuCycles, StackInstructions) {
  TestMachine m;
  uint32_t delta = run_delta(m, {0x53, 0x5B});  // push ebx; pop ebx
  EXPECT_EQ(delta, kRdtsc + kMov + kPush + kPop);
}

TEST(CpuCycles, FaultCostsOnlyTheDeliveryPenalty) {
  TestMachine m;
  m.build();
  // Handler for #UD: rdtsc; sub eax,esi; hlt.
  uint32_t h = handler_of(6);
  const uint8_t handler[] = {0x0F, 0x31, 0x29, 0xF0, 0xF4};
  for (size_t k = 0; k < sizeof handler; ++k) m.put8(h + static_cast<uint32_t>(k), handler[k]);
  m.start_ring0({0x0F, 0x31, 0x89, 0xC6, 0x0F, 0x0B});  // rdtsc; mov esi,eax; ud2
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  EXPECT_EQ(m.cpu.state().gpr[kEax], kRdtsc + kMov + kExceptionDelivery);
}

TEST(CpuCycles, I486UsesItsOwnColumn) {
  // The i486 has no RDTSC: read the virtual clock around the same code instead.
  // i486 clocks: ADD r,r 1; IMUL r,r/m 13 (lower bound of 13-42); POP r 4.
  TestMachine m("i486");
  m.build();
  m.start_ring0({0x01, 0xD8, 0x0F, 0xAF, 0xC3, 0x5B, 0xF4});  // add; imul; pop ebx; hlt
  uint64_t before = m.clock.cycles;
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  EXPECT_EQ(m.clock.cycles - before, 1u + 13u + 4u + 4u /* HLT */);
}

}  // namespace
}  // namespace mkemu::cputest
