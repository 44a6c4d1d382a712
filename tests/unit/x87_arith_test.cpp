// Arithmetic: every form of FADD/FMUL/FSUB(R)/FDIV(R) (register, popping,
// m32/m64 float, m16/m32 integer) and the one-operand operations, bit-exact
// against the host x87 executed directly, over random operands of every
// class, random stack depths (underflow) and every rounding/precision mode.
#include <gtest/gtest.h>

#include "cpu/fpu/x87_test_support.h"

namespace mkemu::x87_test {
namespace {

constexpr uint64_t kSeed = 0x5EED'A817'0000'0001ull;

X87_HOST_OP_STI(fadd_st0, "fadd st, st(", ")")
X87_HOST_OP_STI(fmul_st0, "fmul st, st(", ")")
X87_HOST_OP_STI(fsub_st0, "fsub st, st(", ")")
X87_HOST_OP_STI(fsubr_st0, "fsubr st, st(", ")")
X87_HOST_OP_STI(fdiv_st0, "fdiv st, st(", ")")
X87_HOST_OP_STI(fdivr_st0, "fdivr st, st(", ")")
X87_HOST_OP_STI(fadd_sti, "fadd st(", "), st")
X87_HOST_OP_STI(fmul_sti, "fmul st(", "), st")
X87_HOST_OP_STI(fsub_sti, "fsub st(", "), st")
X87_HOST_OP_STI(fsubr_sti, "fsubr st(", "), st")
X87_HOST_OP_STI(fdiv_sti, "fdiv st(", "), st")
X87_HOST_OP_STI(fdivr_sti, "fdivr st(", "), st")
X87_HOST_OP_STI(faddp_sti, "faddp st(", "), st")
X87_HOST_OP_STI(fmulp_sti, "fmulp st(", "), st")
X87_HOST_OP_STI(fsubp_sti, "fsubp st(", "), st")
X87_HOST_OP_STI(fsubrp_sti, "fsubrp st(", "), st")
X87_HOST_OP_STI(fdivp_sti, "fdivp st(", "), st")
X87_HOST_OP_STI(fdivrp_sti, "fdivrp st(", "), st")

struct RegFamily {
  const char* name;
  uint8_t opcode, modrm_base;
  const HostOp* host;
};

// Intel encodings (SDM Vol. 2, FADD..FDIVR opcode tables).
const RegFamily kRegFamilies[] = {
    {"fadd st,st(i)", 0xD8, 0xC0, fadd_st0},     {"fmul st,st(i)", 0xD8, 0xC8, fmul_st0},
    {"fsub st,st(i)", 0xD8, 0xE0, fsub_st0},     {"fsubr st,st(i)", 0xD8, 0xE8, fsubr_st0},
    {"fdiv st,st(i)", 0xD8, 0xF0, fdiv_st0},     {"fdivr st,st(i)", 0xD8, 0xF8, fdivr_st0},
    {"fadd st(i),st", 0xDC, 0xC0, fadd_sti},     {"fmul st(i),st", 0xDC, 0xC8, fmul_sti},
    {"fsubr st(i),st", 0xDC, 0xE0, fsubr_sti},   {"fsub st(i),st", 0xDC, 0xE8, fsub_sti},
    {"fdivr st(i),st", 0xDC, 0xF0, fdivr_sti},   {"fdiv st(i),st", 0xDC, 0xF8, fdiv_sti},
    {"faddp st(i),st", 0xDE, 0xC0, faddp_sti},   {"fmulp st(i),st", 0xDE, 0xC8, fmulp_sti},
    {"fsubrp st(i),st", 0xDE, 0xE0, fsubrp_sti}, {"fsubp st(i),st", 0xDE, 0xE8, fsubp_sti},
    {"fdivrp st(i),st", 0xDE, 0xF0, fdivrp_sti}, {"fdivp st(i),st", 0xDE, 0xF8, fdivp_sti},
};

TEST(X87Arith, RegisterFormsMatchHost) {
  for (const RegFamily& f : kRegFamilies) {
    for (unsigned i = 0; i < 8; ++i) {
      const Form form{f.name, f.opcode, uint8_t(f.modrm_base + i), f.host[i]};
      const SweepResult r = sweep(form, {.depth = i + 1, .iterations = 250}, kSeed);
      EXPECT_EQ(r.mismatches, 0u) << "st(" << i << ") of " << r.cases << ": " << r.first;
    }
  }
}

X87_HOST_OP(fadd_m32, "fadd dword ptr [rsi]")
X87_HOST_OP(fmul_m32, "fmul dword ptr [rsi]")
X87_HOST_OP(fsub_m32, "fsub dword ptr [rsi]")
X87_HOST_OP(fsubr_m32, "fsubr dword ptr [rsi]")
X87_HOST_OP(fdiv_m32, "fdiv dword ptr [rsi]")
X87_HOST_OP(fdivr_m32, "fdivr dword ptr [rsi]")
X87_HOST_OP(fadd_m64, "fadd qword ptr [rsi]")
X87_HOST_OP(fmul_m64, "fmul qword ptr [rsi]")
X87_HOST_OP(fsub_m64, "fsub qword ptr [rsi]")
X87_HOST_OP(fsubr_m64, "fsubr qword ptr [rsi]")
X87_HOST_OP(fdiv_m64, "fdiv qword ptr [rsi]")
X87_HOST_OP(fdivr_m64, "fdivr qword ptr [rsi]")
X87_HOST_OP(fiadd_m32, "fiadd dword ptr [rsi]")
X87_HOST_OP(fimul_m32, "fimul dword ptr [rsi]")
X87_HOST_OP(fisub_m32, "fisub dword ptr [rsi]")
X87_HOST_OP(fisubr_m32, "fisubr dword ptr [rsi]")
X87_HOST_OP(fidiv_m32, "fidiv dword ptr [rsi]")
X87_HOST_OP(fidivr_m32, "fidivr dword ptr [rsi]")
X87_HOST_OP(fiadd_m16, "fiadd word ptr [rsi]")
X87_HOST_OP(fimul_m16, "fimul word ptr [rsi]")
X87_HOST_OP(fisub_m16, "fisub word ptr [rsi]")
X87_HOST_OP(fisubr_m16, "fisubr word ptr [rsi]")
X87_HOST_OP(fidiv_m16, "fidiv word ptr [rsi]")
X87_HOST_OP(fidivr_m16, "fidivr word ptr [rsi]")

struct MemForm {
  Form form;
  Operand operand;
};

// ModRM mod=00 rm=110 with the /r digit of each operation.
const MemForm kMemForms[] = {
    {{"fadd m32", 0xD8, 0x06, fadd_m32}, Operand::kF32},
    {{"fmul m32", 0xD8, 0x0E, fmul_m32}, Operand::kF32},
    {{"fsub m32", 0xD8, 0x26, fsub_m32}, Operand::kF32},
    {{"fsubr m32", 0xD8, 0x2E, fsubr_m32}, Operand::kF32},
    {{"fdiv m32", 0xD8, 0x36, fdiv_m32}, Operand::kF32},
    {{"fdivr m32", 0xD8, 0x3E, fdivr_m32}, Operand::kF32},
    {{"fadd m64", 0xDC, 0x06, fadd_m64}, Operand::kF64},
    {{"fmul m64", 0xDC, 0x0E, fmul_m64}, Operand::kF64},
    {{"fsub m64", 0xDC, 0x26, fsub_m64}, Operand::kF64},
    {{"fsubr m64", 0xDC, 0x2E, fsubr_m64}, Operand::kF64},
    {{"fdiv m64", 0xDC, 0x36, fdiv_m64}, Operand::kF64},
    {{"fdivr m64", 0xDC, 0x3E, fdivr_m64}, Operand::kF64},
    {{"fiadd m32", 0xDA, 0x06, fiadd_m32}, Operand::kI32},
    {{"fimul m32", 0xDA, 0x0E, fimul_m32}, Operand::kI32},
    {{"fisub m32", 0xDA, 0x26, fisub_m32}, Operand::kI32},
    {{"fisubr m32", 0xDA, 0x2E, fisubr_m32}, Operand::kI32},
    {{"fidiv m32", 0xDA, 0x36, fidiv_m32}, Operand::kI32},
    {{"fidivr m32", 0xDA, 0x3E, fidivr_m32}, Operand::kI32},
    {{"fiadd m16", 0xDE, 0x06, fiadd_m16}, Operand::kI16},
    {{"fimul m16", 0xDE, 0x0E, fimul_m16}, Operand::kI16},
    {{"fisub m16", 0xDE, 0x26, fisub_m16}, Operand::kI16},
    {{"fisubr m16", 0xDE, 0x2E, fisubr_m16}, Operand::kI16},
    {{"fidiv m16", 0xDE, 0x36, fidiv_m16}, Operand::kI16},
    {{"fidivr m16", 0xDE, 0x3E, fidivr_m16}, Operand::kI16},
};

TEST(X87Arith, MemoryFormsMatchHost) {
  for (const MemForm& m : kMemForms) {
    const SweepResult r =
        sweep(m.form, {.depth = 1, .operand = m.operand, .iterations = 1500}, kSeed);
    EXPECT_EQ(r.mismatches, 0u) << r.cases << " cases: " << r.first;
  }
}

X87_HOST_OP(fsqrt_op, "fsqrt")
X87_HOST_OP(fabs_op, "fabs")
X87_HOST_OP(fchs_op, "fchs")
X87_HOST_OP(frndint_op, "frndint")
X87_HOST_OP(fscale_op, "fscale")
X87_HOST_OP(fxtract_op, "fxtract")
X87_HOST_OP(fprem_op, "fprem")
X87_HOST_OP(fprem1_op, "fprem1")

TEST(X87Arith, OneOperandAndRemainderOperationsMatchHost) {
  const struct {
    Form form;
    unsigned depth;
  } kForms[] = {
      {{"fsqrt", 0xD9, 0xFA, fsqrt_op}, 1},   {{"fabs", 0xD9, 0xE1, fabs_op}, 1},
      {{"fchs", 0xD9, 0xE0, fchs_op}, 1},     {{"frndint", 0xD9, 0xFC, frndint_op}, 1},
      {{"fscale", 0xD9, 0xFD, fscale_op}, 2}, {{"fxtract", 0xD9, 0xF4, fxtract_op}, 1},
      {{"fprem", 0xD9, 0xF8, fprem_op}, 2},   {{"fprem1", 0xD9, 0xF5, fprem1_op}, 2},
  };
  for (const auto& f : kForms) {
    const SweepResult r = sweep(f.form, {.depth = f.depth, .iterations = 4000}, kSeed);
    EXPECT_EQ(r.mismatches, 0u) << r.cases << " cases: " << r.first;
  }
}

// A chain of operations with sticky flags and condition codes carried from
// one instruction to the next (all exceptions masked: the host would trap).
X87_HOST_OP(chain_op, "fdiv st, st(1)\n\tfsqrt\n\tfmul st(2), st\n\tfsubrp st(1), st\n\tfrndint")

TEST(X87Arith, ChainedOperationsKeepStickyFlags) {
  Rng r(kSeed);
  for (unsigned i = 0; i < 3000; ++i) {
    Case c;
    c.cw = uint16_t(random_cw(r) | 0x3F);
    c.stack = random_stack(r, r.chance(80) ? 3 : r.below(9));
    const Outcome host = run_host(c, chain_op);
    const Outcome emu =
        run_emu(c, {{0xD8, 0xF1}, {0xD9, 0xFA}, {0xDC, 0xCA}, {0xDE, 0xE1}, {0xD9, 0xFC}});
    ASSERT_TRUE(host == emu) << describe(c, host, emu);
  }
}

// SDM Vol. 1 4.9.1.4 and Table 4-10: a masked overflow gives infinity when
// rounding to nearest or toward the overflow's direction, else the largest
// finite number; unmasked, the result keeps its significand and the exponent
// is biased by -24576 (0x6000), and the exception is pending.
TEST(X87Arith, OverflowResponsesFollowSdm) {
  const X87Reg big{1ull << 63, 0x3FFF + 16000};  // 2^16000
  const X87Reg kInf{1ull << 63, 0x7FFF}, kMax{~0ull, 0x7FFE};
  const X87Reg expected_masked[4] = {kInf, kMax, kInf, kMax};  // RN, down, up, zero
  for (unsigned rc = 0; rc < 4; ++rc) {
    Case c;
    c.cw = uint16_t(0x037F | rc << 10);
    c.stack = {big, big};
    X87 x;
    run_emu(c, {{0xD8, 0xC9}}, &x);  // fmul st, st(1)
    EXPECT_EQ(x.st(0), expected_masked[rc]) << "rc=" << rc;
    EXPECT_EQ(x.state().sw & 0x3F, X87::kSwOe | X87::kSwPe) << "rc=" << rc;
  }
  Case c;
  c.cw = 0x0377;  // OM clear
  c.stack = {big, big};
  X87 x;
  run_emu(c, {{0xD8, 0xC9}}, &x);
  EXPECT_EQ(x.st(0), (X87Reg{1ull << 63, uint16_t(0x3FFF + 32000 - 0x6000)}));
  EXPECT_NE(x.state().sw & X87::kSwOe, 0);
  EXPECT_TRUE(x.pending_exception());
}

// SDM Vol. 1 4.9.1.5: unmasked underflow biases the exponent by +24576;
// masked, a tiny exact result is delivered as a denormal without UE.
TEST(X87Arith, UnderflowResponsesFollowSdm) {
  const X87Reg tiny{1ull << 63, 0x3FFF - 16000};  // 2^-16000
  Case c;
  c.cw = 0x036F;  // UM clear
  c.stack = {tiny, tiny};
  X87 x;
  run_emu(c, {{0xD8, 0xC9}}, &x);
  EXPECT_EQ(x.st(0), (X87Reg{1ull << 63, uint16_t(0x3FFF - 32000 + 0x6000)}));
  EXPECT_NE(x.state().sw & X87::kSwUe, 0);
  EXPECT_TRUE(x.pending_exception());

  // 2^-16382 * 2^-2 = 2^-16384: exact, denormal (J=0, exponent field 0).
  c.cw = 0x037F;
  c.stack = {X87Reg{1ull << 63, 1}, X87Reg{1ull << 63, 0x3FFD}};
  run_emu(c, {{0xD8, 0xC9}}, &x);
  EXPECT_EQ(x.st(0), (X87Reg{1ull << 61, 0}));
  EXPECT_EQ(x.state().sw & 0x3F, 0);
}

// SDM Vol. 1 8.1.5.2: precision control rounds the significand to 24, 53 or
// 64 bits. 1/3 = 0.AAAA... (binary 0.0101...): to nearest, 24 bits give
// AAAAAB, 53 bits give ...AAAB (bits 63..11), 64 bits ...AAAB.
TEST(X87Arith, PrecisionControlRoundsSignificand) {
  const struct {
    uint16_t pc;
    uint64_t mantissa;
  } kCases[] = {{0, 0xAAAAAB0000000000ull}, {2, 0xAAAAAAAAAAAAA800ull}, {3, 0xAAAAAAAAAAAAAAABull}};
  for (const auto& k : kCases) {
    Case c;
    c.cw = uint16_t(0x007F | k.pc << 8);
    c.stack = {X87Reg{1ull << 63, 0x3FFF}, X87Reg{3ull << 62, 0x4000}};  // 1, 3
    X87 x;
    run_emu(c, {{0xD8, 0xF1}}, &x);  // fdiv st, st(1)
    EXPECT_EQ(x.st(0).mantissa, k.mantissa) << "pc=" << k.pc;
    EXPECT_EQ(x.st(0).sign_exp, 0x3FFD);
    EXPECT_EQ(x.state().sw & 0x3F, X87::kSwPe);
  }
}

// SDM Vol. 1 4.8.3.7: the masked response to an invalid operation (0/0) is
// the QNaN floating-point indefinite, FFFF C000000000000000.
TEST(X87Arith, InvalidOperationGivesIndefinite) {
  Case c;
  c.stack = {X87Reg{0, 0}, X87Reg{0, 0}};
  X87 x;
  run_emu(c, {{0xD8, 0xF1}}, &x);
  EXPECT_EQ(x.st(0), (X87Reg{0xC000000000000000ull, 0xFFFF}));
  EXPECT_EQ(x.state().sw & 0x7F, X87::kSwIe);
}

}  // namespace
}  // namespace mkemu::x87_test
