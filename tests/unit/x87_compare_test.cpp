// Comparisons (FCOM/FUCOM families incl. popping, memory and integer forms,
// FTST, FXAM, FCOMI/FUCOMI(P) with EFLAGS) and FCMOVcc, bit-exact against
// the host x87 over random operands (NaNs, infinities, denormals, unnormals).
#include <gtest/gtest.h>

#include "cpu/fpu/x87_test_support.h"

namespace mkemu::x87_test {
namespace {

constexpr uint64_t kSeed = 0x5EED'C0DE'0000'0002ull;

X87_HOST_OP_STI(fcom_sti, "fcom st(", ")")
X87_HOST_OP_STI(fcomp_sti, "fcomp st(", ")")
X87_HOST_OP_STI(fucom_sti, "fucom st(", ")")
X87_HOST_OP_STI(fucomp_sti, "fucomp st(", ")")
X87_HOST_OP_STI(fcomi_sti, "fcomi st, st(", ")")
X87_HOST_OP_STI(fcomip_sti, "fcomip st, st(", ")")
X87_HOST_OP_STI(fucomi_sti, "fucomi st, st(", ")")
X87_HOST_OP_STI(fucomip_sti, "fucomip st, st(", ")")
X87_HOST_OP_STI(fcmovb_sti, "fcmovb st, st(", ")")
X87_HOST_OP_STI(fcmove_sti, "fcmove st, st(", ")")
X87_HOST_OP_STI(fcmovbe_sti, "fcmovbe st, st(", ")")
X87_HOST_OP_STI(fcmovu_sti, "fcmovu st, st(", ")")
X87_HOST_OP_STI(fcmovnb_sti, "fcmovnb st, st(", ")")
X87_HOST_OP_STI(fcmovne_sti, "fcmovne st, st(", ")")
X87_HOST_OP_STI(fcmovnbe_sti, "fcmovnbe st, st(", ")")
X87_HOST_OP_STI(fcmovnu_sti, "fcmovnu st, st(", ")")
// The undocumented aliases FCOM2 (DC D0+i), FCOMP3 (DC D8+i), FCOMP5 (DE D0+i)
// have no mnemonic; the host runs the same bytes.
X87_HOST_OP_STI(fcom2_sti, ".byte 0xDC, 0xD0+", "")
X87_HOST_OP_STI(fcomp3_sti, ".byte 0xDC, 0xD8+", "")
X87_HOST_OP_STI(fcomp5_sti, ".byte 0xDE, 0xD0+", "")

struct RegFamily {
  const char* name;
  uint8_t opcode, modrm_base;
  const HostOp* host;
  bool random_flags;
};

const RegFamily kRegFamilies[] = {
    {"fcom", 0xD8, 0xD0, fcom_sti, false},
    {"fcomp", 0xD8, 0xD8, fcomp_sti, false},
    {"fucom", 0xDD, 0xE0, fucom_sti, false},
    {"fucomp", 0xDD, 0xE8, fucomp_sti, false},
    {"fcomi", 0xDB, 0xF0, fcomi_sti, true},
    {"fcomip", 0xDF, 0xF0, fcomip_sti, true},
    {"fucomi", 0xDB, 0xE8, fucomi_sti, true},
    {"fucomip", 0xDF, 0xE8, fucomip_sti, true},
    {"fcmovb", 0xDA, 0xC0, fcmovb_sti, true},
    {"fcmove", 0xDA, 0xC8, fcmove_sti, true},
    {"fcmovbe", 0xDA, 0xD0, fcmovbe_sti, true},
    {"fcmovu", 0xDA, 0xD8, fcmovu_sti, true},
    {"fcmovnb", 0xDB, 0xC0, fcmovnb_sti, true},
    {"fcmovne", 0xDB, 0xC8, fcmovne_sti, true},
    {"fcmovnbe", 0xDB, 0xD0, fcmovnbe_sti, true},
    {"fcmovnu", 0xDB, 0xD8, fcmovnu_sti, true},
    {"fcom2 alias", 0xDC, 0xD0, fcom2_sti, false},
    {"fcomp3 alias", 0xDC, 0xD8, fcomp3_sti, false},
    {"fcomp5 alias", 0xDE, 0xD0, fcomp5_sti, false},
};

TEST(X87Compare, RegisterFormsMatchHost) {
  for (const RegFamily& f : kRegFamilies) {
    for (unsigned i = 0; i < 8; ++i) {
      const Form form{f.name, f.opcode, uint8_t(f.modrm_base + i), f.host[i]};
      const SweepResult r =
          sweep(form, {.depth = i + 1, .iterations = 300, .random_flags = f.random_flags}, kSeed);
      EXPECT_EQ(r.mismatches, 0u) << "st(" << i << ") of " << r.cases << ": " << r.first;
    }
  }
}

X87_HOST_OP(fcompp_op, "fcompp")
X87_HOST_OP(fucompp_op, "fucompp")
X87_HOST_OP(ftst_op, "ftst")
X87_HOST_OP(fxam_op, "fxam")
X87_HOST_OP(fcom_m32, "fcom dword ptr [rsi]")
X87_HOST_OP(fcomp_m32, "fcomp dword ptr [rsi]")
X87_HOST_OP(fcom_m64, "fcom qword ptr [rsi]")
X87_HOST_OP(fcomp_m64, "fcomp qword ptr [rsi]")
X87_HOST_OP(ficom_m16, "ficom word ptr [rsi]")
X87_HOST_OP(ficomp_m16, "ficomp word ptr [rsi]")
X87_HOST_OP(ficom_m32, "ficom dword ptr [rsi]")
X87_HOST_OP(ficomp_m32, "ficomp dword ptr [rsi]")

TEST(X87Compare, OtherFormsMatchHost) {
  const struct {
    Form form;
    unsigned depth;
    Operand operand;
  } kForms[] = {
      {{"fcompp", 0xDE, 0xD9, fcompp_op}, 2, Operand::kNone},
      {{"fucompp", 0xDA, 0xE9, fucompp_op}, 2, Operand::kNone},
      {{"ftst", 0xD9, 0xE4, ftst_op}, 1, Operand::kNone},
      {{"fxam", 0xD9, 0xE5, fxam_op}, 1, Operand::kNone},
      {{"fcom m32", 0xD8, 0x16, fcom_m32}, 1, Operand::kF32},
      {{"fcomp m32", 0xD8, 0x1E, fcomp_m32}, 1, Operand::kF32},
      {{"fcom m64", 0xDC, 0x16, fcom_m64}, 1, Operand::kF64},
      {{"fcomp m64", 0xDC, 0x1E, fcomp_m64}, 1, Operand::kF64},
      {{"ficom m16", 0xDE, 0x16, ficom_m16}, 1, Operand::kI16},
      {{"ficomp m16", 0xDE, 0x1E, ficomp_m16}, 1, Operand::kI16},
      {{"ficom m32", 0xDA, 0x16, ficom_m32}, 1, Operand::kI32},
      {{"ficomp m32", 0xDA, 0x1E, ficomp_m32}, 1, Operand::kI32},
  };
  for (const auto& f : kForms) {
    const SweepResult r =
        sweep(f.form, {.depth = f.depth, .operand = f.operand, .iterations = 3000}, kSeed);
    EXPECT_EQ(r.mismatches, 0u) << r.cases << " cases: " << r.first;
  }
}

// SDM Vol. 2 FCOMI/FUCOMI: ST(0) > ST(i) -> ZF,PF,CF = 000; < -> 001;
// = -> 100; unordered -> 111; OF, SF, AF cleared.
TEST(X87Compare, FcomiFlagsFollowSdmTable) {
  const X87Reg one{1ull << 63, 0x3FFF}, two{1ull << 63, 0x4000};
  const X87Reg qnan{3ull << 62, 0x7FFF};
  const struct {
    X87Reg st0, st1;
    uint32_t zf_pf_cf;
  } kCases[] = {{two, one, 0x00}, {one, two, 0x01}, {one, one, 0x40}, {qnan, one, 0x45}};
  for (const auto& k : kCases) {
    Case c;
    c.stack = {k.st0, k.st1};
    c.flags = 0xD5;  // every flag set before, so clearing is visible
    const Outcome emu = run_emu(c, {{0xDB, 0xE9}});  // FUCOMI ST(0), ST(1)
    EXPECT_EQ(emu.flags & 0x8D5u, k.zf_pf_cf);
  }
}

// GNU Mach's init_fpu tells a 387 from a 287 with `1.0 / 0.0 == -(1.0 / 0.0)`
// (i386/i386/fpu.c), which GCC compiles to fld1; fldz; fdivrp (AT&T, i.e.
// DE F9: ST(1) = ST(1)/ST(0) = +inf, ZE masked); then the value is loaded
// again, negated with fchs and compared with fucomip. A 387 keeps affine
// infinities: -inf < +inf, so ZF=0, PF=0, CF=1 and the check says "387".
TEST(X87Compare, GnuMachInfinityProbe) {
  X87 x;
  FlatMemory m;
  exec(x, m, 0xDB, 0xE3);  // fninit
  exec(x, m, 0xD9, 0xE8);  // fld1
  exec(x, m, 0xD9, 0xEE);  // fldz
  exec(x, m, 0xDE, 0xF9);  // fdivrp (AT&T)
  EXPECT_EQ(x.st(0), (X87Reg{1ull << 63, 0x7FFF}));
  EXPECT_EQ(x.state().sw & 0x3F, X87::kSwZe);            // masked divide by zero
  exec(x, m, 0xD9, 0xC0);                                // fld st(0)
  exec(x, m, 0xD9, 0xE0);                                // fchs
  const X87Result r = exec(x, m, 0xDF, 0xE9, 0, 0x8D5);  // fucomip st, st(1)
  ASSERT_TRUE(r.write_eflags);
  EXPECT_EQ(r.eflags & 0x8D5u, 0x01u);
  EXPECT_FALSE(r.exception_pending);
  EXPECT_EQ(x.top(), 7u);

  // The literal sequence fninit; fld1; fldz; fdivrp; fchs; fucomip compares
  // -inf with an empty ST(1): a masked stack underflow (IE, SF, C1=0), which
  // sets ZF, PF, CF as "unordered" and still pops.
  exec(x, m, 0xDB, 0xE3);
  exec(x, m, 0xD9, 0xE8);
  exec(x, m, 0xD9, 0xEE);
  exec(x, m, 0xDE, 0xF9);
  exec(x, m, 0xD9, 0xE0);
  const X87Result u = exec(x, m, 0xDF, 0xE9, 0, 0);
  EXPECT_EQ(u.eflags & 0x8D5u, 0x45u);
  EXPECT_EQ(x.state().sw & 0x7F, X87::kSwIe | X87::kSwSf | X87::kSwZe);
  EXPECT_EQ(x.state().sw & X87::kSwC1, 0);
  EXPECT_EQ(x.top(), 0u);
}

}  // namespace
}  // namespace mkemu::x87_test
