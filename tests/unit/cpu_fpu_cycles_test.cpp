// x87 clock counts (docs/cpu.md): RDTSC deltas over known FPU sequences
// equal the published counts. Pentium numbers (the pentium and p6 models):
// Pentium Processor Family Developer's Manual vol. 3, chapter 25; i486
// numbers: i486 Programmer's Reference Manual, floating-point clock counts
// (lower bound of a range; latency where latency/throughput is given).
#include <gtest/gtest.h>

#include "cpu/testing/cpu_test_machine.h"

namespace mkemu::cputest {
namespace {

constexpr uint64_t kRdtsc = 20, kMov = 1, kHlt486 = 4;

// rdtsc; mov esi,eax; <body>; rdtsc; sub eax,esi; hlt -> EAX = delta
uint32_t run_delta(TestMachine& m, std::initializer_list<uint8_t> body) {
  m.build();
  std::vector<uint8_t> code = {0x0F, 0x31, 0x89, 0xC6};
  code.insert(code.end(), body);
  for (uint8_t b : {0x0F, 0x31, 0x29, 0xF0, 0xF4}) code.push_back(b);
  m.start_ring0({});
  for (size_t k = 0; k < code.size(); ++k) m.put8(kCode0 + static_cast<uint32_t>(k), code[k]);
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  return m.cpu.state().gpr[kEax];
}

// fninit; fld1; fldz; fadd st,st(1); fmul st,st(1); fdivr st,st(1); fsqrt; fxch st(1)
#define ARITH_SEQUENCE \
  0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEE, 0xD8, 0xC1, 0xD8, 0xC9, 0xD8, 0xF9, 0xD9, 0xFA, 0xD9, 0xC9

TEST(CpuFpuCycles, PentiumArithmetic) {
  // FNINIT 12, FLD1 2, FLDZ 2, FADD 3, FMUL 3, FDIV(R) 39, FSQRT 70, FXCH 1.
  for (const char* model : {"pentium", "p6"}) {
    TestMachine m(model);
    EXPECT_EQ(run_delta(m, {ARITH_SEQUENCE}), kRdtsc + kMov + 12 + 2 + 2 + 3 + 3 + 39 + 70 + 1)
        << model;
  }
}

TEST(CpuFpuCycles, PentiumMemoryForms) {
  TestMachine m;
  m.put32(0x7000, 0x3F80'0000u);  // 1.0f
  m.put16(0x7010, 5);
  // fninit; fld dword [7000h]; fiadd word [7010h]; fcom dword [7000h];
  // fstp qword [7020h]; fnstsw ax; fnstcw [7030h]; fldcw [7030h]
  uint32_t delta = run_delta(
      m, {0xDB, 0xE3, 0xD9, 0x05, 0x00, 0x70, 0x00, 0x00, 0xDE, 0x05, 0x10, 0x70, 0x00, 0x00,
          0xD8, 0x15, 0x00, 0x70, 0x00, 0x00, 0xDD, 0x1D, 0x20, 0x70, 0x00, 0x00, 0xDF, 0xE0,
          0xD9, 0x3D, 0x30, 0x70, 0x00, 0x00, 0xD9, 0x2D, 0x30, 0x70, 0x00, 0x00});
  // FNINIT 12, FLD m32 1, FIADD m16 7, FCOM m32 4, FSTP m64 2, FNSTSW AX 2, FNSTCW 2, FLDCW 7.
  EXPECT_EQ(delta, kRdtsc + kMov + 12 + 1 + 7 + 4 + 2 + 2 + 2 + 7);
  EXPECT_EQ(m.get32(0x7024), 0x4018'0000u);  // 6.0 stored: the sequence really ran
}

TEST(CpuFpuCycles, PentiumStateSaveAndRestore) {
  TestMachine m;
  // fninit; fnsave [7000h]; frstor [7000h]; fnstenv [7100h]; fldenv [7100h]
  uint32_t delta =
      run_delta(m, {0xDB, 0xE3, 0xDD, 0x35, 0x00, 0x70, 0x00, 0x00, 0xDD, 0x25, 0x00, 0x70, 0x00,
                    0x00, 0xD9, 0x35, 0x00, 0x71, 0x00, 0x00, 0xD9, 0x25, 0x00, 0x71, 0x00, 0x00});
  // FNINIT 12, FNSAVE 124, FRSTOR 70, FNSTENV 48, FLDENV 32 (protected mode).
  EXPECT_EQ(delta, kRdtsc + kMov + 12 + 124 + 70 + 48 + 32);
}

TEST(CpuFpuCycles, PentiumTranscendentalsUseTheLowerBound) {
  TestMachine m;
  // fninit; fldz; fsin; fcos; fld1; fpatan; f2xm1
  uint32_t delta = run_delta(
      m, {0xDB, 0xE3, 0xD9, 0xEE, 0xD9, 0xFE, 0xD9, 0xFF, 0xD9, 0xE8, 0xD9, 0xF3, 0xD9, 0xF0});
  // FNINIT 12, FLDZ 2, FSIN 16-126, FCOS 16-126, FLD1 2, FPATAN 19-134, F2XM1 13-57.
  EXPECT_EQ(delta, kRdtsc + kMov + 12 + 2 + 16 + 16 + 2 + 19 + 13);
}

TEST(CpuFpuCycles, I486UsesItsOwnCounts) {
  // The i486 has no RDTSC: read the virtual clock around the code instead.
  TestMachine m("i486");
  m.build();
  m.start_ring0({ARITH_SEQUENCE, 0xF4});
  uint64_t before = m.clock.cycles;
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  // FNINIT 17, FLD1 4, FLDZ 4, FADD 8-20, FMUL 16, FDIV(R) 73, FSQRT 83-87, FXCH 4.
  EXPECT_EQ(m.clock.cycles - before, 17u + 4 + 4 + 8 + 16 + 73 + 83 + 4 + kHlt486);
}

TEST(CpuFpuCycles, I486MemoryFormsAndSave) {
  TestMachine m("i486");
  m.build();
  m.put32(0x7000, 0x3F80'0000u);
  // fninit; fld dword [7000h]; fmul dword [7000h]; fist dword [7010h]; fnsave [7100h]; hlt
  m.start_ring0({0xDB, 0xE3, 0xD9, 0x05, 0x00, 0x70, 0x00, 0x00, 0xD8, 0x0D, 0x00, 0x70, 0x00, 0x00,
                 0xDB, 0x15, 0x10, 0x70, 0x00, 0x00, 0xDD, 0x35, 0x00, 0x71, 0x00, 0x00, 0xF4});
  uint64_t before = m.clock.cycles;
  EXPECT_EQ(m.run(), CpuStop::kHalted);
  // FNINIT 17, FLD m32 3, FMUL m32 11, FIST m32 28-34, FNSAVE 143 (protected mode).
  EXPECT_EQ(m.clock.cycles - before, 17u + 3 + 11 + 28 + 143 + kHlt486);
  EXPECT_EQ(m.get32(0x7010), 1u);
}

}  // namespace
}  // namespace mkemu::cputest
