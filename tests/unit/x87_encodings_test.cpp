// Every D8..DF encoding the decode table accepts runs on any FPU state
// (including pending unmasked exceptions, which must not reach the host as
// SIGFPE) and gives the same result every time; rejected encodings change
// nothing.
#include <gtest/gtest.h>

#include "cpu/fpu/x87_test_support.h"

namespace mkemu::x87_test {
namespace {

constexpr uint64_t kSeed = 0x5EED'E7C0'0000'0006ull;

X87State random_state(Rng& r) {
  X87State s;
  for (X87Reg& v : s.reg) v = random_ext(r);
  s.cw = random_cw(r);
  s.sw = uint16_t(r.next());  // random TOP, condition codes and sticky flags
  if (r.chance(50)) s.sw &= 0xFF80;
  s.tag_valid = uint8_t(r.next());
  return s;
}

struct ExecOutcome {
  X87State state;
  X87Result result;
  std::vector<uint8_t> memory;
};

ExecOutcome run_once(const X87State& s, uint8_t opcode, uint8_t modrm,
                     const std::vector<uint8_t>& mem, uint32_t eflags) {
  X87 x;
  x.set_state(s);
  FlatMemory m;
  m.bytes = mem;
  ExecOutcome out;
  X87Insn insn;
  insn.opcode = opcode;
  insn.modrm = modrm;
  insn.addr = kOperandAddr;
  insn.eflags = eflags;
  insn.fip = 0x1234;
  insn.fdp = kOperandAddr;
  out.result = x.execute(insn, m);
  out.state = x.state();
  out.memory = m.bytes;
  return out;
}

TEST(X87Encodings, EveryValidEncodingIsDeterministic) {
  Rng r(kSeed);
  unsigned valid = 0;
  for (unsigned opcode = 0xD8; opcode <= 0xDF; ++opcode) {
    for (unsigned modrm = 0; modrm < 256; ++modrm) {
      const X87OpInfo info = x87_decode(uint8_t(opcode), uint8_t(modrm));
      for (unsigned k = 0; k < 6; ++k) {
        const X87State s = random_state(r);
        std::vector<uint8_t> mem(0x1000);
        for (uint8_t& b : mem) b = uint8_t(r.next());
        const uint32_t eflags = uint32_t(r.next()) & 0x8D5u;
        const ExecOutcome a = run_once(s, uint8_t(opcode), uint8_t(modrm), mem, eflags);
        const ExecOutcome b = run_once(s, uint8_t(opcode), uint8_t(modrm), mem, eflags);
        ASSERT_EQ(a.state, b.state) << std::hex << opcode << " " << modrm;
        ASSERT_EQ(a.memory, b.memory) << std::hex << opcode << " " << modrm;
        ASSERT_EQ(a.result.eflags, b.result.eflags);
        if (!info.valid) {
          X87 ref;
          ref.set_state(s);
          ASSERT_EQ(a.state, ref.state()) << "invalid " << std::hex << opcode << " " << modrm;
          ASSERT_EQ(a.memory, mem);
        } else {
          ASSERT_EQ(a.result.exception_pending, (a.state.sw & X87::kSwEs) != 0);
        }
      }
      valid += info.valid;
    }
  }
  // 8 x 192 memory forms less the reserved /r digits (D9/1, DB/1, DB/4,
  // DB/6, DD/1, DD/5, DF/1: 7 x 24), plus the register forms less the
  // reserved ones: D9 D1-D7, E2, E3, E6, E7, EF (12); DA E0-E8, EA-FF (31);
  // DB E5-E7, F8-FF (11); DD F0-FF (16); DE D8, DA-DF (7); DF E1-E7, F8-FF (15).
  EXPECT_EQ(valid, 8u * 192 - 7 * 24 + 8 * 64 - (12 + 31 + 11 + 16 + 7 + 15));
}

}  // namespace
}  // namespace mkemu::x87_test
