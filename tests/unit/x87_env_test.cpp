// Control state: FNINIT and power-on values, FLDCW/FNCLEX, ES/B and pending
// exceptions, FIP/FOP/FDP bookkeeping, faults leaving the state unchanged,
// save_state/load_state, and the decode table's #UD facts. The memory
// layouts of the environment are in x87_layouts_test.cpp.
#include <gtest/gtest.h>

#include "cpu/fpu/x87_test_support.h"
#include "platform/core/errors.h"

namespace mkemu::x87_test {
namespace {

constexpr uint64_t kSeed = 0x5EED'E4F0'0000'0005ull;

// SDM Vol. 1 8.1.x / FINIT: CW 037F, SW 0, TW FFFF, FIP/FDP/FOP 0.
TEST(X87Env, FninitValues) {
  X87 x;
  FlatMemory m;
  exec(x, m, 0xD9, 0xE8);  // fld1, so TOP, tags and pointers change first
  exec(x, m, 0xDB, 0xE3);  // fninit
  const auto env = fnstenv(x, true, true);
  EXPECT_EQ(u16(&env[0]), 0x037F);
  EXPECT_EQ(u16(&env[4]), 0x0000);
  EXPECT_EQ(u16(&env[8]), 0xFFFF);
  for (unsigned off = 12; off < 24; off += 4) EXPECT_EQ(u32(&env[off]), 0u) << off;
  EXPECT_EQ(u16(&env[24]), 0);
}

// SDM Vol. 3 Table 9-1: after RESET the FPU has CW 0040, SW 0, TW 5555
// (all registers valid +0.0).
TEST(X87Env, PowerOnValues) {
  X87 x;
  x.power_on();
  EXPECT_EQ(x.state().cw, 0x0040);
  EXPECT_EQ(x.state().sw, 0);
  EXPECT_EQ(x.full_tag_word(), 0x5555);
  for (const X87Reg& r : x.state().reg) EXPECT_EQ(r, X87Reg{});
}

// FNINIT resets the control registers but not the data registers: after
// FLD1, FNINIT, FNSAVE the (now empty) ST(0) still holds 1.0, as on the host.
TEST(X87Env, FninitKeepsRegisterContents) {
  uint8_t host[108];
  asm volatile("fninit\n\tfld1\n\tfninit\n\tfnsave %0" : "=m"(host)::"memory");
  X87 x;
  FlatMemory m;
  exec(x, m, 0xDB, 0xE3);
  exec(x, m, 0xD9, 0xE8);
  exec(x, m, 0xDB, 0xE3);
  exec(x, m, 0xDD, 0x36, kSaveAddr);
  // After FNINIT TOP=0, so the image's ST(7) is the register FLD1 wrote.
  EXPECT_EQ(std::memcmp(&m.bytes[kSaveAddr + 28 + 70], host + 28 + 70, 10), 0);
  EXPECT_EQ(std::memcmp(&m.bytes[kSaveAddr], host, 12), 0);
}

// FLDENV recomputes ES and B from the flags and masks: the host's FNSTSW
// after FLDENV of SW=0001 with IM clear, and SW=8080 with all masked.
TEST(X87Env, FldenvRecomputesSummaryLikeHost) {
  for (const auto& [cw, sw] : {std::pair<uint16_t, uint16_t>{0x037E, 0x0001},
                               {0x037F, 0x8080},
                               {0x0372, 0x3C0C},
                               {0x037F, 0x3FFF}}) {
    uint8_t env[28] = {};
    std::memcpy(env, &cw, 2);
    std::memcpy(env + 4, &sw, 2);
    env[8] = env[9] = 0xFF;
    uint16_t host_sw;
    asm volatile("fldenv %1\n\tfnstsw %0\n\tfninit" : "=m"(host_sw) : "m"(env) : "memory");
    X87 x;
    FlatMemory m;
    std::memcpy(&m.bytes[kSaveAddr], env, 28);
    exec(x, m, 0xD9, 0x26, kSaveAddr);  // fldenv
    EXPECT_EQ(x.state().sw, host_sw) << std::hex << cw << " " << sw;
  }
}

// Flags raised by a masked operation become pending when FLDCW unmasks
// them; FNCLEX clears flags, ES and B. Both against the host.
X87_HOST_OP(fdiv_then_fldcw, "fdiv st, st(1)\n\tfldcw word ptr [rsi]")
X87_HOST_OP(fdiv_then_fnclex, "fdiv st, st(1)\n\tfnclex")

TEST(X87Env, FldcwAndFnclexMatchHost) {
  Rng r(kSeed + 3);
  for (unsigned i = 0; i < 2000; ++i) {
    Case c;
    c.cw = uint16_t(random_cw(r) | 0x3F);
    c.stack = random_stack(r, r.chance(80) ? 2 : r.below(9));
    fill_operand(r, Operand::kRaw16, c.mem);
    const Outcome h1 = run_host(c, fdiv_then_fldcw);
    const Outcome e1 = run_emu(c, {{0xD8, 0xF1}, {0xD9, 0x2E}});
    ASSERT_TRUE(h1 == e1) << "fldcw " << describe(c, h1, e1);
    const Outcome h2 = run_host(c, fdiv_then_fnclex);
    const Outcome e2 = run_emu(c, {{0xD8, 0xF1}, {0xDB, 0xE2}});
    ASSERT_TRUE(h2 == e2) << "fnclex " << describe(c, h2, e2);
  }
}

// FIP/FCS/FOP follow every non-control instruction, FDP/FDS every one with
// a memory operand; control instructions leave them (SDM Vol. 1 8.1.8-8.1.9).
TEST(X87Env, InstructionAndDataPointers) {
  X87 x;
  FlatMemory m;
  x.fninit();
  X87Insn insn;
  insn.opcode = 0xD9;
  insn.modrm = 0x06;  // fld m32
  insn.addr = kOperandAddr;
  insn.fcs = 0x08;
  insn.fip = 0x1000;
  insn.fds = 0x10;
  insn.fdp = 0x2000;
  x.execute(insn, m);
  EXPECT_EQ(x.state().fop, 0x106);
  EXPECT_EQ(x.state().fip, 0x1000u);
  EXPECT_EQ(x.state().fcs, 0x08);
  EXPECT_EQ(x.state().fdp, 0x2000u);
  EXPECT_EQ(x.state().fds, 0x10);
  insn.opcode = 0xD9;
  insn.modrm = 0xE8;  // fld1: register form, data pointer kept
  insn.fip = 0x1004;
  insn.fdp = 0x3000;
  x.execute(insn, m);
  EXPECT_EQ(x.state().fop, 0x1E8);
  EXPECT_EQ(x.state().fip, 0x1004u);
  EXPECT_EQ(x.state().fdp, 0x2000u);
  insn.modrm = 0x3E;  // fnstcw: control
  insn.fip = 0x1008;
  x.execute(insn, m);
  EXPECT_EQ(x.state().fop, 0x1E8);
  EXPECT_EQ(x.state().fip, 0x1004u);
}

// A fault in the memory access leaves the FPU exactly as it was: loads read
// before changing anything, stores (also FNSAVE's) write last.
TEST(X87Env, FaultingAccessLeavesStateUnchanged) {
  Rng r(kSeed + 5);
  X87 x;
  X87State s;
  for (X87Reg& v : s.reg) v = random_ext(r);
  s.cw = 0x0372;
  s.sw = 0x2800;
  s.tag_valid = 0xFF;
  x.set_state(s);
  const X87State before = x.state();
  const Encoding kForms[] = {{0xD9, 0x16}, {0xDD, 0x1E}, {0xDF, 0x3E}, {0xDF, 0x36}, {0xDD, 0x36},
                             {0xD9, 0x36}, {0xD9, 0x3E}, {0xDD, 0x3E}, {0xD8, 0x06}, {0xDB, 0x2E},
                             {0xD9, 0x26}, {0xDD, 0x26}, {0xD9, 0x2E}, {0xDF, 0x26}};
  for (const Encoding& e : kForms) {
    FlatMemory m;
    m.fail_reads = m.fail_writes = true;
    EXPECT_THROW(exec(x, m, e.opcode, e.modrm, kOperandAddr), std::runtime_error)
        << std::hex << int(e.opcode) << " " << int(e.modrm);
    EXPECT_EQ(x.state(), before) << std::hex << int(e.opcode) << " " << int(e.modrm);
  }
}

// An unmasked exception is pending after the instruction (ES, B set) and
// a pre-computation one (divide by zero) leaves the destination unchanged.
TEST(X87Env, UnmaskedExceptionIsPending) {
  Case c;
  c.cw = 0x037B;  // ZM clear
  c.stack = {X87Reg{1ull << 63, 0x3FFF}, X87Reg{0, 0}};
  X87 x;
  run_emu(c, {{0xD8, 0xF1}}, &x);  // fdiv st, st(1): 1/0
  EXPECT_TRUE(x.pending_exception());
  EXPECT_EQ(x.state().sw & 0x80FF, 0x8084);
  EXPECT_EQ(x.st(0), c.stack[0]);
  FlatMemory m;
  exec(x, m, 0xDB, 0xE2);  // fnclex
  EXPECT_FALSE(x.pending_exception());
}

TEST(X87Env, RegisterValueForDisplay) {
  EXPECT_EQ((X87Reg{1ull << 63, 0x3FFF}).to_long_double(), 1.0L);
  EXPECT_EQ((X87Reg{3ull << 62, 0xC000}).to_long_double(), -3.0L);
}

TEST(X87Env, FnstswAx) {
  X87 x;
  FlatMemory m;
  x.fninit();
  exec(x, m, 0xD9, 0xE8);
  const X87Result r = exec(x, m, 0xDF, 0xE0);
  EXPECT_TRUE(r.write_ax);
  EXPECT_EQ(r.ax, 7 << 11);
}

TEST(X87Env, SaveLoadStateRoundTrip) {
  Rng r(kSeed + 6);
  X87 x;
  X87State s;
  for (X87Reg& v : s.reg) v = random_ext(r);
  s.cw = 0x0E72;
  s.sw = 0xB8A1;
  s.tag_valid = 0x5A;
  s.fop = 0x123;
  s.fcs = 0x1B;
  s.fip = 0xC0001234;
  s.fds = 0x23;
  s.fdp = 0xC0005678;
  x.set_state(s);
  StateWriter w;
  x.save_state(w);
  X87 y;
  StateReader in(w.bytes());
  y.load_state(in);
  EXPECT_EQ(y.state(), x.state());
  EXPECT_EQ(in.remaining(), 0u);
  std::vector<uint8_t> cut(w.bytes().begin(), w.bytes().end() - 1);
  StateReader bad(cut, "snap");
  EXPECT_THROW(y.load_state(bad), InputError);
}

// SDM Vol. 2 opcode map (Table A-7..A-22): reserved encodings raise #UD;
// FISTTP (SSE3) is not in a P6 FPU; FCMOVcc/FCOMI need CMOV.
TEST(X87Env, DecodeTableFacts) {
  const Encoding kInvalid[] = {{0xD9, 0xD1}, {0xD9, 0xD7}, {0xD9, 0xE2}, {0xD9, 0xE3}, {0xD9, 0xE6},
                               {0xD9, 0xE7}, {0xD9, 0xEF}, {0xDA, 0xE8}, {0xDA, 0xEA}, {0xDA, 0xF0},
                               {0xDB, 0xE5}, {0xDB, 0xE7}, {0xDB, 0xF8}, {0xDD, 0xF0}, {0xDD, 0xFF},
                               {0xDE, 0xD8}, {0xDE, 0xDA}, {0xDF, 0xE1}, {0xDF, 0xF8}, {0xD9, 0x08},
                               {0xDB, 0x20}, {0xDB, 0x30}, {0xDD, 0x28}, {0xDB, 0x08}, {0xDD, 0x08},
                               {0xDF, 0x08}};
  for (const Encoding& e : kInvalid) {
    EXPECT_FALSE(x87_decode(e.opcode, e.modrm).valid)
        << std::hex << int(e.opcode) << " " << int(e.modrm);
  }
  const Encoding kNoWait[] = {{0xDB, 0xE2}, {0xDB, 0xE3}, {0xDF, 0xE0}, {0xD9, 0x38},
                              {0xD9, 0x30}, {0xDD, 0x30}, {0xDD, 0x38}};
  for (const Encoding& e : kNoWait) {
    const X87OpInfo i = x87_decode(e.opcode, e.modrm);
    EXPECT_TRUE(i.valid && !i.waiting) << std::hex << int(e.opcode) << " " << int(e.modrm);
  }
  EXPECT_TRUE(x87_decode(0xDA, 0xC0).p6_only);      // fcmovb
  EXPECT_TRUE(x87_decode(0xDB, 0xF1).p6_only);      // fcomi
  EXPECT_TRUE(x87_decode(0xDF, 0xE9).p6_only);      // fucomip
  EXPECT_FALSE(x87_decode(0xDE, 0xD9).p6_only);     // fcompp
  EXPECT_EQ(x87_decode(0xDB, 0x28).mem_bytes, 10);  // fld m80
  EXPECT_EQ(x87_decode(0xDF, 0x38).mem_bytes, 8);   // fistp m64
  EXPECT_EQ(x87_decode(0xDE, 0x00).mem_bytes, 2);   // fiadd m16
  // An invalid encoding reaching execute() changes nothing.
  X87 x;
  FlatMemory m;
  const X87State before = x.state();
  exec(x, m, 0xD9, 0xD1);
  EXPECT_EQ(x.state(), before);
}

}  // namespace
}  // namespace mkemu::x87_test
