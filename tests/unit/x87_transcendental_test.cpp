// Transcendental instructions, bit-exact against the host x87. mkemu runs
// them on the host FPU, so the host's results are the reference by
// construction (docs/x87.md); this checks the state transfer around them:
// stack effects (FPTAN/FSINCOS push, FYL2X/FPATAN pop), C2 for out-of-range
// arguments, and the flags, over every operand class and control word.
#include <gtest/gtest.h>

#include "cpu/fpu/x87_test_support.h"

namespace mkemu::x87_test {
namespace {

constexpr uint64_t kSeed = 0x5EED'7A45'0000'0004ull;

X87_HOST_OP(f2xm1_op, "f2xm1")
X87_HOST_OP(fyl2x_op, "fyl2x")
X87_HOST_OP(fptan_op, "fptan")
X87_HOST_OP(fpatan_op, "fpatan")
X87_HOST_OP(fyl2xp1_op, "fyl2xp1")
X87_HOST_OP(fsincos_op, "fsincos")
X87_HOST_OP(fsin_op, "fsin")
X87_HOST_OP(fcos_op, "fcos")

TEST(X87Transcendental, MatchHost) {
  const struct {
    Form form;
    unsigned depth;
  } kForms[] = {
      {{"f2xm1", 0xD9, 0xF0, f2xm1_op}, 1},     {{"fyl2x", 0xD9, 0xF1, fyl2x_op}, 2},
      {{"fptan", 0xD9, 0xF2, fptan_op}, 1},     {{"fpatan", 0xD9, 0xF3, fpatan_op}, 2},
      {{"fyl2xp1", 0xD9, 0xF9, fyl2xp1_op}, 2}, {{"fsincos", 0xD9, 0xFB, fsincos_op}, 1},
      {{"fsin", 0xD9, 0xFE, fsin_op}, 1},       {{"fcos", 0xD9, 0xFF, fcos_op}, 1},
  };
  for (const auto& f : kForms) {
    const SweepResult r = sweep(f.form, {.depth = f.depth, .iterations = 3000}, kSeed);
    EXPECT_EQ(r.mismatches, 0u) << r.cases << " cases: " << r.first;
  }
}

// SDM Vol. 2 FSIN: |x| >= 2^63 sets C2 and leaves ST(0) unchanged.
TEST(X87Transcendental, OutOfRangeArgumentSetsC2) {
  Case c;
  c.stack = {X87Reg{1ull << 63, 0x3FFF + 63}};
  X87 x;
  run_emu(c, {{0xD9, 0xFE}}, &x);
  EXPECT_NE(x.state().sw & X87::kSwC2, 0);
  EXPECT_EQ(x.st(0), c.stack[0]);
}

// SDM Vol. 2 FPTAN: pushes 1.0 after replacing ST(0) with tan(ST(0)).
TEST(X87Transcendental, FptanPushesOne) {
  Case c;
  c.stack = {X87Reg{0, 0}};  // +0
  X87 x;
  run_emu(c, {{0xD9, 0xF2}}, &x);
  EXPECT_EQ(x.st(0), (X87Reg{1ull << 63, 0x3FFF}));
  EXPECT_EQ(x.st(1), (X87Reg{0, 0}));
}

}  // namespace
}  // namespace mkemu::x87_test
