// Loads and stores of every format (float32/64/80, int16/32/64, packed BCD),
// register moves, FXCH, FFREE(P), FINCSTP/FDECSTP, the constants in every
// rounding mode, the undocumented aliases, and store suppression on unmasked
// exceptions: bit-exact against the host x87, memory included.
#include <gtest/gtest.h>

#include "cpu/fpu/x87_test_support.h"

namespace mkemu::x87_test {
namespace {

constexpr uint64_t kSeed = 0x5EED'10AD'0000'0003ull;

X87_HOST_OP(fld_m32, "fld dword ptr [rsi]")
X87_HOST_OP(fld_m64, "fld qword ptr [rsi]")
X87_HOST_OP(fld_m80, "fld tbyte ptr [rsi]")
X87_HOST_OP(fild_m16, "fild word ptr [rsi]")
X87_HOST_OP(fild_m32, "fild dword ptr [rsi]")
X87_HOST_OP(fild_m64, "fild qword ptr [rsi]")
X87_HOST_OP(fbld_m80, "fbld tbyte ptr [rsi]")
X87_HOST_OP(fst_m32, "fst dword ptr [rsi]")
X87_HOST_OP(fstp_m32, "fstp dword ptr [rsi]")
X87_HOST_OP(fst_m64, "fst qword ptr [rsi]")
X87_HOST_OP(fstp_m64, "fstp qword ptr [rsi]")
X87_HOST_OP(fstp_m80, "fstp tbyte ptr [rsi]")
X87_HOST_OP(fist_m16, "fist word ptr [rsi]")
X87_HOST_OP(fistp_m16, "fistp word ptr [rsi]")
X87_HOST_OP(fist_m32, "fist dword ptr [rsi]")
X87_HOST_OP(fistp_m32, "fistp dword ptr [rsi]")
X87_HOST_OP(fistp_m64, "fistp qword ptr [rsi]")
X87_HOST_OP(fbstp_m80, "fbstp tbyte ptr [rsi]")
X87_HOST_OP(fldcw_m16, "fldcw word ptr [rsi]")

TEST(X87LoadStore, MemoryFormsMatchHost) {
  const struct {
    Form form;
    unsigned depth;
    Operand operand;
  } kForms[] = {
      {{"fld m32", 0xD9, 0x06, fld_m32}, 0, Operand::kF32},
      {{"fld m64", 0xDD, 0x06, fld_m64}, 0, Operand::kF64},
      {{"fld m80", 0xDB, 0x2E, fld_m80}, 0, Operand::kF80},
      {{"fild m16", 0xDF, 0x06, fild_m16}, 0, Operand::kI16},
      {{"fild m32", 0xDB, 0x06, fild_m32}, 0, Operand::kI32},
      {{"fild m64", 0xDF, 0x2E, fild_m64}, 0, Operand::kI64},
      {{"fbld", 0xDF, 0x26, fbld_m80}, 0, Operand::kBcd},
      {{"fst m32", 0xD9, 0x16, fst_m32}, 1, Operand::kNone},
      {{"fstp m32", 0xD9, 0x1E, fstp_m32}, 1, Operand::kNone},
      {{"fst m64", 0xDD, 0x16, fst_m64}, 1, Operand::kNone},
      {{"fstp m64", 0xDD, 0x1E, fstp_m64}, 1, Operand::kNone},
      {{"fstp m80", 0xDB, 0x3E, fstp_m80}, 1, Operand::kNone},
      {{"fist m16", 0xDF, 0x16, fist_m16}, 1, Operand::kNone},
      {{"fistp m16", 0xDF, 0x1E, fistp_m16}, 1, Operand::kNone},
      {{"fist m32", 0xDB, 0x16, fist_m32}, 1, Operand::kNone},
      {{"fistp m32", 0xDB, 0x1E, fistp_m32}, 1, Operand::kNone},
      {{"fistp m64", 0xDF, 0x3E, fistp_m64}, 1, Operand::kNone},
      {{"fbstp", 0xDF, 0x36, fbstp_m80}, 1, Operand::kNone},
      {{"fldcw", 0xD9, 0x2E, fldcw_m16}, 1, Operand::kRaw16},
  };
  for (const auto& f : kForms) {
    const SweepResult r =
        sweep(f.form, {.depth = f.depth, .operand = f.operand, .iterations = 4000}, kSeed);
    EXPECT_EQ(r.mismatches, 0u) << r.cases << " cases: " << r.first;
  }
}

X87_HOST_OP_STI(fld_sti, "fld st(", ")")
X87_HOST_OP_STI(fst_sti, "fst st(", ")")
X87_HOST_OP_STI(fstp_sti, "fstp st(", ")")
X87_HOST_OP_STI(fxch_sti, "fxch st(", ")")
X87_HOST_OP_STI(ffree_sti, "ffree st(", ")")
// Undocumented aliases (no mnemonic in the assembler): FSTP1 D9 D8+i,
// FXCH4 DD C8+i, FFREEP DF C0+i, FXCH7 DF C8+i, FSTP8 DF D0+i, FSTP9 DF D8+i.
X87_HOST_OP_STI(fstp1_sti, ".byte 0xD9, 0xD8+", "")
X87_HOST_OP_STI(fxch4_sti, ".byte 0xDD, 0xC8+", "")
X87_HOST_OP_STI(ffreep_sti, ".byte 0xDF, 0xC0+", "")
X87_HOST_OP_STI(fxch7_sti, ".byte 0xDF, 0xC8+", "")
X87_HOST_OP_STI(fstp8_sti, ".byte 0xDF, 0xD0+", "")
X87_HOST_OP_STI(fstp9_sti, ".byte 0xDF, 0xD8+", "")

TEST(X87LoadStore, RegisterFormsMatchHost) {
  const struct {
    const char* name;
    uint8_t opcode, modrm_base;
    const HostOp* host;
  } kFamilies[] = {
      {"fld st(i)", 0xD9, 0xC0, fld_sti},   {"fst st(i)", 0xDD, 0xD0, fst_sti},
      {"fstp st(i)", 0xDD, 0xD8, fstp_sti}, {"fxch", 0xD9, 0xC8, fxch_sti},
      {"ffree", 0xDD, 0xC0, ffree_sti},     {"fstp1", 0xD9, 0xD8, fstp1_sti},
      {"fxch4", 0xDD, 0xC8, fxch4_sti},     {"ffreep", 0xDF, 0xC0, ffreep_sti},
      {"fxch7", 0xDF, 0xC8, fxch7_sti},     {"fstp8", 0xDF, 0xD0, fstp8_sti},
      {"fstp9", 0xDF, 0xD8, fstp9_sti},
  };
  for (const auto& f : kFamilies) {
    for (unsigned i = 0; i < 8; ++i) {
      const Form form{f.name, f.opcode, uint8_t(f.modrm_base + i), f.host[i]};
      const SweepResult r = sweep(form, {.depth = i + 1, .iterations = 200}, kSeed);
      EXPECT_EQ(r.mismatches, 0u) << "st(" << i << ") of " << r.cases << ": " << r.first;
    }
  }
}

X87_HOST_OP(fld1_op, "fld1")
X87_HOST_OP(fldl2t_op, "fldl2t")
X87_HOST_OP(fldl2e_op, "fldl2e")
X87_HOST_OP(fldpi_op, "fldpi")
X87_HOST_OP(fldlg2_op, "fldlg2")
X87_HOST_OP(fldln2_op, "fldln2")
X87_HOST_OP(fldz_op, "fldz")
X87_HOST_OP(fincstp_op, "fincstp")
X87_HOST_OP(fdecstp_op, "fdecstp")
X87_HOST_OP(fnop_op, "fnop")

TEST(X87LoadStore, ConstantsAndStackOperationsMatchHost) {
  const Form kForms[] = {
      {"fld1", 0xD9, 0xE8, fld1_op},       {"fldl2t", 0xD9, 0xE9, fldl2t_op},
      {"fldl2e", 0xD9, 0xEA, fldl2e_op},   {"fldpi", 0xD9, 0xEB, fldpi_op},
      {"fldlg2", 0xD9, 0xEC, fldlg2_op},   {"fldln2", 0xD9, 0xED, fldln2_op},
      {"fldz", 0xD9, 0xEE, fldz_op},       {"fincstp", 0xD9, 0xF7, fincstp_op},
      {"fdecstp", 0xD9, 0xF6, fdecstp_op}, {"fnop", 0xD9, 0xD0, fnop_op},
  };
  for (const Form& f : kForms) {
    const SweepResult r = sweep(f, {.depth = 3, .iterations = 400}, kSeed);
    EXPECT_EQ(r.mismatches, 0u) << r.cases << " cases: " << r.first;
  }
}

// FNSTSW m16 and FNSTCW m16 store what the host stores, after an operation
// that set flags, condition codes and TOP (all masked: the host would trap).
X87_HOST_OP(fdiv_then_fnstsw, "fdiv st, st(1)\n\tfnstsw word ptr [rsi]")
X87_HOST_OP(fsqrt_then_fnstcw, "fsqrt\n\tfnstcw word ptr [rsi]")

TEST(X87LoadStore, StatusAndControlWordStoresMatchHost) {
  Rng r(kSeed + 1);
  for (unsigned i = 0; i < 2000; ++i) {
    Case c;
    c.cw = uint16_t(random_cw(r) | 0x3F);
    c.stack = random_stack(r, r.chance(80) ? 2 : r.below(9));
    fill_operand(r, Operand::kNone, c.mem);
    const Outcome h1 = run_host(c, fdiv_then_fnstsw);
    const Outcome e1 = run_emu(c, {{0xD8, 0xF1}, {0xDD, 0x3E}});
    ASSERT_TRUE(h1 == e1) << "fnstsw " << describe(c, h1, e1);
    const Outcome h2 = run_host(c, fsqrt_then_fnstcw);
    const Outcome e2 = run_emu(c, {{0xD9, 0xFA}, {0xD9, 0x3E}});
    ASSERT_TRUE(h2 == e2) << "fnstcw " << describe(c, h2, e2);
  }
}

// SDM Vol. 1 8.3.8 / FLDPI etc.: the constants are rounded per RC from a
// 66-bit internal value. Pi = C90FDAA2 2168C234 C4C6...: the bits after the
// 64-bit significand are 11..., so round-to-nearest and up give ...C235,
// down and toward zero ...C234.
TEST(X87LoadStore, FldpiRoundsPerRoundingControl) {
  const uint64_t kPiDown = 0xC90FDAA22168C234ull;
  const uint64_t expected[4] = {kPiDown + 1, kPiDown, kPiDown + 1, kPiDown};
  for (unsigned rc = 0; rc < 4; ++rc) {
    Case c;
    c.cw = uint16_t(0x037F | rc << 10);
    X87 x;
    run_emu(c, {{0xD9, 0xEB}}, &x);
    EXPECT_EQ(x.st(0).mantissa, expected[rc]) << "rc=" << rc;
    EXPECT_EQ(x.st(0).sign_exp, 0x4000);
  }
}

// SDM Vol. 1 8.5.1.1 (stack overflow): FLD onto a full stack sets IE, SF and
// C1=1; the masked response pushes the real indefinite (FFFF C000...0).
TEST(X87LoadStore, StackOverflowFaultCodes) {
  Case c;
  Rng r(kSeed);
  c.stack = random_stack(r, 8);
  X87 x;
  run_emu(c, {{0xD9, 0xE8}}, &x);  // fld1
  EXPECT_EQ(x.state().sw & 0x7F, X87::kSwIe | X87::kSwSf);
  EXPECT_NE(x.state().sw & X87::kSwC1, 0);
  EXPECT_EQ(x.st(0), (X87Reg{0xC000000000000000ull, 0xFFFF}));
}

// Stack underflow: FST from an empty ST(0) sets IE, SF, C1=0; masked, the
// indefinite is stored (float32 0xFFC00000); unmasked, memory is untouched.
TEST(X87LoadStore, UnderflowStoresIndefiniteOnlyWhenMasked) {
  for (const bool masked : {true, false}) {
    X87 x;
    FlatMemory m;
    std::memset(&m.bytes[kOperandAddr], 0x11, 4);
    x.fninit();
    if (!masked) {
      const uint16_t cw = 0x037E;
      std::memcpy(&m.bytes[kScratchAddr], &cw, 2);
      exec(x, m, 0xD9, 0x2E, kScratchAddr);
    }
    const X87Result r = exec(x, m, 0xD9, 0x16, kOperandAddr);  // fst m32
    uint32_t stored;
    std::memcpy(&stored, &m.bytes[kOperandAddr], 4);
    EXPECT_EQ(x.state().sw & 0x7F, X87::kSwIe | X87::kSwSf);
    EXPECT_EQ(x.state().sw & X87::kSwC1, 0);
    EXPECT_EQ(stored, masked ? 0xFFC00000u : 0x11111111u);
    EXPECT_EQ(r.exception_pending, !masked);
    EXPECT_EQ((x.state().sw & X87::kSwEs) != 0, !masked);
    EXPECT_EQ((x.state().sw & X87::kSwBusy) != 0, !masked);
  }
}

// FBSTP/FIST of a value too large: masked IE stores the integer/BCD
// indefinite (SDM Vol. 1 4.8.3.7 / 4.7): 0x8000 for m16, FFFFC000...0 BCD.
TEST(X87LoadStore, IntegerAndBcdIndefinite) {
  Case c;
  c.stack = {X87Reg{1ull << 63, 0x3FFF + 40}};  // 2^40
  X87 x;
  Outcome o = run_emu(c, {{0xDF, 0x16}}, &x);  // fist m16
  EXPECT_EQ(o.mem[0] | o.mem[1] << 8, 0x8000);
  EXPECT_EQ(x.state().sw & 0x3F, X87::kSwIe);
  c.stack = {X87Reg{1ull << 63, 0x3FFF + 62}};  // 2^62 > 10^18 - 1
  o = run_emu(c, {{0xDF, 0x36}}, &x);           // fbstp
  const uint8_t kBcdIndefinite[10] = {0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0xFF};
  EXPECT_EQ(std::memcmp(o.mem, kBcdIndefinite, 10), 0) << hex(o.mem, 10);
}

}  // namespace
}  // namespace mkemu::x87_test
