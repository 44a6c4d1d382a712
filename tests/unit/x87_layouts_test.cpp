// Memory layouts: FSTENV/FLDENV and FSAVE/FRSTOR in all four layouts (16/32-
// bit, real/protected mode), FXSAVE/FXRSTOR and the abridged tag, against
// the host's own FNSTENV/FNSAVE/FXSAVE/FRSTOR where it can run them (32- and
// 16-bit protected mode) and the SDM figures elsewhere.
#include <gtest/gtest.h>

#include "cpu/fpu/x87_test_support.h"

namespace mkemu::x87_test {
namespace {

constexpr uint64_t kSeed = 0x5EED'1A70'0000'0007ull;

// The 32-bit protected-mode FSTENV image (SDM Vol. 1 Fig. 8-9) against the
// host's FNSTENV after the same random instruction: control, status and tag
// words with their reserved upper halves, and FOP.
X87_HOST_OP(fdiv_st1, "fdiv st, st(1)")
X87_HOST_OP(fsqrt_op, "fsqrt")

TEST(X87Layouts, Fstenv32MatchesHost) {
  Rng r(kSeed);
  for (unsigned i = 0; i < 2000; ++i) {
    Case c;
    c.cw = random_cw(r);
    c.stack = random_stack(r, r.below(9));
    const bool div = r.chance(50);
    uint8_t host_env[28];
    uint16_t saved_cw;
    asm volatile("fnstcw %0" : "=m"(saved_cw));
    asm volatile("fninit" ::: "memory");
    for (size_t k = c.stack.size(); k-- > 0;) asm volatile("fldt %0" ::"m"(c.stack[k]) : "memory");
    asm volatile("fldcw %0" ::"m"(c.cw) : "memory");
    (div ? fdiv_st1 : fsqrt_op)(nullptr, 0);
    asm volatile("fnstenv %0\n\tfninit" : "=m"(host_env)::"memory");
    asm volatile("fldcw %0" ::"m"(saved_cw) : "memory");

    X87 x;
    run_emu(c, {div ? Encoding{0xD8, 0xF1} : Encoding{0xD9, 0xFA}}, &x);
    const auto env = fnstenv(x, true, true);
    ASSERT_EQ(std::memcmp(env.data(), host_env, 12), 0)
        << "cw/sw/tw " << hex(env.data(), 12) << " host " << hex(host_env, 12);
    EXPECT_EQ(u16(&env[18]), u16(&host_env[18])) << "FOP";
    EXPECT_EQ(u16(&env[26]), u16(&host_env[26])) << "reserved half of FDS";
  }
}

// The 16-bit protected-mode image (Fig. 8-10) against the host's
// operand-size-prefixed FNSTENV: CW, SW, TW words.
TEST(X87Layouts, Fstenv16MatchesHost) {
  Rng r(kSeed + 1);
  for (unsigned i = 0; i < 500; ++i) {
    Case c;
    c.cw = random_cw(r);
    c.stack = random_stack(r, r.below(9));
    uint8_t host_env[14];
    uint16_t saved_cw;
    asm volatile("fnstcw %0" : "=m"(saved_cw));
    asm volatile("fninit" ::: "memory");
    for (size_t k = c.stack.size(); k-- > 0;) asm volatile("fldt %0" ::"m"(c.stack[k]) : "memory");
    asm volatile("fldcw %0" ::"m"(c.cw) : "memory");
    fsqrt_op(nullptr, 0);
    asm volatile("data16 fnstenv %0\n\tfninit" : "=m"(host_env)::"memory");
    asm volatile("fldcw %0" ::"m"(saved_cw) : "memory");
    X87 x;
    run_emu(c, {{0xD9, 0xFA}}, &x);
    const auto env = fnstenv(x, false, true);
    ASSERT_EQ(std::memcmp(env.data(), host_env, 6), 0)
        << hex(env.data(), 6) << " host " << hex(host_env, 6);
  }
}

X87State pointer_state() {
  X87State s;
  s.cw = 0x037F;
  s.tag_valid = 0;
  s.fcs = 0x1234;
  s.fip = 0x5678;
  s.fop = 0x5AB;
  s.fds = 0x9ABC;
  s.fdp = 0xDEF0;
  return s;
}

// Pointer fields of the four layouts (SDM Vol. 1 Figs. 8-9 to 8-12). The
// real-mode layouts hold linear pointers: 0x1234:0x5678 -> 0x179B8 and
// 0x9ABC:0xDEF0 -> 0xA8AB0.
TEST(X87Layouts, PointerFieldsInAllLayouts) {
  X87 x;
  x.set_state(pointer_state());
  auto e = fnstenv(x, true, true);
  EXPECT_EQ(u32(&e[12]), 0x5678u);
  EXPECT_EQ(u32(&e[16]), 0x1234u | 0x5ABu << 16);
  EXPECT_EQ(u32(&e[20]), 0xDEF0u);
  EXPECT_EQ(u16(&e[24]), 0x9ABC);

  x.set_state(pointer_state());
  e = fnstenv(x, true, false);
  EXPECT_EQ(u16(&e[12]), 0x79B8);
  EXPECT_EQ(u32(&e[16]), 0x5ABu | 0x0001u << 12);
  EXPECT_EQ(u16(&e[20]), 0x8AB0);
  EXPECT_EQ(u32(&e[24]), 0x000Au << 12);

  x.set_state(pointer_state());
  e = fnstenv(x, false, true);
  EXPECT_EQ(u16(&e[6]), 0x5678);
  EXPECT_EQ(u16(&e[8]), 0x1234);
  EXPECT_EQ(u16(&e[10]), 0xDEF0);
  EXPECT_EQ(u16(&e[12]), 0x9ABC);

  x.set_state(pointer_state());
  e = fnstenv(x, false, false);
  EXPECT_EQ(u16(&e[6]), 0x79B8);
  EXPECT_EQ(u16(&e[8]), 0x5AB | 0x1 << 12);
  EXPECT_EQ(u16(&e[10]), 0x8AB0);
  EXPECT_EQ(u16(&e[12]), 0xA << 12);
}

// FSTENV masks all exceptions after storing (SDM Vol. 2 FSTENV), so a
// pending exception is no longer pending.
TEST(X87Layouts, FstenvMasksExceptions) {
  X87State s = pointer_state();
  s.cw = 0x0360;
  s.sw = X87::kSwZe;
  X87 x;
  x.set_state(s);
  EXPECT_TRUE(x.pending_exception());
  const auto env = fnstenv(x, true, true);
  EXPECT_EQ(u16(&env[0]), 0x0360);  // the stored image has the old CW
  EXPECT_EQ(x.state().cw, 0x037F);
  EXPECT_FALSE(x.pending_exception());

  // The host agrees on CW and SW after FNSTENV of the same environment.
  uint8_t env_in[28] = {0x60, 0x03, 0xFF, 0xFF, 0x04, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  uint8_t scratch[28];
  uint16_t host_cw, host_sw;
  asm volatile("fldenv %3\n\tfnstenv %2\n\tfnstcw %0\n\tfnstsw %1\n\tfninit"
               : "=m"(host_cw), "=m"(host_sw), "=m"(scratch)
               : "m"(env_in)
               : "memory");
  EXPECT_EQ(x.state().cw, host_cw);
  EXPECT_EQ(x.state().sw, host_sw);
}

// FSAVE then FRSTOR in every layout restores the state (real-mode layouts:
// pointers come back as linear addresses with selector 0).
TEST(X87Layouts, FsaveFrstorRoundTrip) {
  Rng r(kSeed + 2);
  for (const bool o32 : {true, false}) {
    for (const bool pm : {true, false}) {
      for (unsigned i = 0; i < 50; ++i) {
        X87State s;
        for (X87Reg& v : s.reg) v = random_ext(r);
        s.cw = uint16_t(r.next());
        s.sw = uint16_t(r.next());
        s.tag_valid = uint8_t(r.next());
        s.fcs = uint16_t(r.next());
        s.fip = uint32_t(r.next()) & (o32 && pm ? 0xFFFFFFFF : 0xFFFF);
        s.fds = uint16_t(r.next());
        s.fdp = uint32_t(r.next()) & 0xFFFF;
        s.fop = uint16_t(r.next()) & 0x7FF;
        X87 x;
        x.set_state(s);
        const X87State before = x.state();
        FlatMemory m;
        X87Insn insn;
        insn.operand32 = o32;
        insn.protected_mode = pm;
        insn.addr = kSaveAddr;
        insn.opcode = 0xDD;
        insn.modrm = 0x36;  // fnsave
        x.execute(insn, m);
        EXPECT_EQ(x.state().cw, 0x037F);  // FNSAVE ends with FNINIT
        EXPECT_EQ(x.state().tag_valid, 0);
        insn.modrm = 0x26;  // frstor
        x.execute(insn, m);
        X87State expect = before;
        if (!pm) {
          expect.fip = (uint32_t{before.fcs} << 4) + before.fip;
          expect.fdp = (uint32_t{before.fds} << 4) + before.fdp;
          expect.fcs = expect.fds = 0;
          if (!o32) {  // 20-bit pointers
            expect.fip &= 0xFFFFF;
            expect.fdp &= 0xFFFFF;
          }
        } else if (!o32) {
          expect.fop = 0;  // not in the 16-bit protected layout
        }
        EXPECT_EQ(x.state(), expect) << "o32=" << o32 << " pm=" << pm;
      }
    }
  }
}

// The 16-bit protected-mode layout has no FOP field: FLDENV from it leaves
// FOP as the host does (cleared), seen through a 32-bit FNSTENV.
TEST(X87Layouts, Fldenv16FopMatchesHost) {
  uint8_t e32[28] = {0x7F, 0x03, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  e32[18] = 0x23;
  e32[19] = 0x01;
  const uint8_t e16[14] = {0x7F, 0x03, 0, 0, 0xFF, 0xFF, 0x34, 0x12, 0x08, 0, 0x78, 0x56, 0x10, 0};
  uint8_t host[28];
  asm volatile("fldenv %1\n\tdata16 fldenv %2\n\tfnstenv %0\n\tfninit"
               : "=m"(host)
               : "m"(e32), "m"(e16)
               : "memory");
  X87 x;
  FlatMemory m;
  std::memcpy(&m.bytes[kSaveAddr], e32, 28);
  exec(x, m, 0xD9, 0x26, kSaveAddr);
  ASSERT_EQ(x.state().fop, 0x123);
  std::memcpy(&m.bytes[kSaveAddr], e16, 14);
  X87Insn insn;
  insn.opcode = 0xD9;
  insn.modrm = 0x26;
  insn.operand32 = false;
  insn.addr = kSaveAddr;
  x.execute(insn, m);
  const auto env = fnstenv(x, true, true);
  EXPECT_EQ(u16(&env[18]), u16(&host[18]));
  EXPECT_EQ(u32(&env[12]), 0x1234u);
  EXPECT_EQ(u16(&env[16]), 0x0008);
}

// FRSTOR of arbitrary images (random CW, SW with pending flags, random tag
// words, any register contents) followed by FNSAVE gives the host's bytes:
// tags recomputed from contents, ES/B from flags and masks, CW normalised.
TEST(X87Layouts, FrstorFnsaveRoundTripMatchesHost) {
  Rng r(kSeed + 7);
  for (unsigned i = 0; i < 3000; ++i) {
    uint8_t image[108];
    for (uint8_t& b : image) b = uint8_t(r.next());
    for (unsigned k = 0; k < 8; ++k) {
      const X87Reg v = random_ext(r);
      std::memcpy(image + 28 + 10 * k, &v.mantissa, 8);
      std::memcpy(image + 36 + 10 * k, &v.sign_exp, 2);
    }
    if (r.chance(50)) image[4] &= 0x80;  // often no pending flags
    uint8_t host[108];
    asm volatile("frstor %1\n\tfnsave %0" : "=m"(host) : "m"(image) : "memory");
    X87 x;
    FlatMemory m;
    std::memcpy(&m.bytes[kSaveAddr], image, 108);
    exec(x, m, 0xDD, 0x26, kSaveAddr);  // frstor
    exec(x, m, 0xDD, 0x36, kSaveAddr);  // fnsave
    const uint8_t* emu = &m.bytes[kSaveAddr];
    ASSERT_EQ(std::memcmp(emu, host, 12), 0) << hex(emu, 12) << " host " << hex(host, 12);
    ASSERT_EQ(std::memcmp(emu + 28, host + 28, 80), 0) << "registers";
  }
}

// FXSAVE (SDM Vol. 2 Table 3-53) against the host's FXSAVE: FCW, FSW, the
// abridged tag byte and its reserved neighbour, and ST0..ST7 in 16-byte
// slots (the contents of empty registers aside). FOP/FIP/FDP are not
// compared: AMD hosts store them only while an exception is pending.
TEST(X87Layouts, FxsaveMatchesHost) {
  Rng r(kSeed + 4);
  for (unsigned i = 0; i < 1000; ++i) {
    Case c;
    c.cw = random_cw(r);
    c.stack = random_stack(r, r.below(9));
    alignas(16) uint8_t host[512];
    uint16_t saved_cw;
    asm volatile("fnstcw %0" : "=m"(saved_cw));
    asm volatile("fninit" ::: "memory");
    for (size_t k = c.stack.size(); k-- > 0;) asm volatile("fldt %0" ::"m"(c.stack[k]) : "memory");
    asm volatile("fldcw %0" ::"m"(c.cw) : "memory");
    fsqrt_op(nullptr, 0);
    asm volatile("fxsave %0\n\tfninit" : "=m"(host)::"memory");
    asm volatile("fldcw %0" ::"m"(saved_cw) : "memory");
    X87 x;
    run_emu(c, {{0xD9, 0xFA}}, &x);
    uint8_t image[X87::kFxsaveX87Bytes];
    x.fxsave(image);
    ASSERT_EQ(std::memcmp(image, host, 6), 0) << hex(image, 6) << " host " << hex(host, 6);
    const unsigned top = (image[3] >> 3) & 7;
    for (unsigned k = 0; k < 8; ++k) {
      // Reserved slot bytes 10..15 always; the value only for non-empty registers.
      const bool valid = (image[4] >> ((top + k) & 7)) & 1;
      const unsigned from = valid ? 0 : 10;
      ASSERT_EQ(std::memcmp(image + 32 + 16 * k + from, host + 32 + 16 * k + from, 16 - from), 0)
          << "ST" << k;
    }
  }
}

// The abridged tag (one bit per physical register) and the full tag derived
// from contents: after FNINIT, FLD1, FLDZ: R7 = 1.0 (valid, 00), R6 = +0
// (zero, 01), the rest empty (11): FTW 0x1FFF, abridged 0xC0.
TEST(X87Layouts, AbridgedAndFullTag) {
  X87 x;
  FlatMemory m;
  exec(x, m, 0xDB, 0xE3);
  exec(x, m, 0xD9, 0xE8);
  exec(x, m, 0xD9, 0xEE);
  uint8_t image[X87::kFxsaveX87Bytes];
  x.fxsave(image);
  EXPECT_EQ(image[4], 0xC0);
  EXPECT_EQ(x.full_tag_word(), 0x1FFF);
  // FXRSTOR of the same image gives the same state back.
  const X87State before = x.state();
  x.fninit();
  x.fxrstor(image);
  EXPECT_EQ(x.state(), before);
}

}  // namespace
}  // namespace mkemu::x87_test
