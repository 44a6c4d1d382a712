#pragma once
// Test support for tests/unit/x87_*_test.cpp (header-only, never linked into
// the emulator). The reference is the host's x87 driven *directly*: FNINIT,
// FLD m80 of each operand, FLDCW, the instruction written as an Intel-syntax
// mnemonic, FNSAVE. The same sequence runs through X87::execute() with the
// guest memory below, and the two FNSAVE images must be identical (pointer
// fields aside: the host's are host addresses).
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cpu/fpu/x87.h"

namespace mkemu::x87_test {

// A flat 4 KiB guest memory; `fail_writes`/`fail_reads` make accesses throw
// like a CPU fault would.
struct FlatMemory : X87Memory {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(0x1000, 0);
  bool fail_reads = false, fail_writes = false;
  unsigned writes = 0;
  void read(uint32_t addr, void* out, unsigned n) override {
    if (fail_reads || addr + n > bytes.size()) throw std::runtime_error("fault");
    std::memcpy(out, bytes.data() + addr, n);
  }
  void write(uint32_t addr, const void* in, unsigned n) override {
    if (fail_writes || addr + n > bytes.size()) throw std::runtime_error("fault");
    std::memcpy(bytes.data() + addr, in, n);
    ++writes;
  }
};

// A host instruction: arithmetic flags in (OF cleared, SF ZF AF PF CF via SAHF), the
// instruction, flags out (LAHF, SETO). The memory operand is [rsi].
using HostOp = uint32_t (*)(void* mem, uint32_t flags);

#define X87_HOST_OP(fn, text)                                                    \
  [[maybe_unused]] static uint32_t fn(void* m, uint32_t fl) {                    \
    uint32_t a = (fl & 0xD5u) << 8;                                              \
    uint8_t of;                                                                  \
    asm volatile("testl %%eax, %%eax\n\tsahf\n\t.intel_syntax noprefix\n\t" text \
                 "\n\t.att_syntax prefix\n\t"                                    \
                 "lahf\n\tseto %1"                                               \
                 : "+a"(a), "=q"(of)                                             \
                 : "S"(m)                                                        \
                 : "memory", "cc");                                              \
    return ((a >> 8) & 0xD5u) | (of ? 0x800u : 0u);                              \
  }

// The same instruction for ST(0)..ST(7): fn_0 .. fn_7 and a table fn[8].
#define X87_HOST_OP_STI(fn, before, after)                                      \
  X87_HOST_OP(fn##_0, before "0" after)                                         \
  X87_HOST_OP(fn##_1, before "1" after)                                         \
  X87_HOST_OP(fn##_2, before "2" after)                                         \
  X87_HOST_OP(fn##_3, before "3" after)                                         \
  X87_HOST_OP(fn##_4, before "4" after)                                         \
  X87_HOST_OP(fn##_5, before "5" after)                                         \
  X87_HOST_OP(fn##_6, before "6" after)                                         \
  X87_HOST_OP(fn##_7, before "7" after)                                         \
  [[maybe_unused]] static const HostOp fn[8] = {fn##_0, fn##_1, fn##_2, fn##_3, \
                                                fn##_4, fn##_5, fn##_6, fn##_7};

struct Case {
  uint16_t cw = 0x037F;
  std::vector<X87Reg> stack;  // stack[0] ends up as ST(0); at most 8 entries
  uint8_t mem[16] = {};       // the memory operand (stores: the bytes before)
  uint32_t flags = 0x02;      // guest EFLAGS before (FCMOVcc)
};

struct Outcome {
  uint8_t image[108] = {};  // FNSAVE image after the instruction, pointers zeroed
  uint8_t mem[16] = {};
  uint32_t flags = 0;  // SF ZF AF PF CF, and OF
  bool operator==(const Outcome& o) const { return std::memcmp(this, &o, sizeof *this) == 0; }
};

// Drops what the two FPUs legitimately do not share: the pointer fields
// (the host's are host addresses) and the contents of *empty* registers,
// which on the host hold whatever earlier host code left there.
inline void normalize(uint8_t* image) {
  std::memset(image + 12, 0, 16);
  const unsigned top = (image[5] >> 3) & 7;
  const uint16_t tw = uint16_t(image[8] | image[9] << 8);
  for (unsigned i = 0; i < 8; ++i) {
    if (((tw >> (2 * ((top + i) & 7))) & 3) == 3) std::memset(image + 28 + 10 * i, 0, 10);
  }
}

inline Outcome run_host(const Case& c, HostOp op) {
  Outcome out;
  std::memcpy(out.mem, c.mem, 16);
  uint16_t saved_cw;
  asm volatile("fnstcw %0" : "=m"(saved_cw));
  asm volatile("fninit" ::: "memory");
  for (size_t i = c.stack.size(); i-- > 0;) {
    uint8_t bytes[10];
    std::memcpy(bytes, &c.stack[i].mantissa, 8);
    std::memcpy(bytes + 8, &c.stack[i].sign_exp, 2);
    asm volatile("fldt %0" ::"m"(bytes) : "memory");
  }
  asm volatile("fldcw %0" ::"m"(c.cw) : "memory");
  out.flags = op(out.mem, c.flags);
  asm volatile("fnsave %0" : "=m"(out.image)::"memory");
  asm volatile("fldcw %0" ::"m"(saved_cw) : "memory");
  normalize(out.image);
  return out;
}

constexpr uint32_t kOperandAddr = 0x300, kSaveAddr = 0x400, kScratchAddr = 0x100;

inline X87Result exec(X87& x, FlatMemory& m, uint8_t opcode, uint8_t modrm, uint32_t addr = 0,
                      uint32_t eflags = 0x02) {
  X87Insn insn;
  insn.opcode = opcode;
  insn.modrm = modrm;
  insn.addr = addr;
  insn.eflags = eflags;
  return x.execute(insn, m);
}

struct Encoding {
  uint8_t opcode, modrm;
};

// The emulated sequence: FNINIT, FLD m80 (DB /5) per operand, FLDCW (D9 /5),
// the instructions (memory forms at kOperandAddr), FNSAVE (DD /6).
inline Outcome run_emu(const Case& c, std::initializer_list<Encoding> insns,
                       X87* final_state = nullptr) {
  X87 x;
  FlatMemory m;
  exec(x, m, 0xDB, 0xE3);
  for (size_t i = c.stack.size(); i-- > 0;) {
    std::memcpy(&m.bytes[kScratchAddr], &c.stack[i].mantissa, 8);
    std::memcpy(&m.bytes[kScratchAddr + 8], &c.stack[i].sign_exp, 2);
    exec(x, m, 0xDB, 0x2E, kScratchAddr);
  }
  std::memcpy(&m.bytes[kScratchAddr], &c.cw, 2);
  exec(x, m, 0xD9, 0x2E, kScratchAddr);
  std::memcpy(&m.bytes[kOperandAddr], c.mem, 16);
  Outcome out;
  out.flags = c.flags & 0xD5u;
  for (const Encoding& e : insns) {
    const X87Result r = exec(x, m, e.opcode, e.modrm, kOperandAddr, out.flags);
    if (r.write_eflags) out.flags = (out.flags & ~r.eflags_mask) | (r.eflags & r.eflags_mask);
  }
  if (final_state) *final_state = x;
  exec(x, m, 0xDD, 0x36, kSaveAddr);
  std::memcpy(out.image, &m.bytes[kSaveAddr], 108);
  std::memcpy(out.mem, &m.bytes[kOperandAddr], 16);
  normalize(out.image);
  return out;
}

inline uint16_t u16(const uint8_t* p) {
  return uint16_t(p[0] | p[1] << 8);
}
inline uint32_t u32(const uint8_t* p) {
  return u16(p) | uint32_t(u16(p + 2)) << 16;
}

// FNSTENV through execute() into guest memory.
inline std::vector<uint8_t> fnstenv(X87& x, bool o32, bool pm) {
  FlatMemory m;
  X87Insn insn;
  insn.opcode = 0xD9;
  insn.modrm = 0x36;
  insn.operand32 = o32;
  insn.protected_mode = pm;
  insn.addr = kSaveAddr;
  x.execute(insn, m);
  return {m.bytes.begin() + kSaveAddr, m.bytes.begin() + kSaveAddr + (o32 ? 28 : 14)};
}

inline std::string hex(const uint8_t* p, size_t n) {
  std::ostringstream s;
  static const char* digits = "0123456789abcdef";
  for (size_t i = 0; i < n; ++i) s << digits[p[i] >> 4] << digits[p[i] & 15];
  return s.str();
}

inline std::string describe(const Case& c, const Outcome& host, const Outcome& emu) {
  std::ostringstream s;
  s << "cw=" << std::hex << c.cw << " flags=" << c.flags << " mem=" << hex(c.mem, 16) << " stack=";
  for (const X87Reg& r : c.stack) s << r.sign_exp << ":" << r.mantissa << " ";
  s << "\n host: sw=" << hex(host.image + 4, 2) << " tw=" << hex(host.image + 8, 2)
    << " regs=" << hex(host.image + 28, 80) << " mem=" << hex(host.mem, 16)
    << " flags=" << host.flags << "\n emu:  sw=" << hex(emu.image + 4, 2)
    << " tw=" << hex(emu.image + 8, 2) << " regs=" << hex(emu.image + 28, 80)
    << " mem=" << hex(emu.mem, 16) << " flags=" << emu.flags;
  return s.str();
}

// splitmix64: a fixed seed gives the same operands on every run.
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed) {}
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  unsigned below(unsigned n) { return unsigned(next() % n); }
  bool chance(unsigned percent) { return below(100) < percent; }
};

// Extended-precision operands from every class the FPU distinguishes.
inline X87Reg random_ext(Rng& r) {
  const uint16_t sign = r.chance(50) ? 0x8000 : 0;
  const uint64_t j = 1ull << 63;
  uint64_t frac = r.next() & ~j;
  if (r.chance(30)) frac &= ~((1ull << (r.below(63))) - 1);  // short significands
  switch (r.below(16)) {
    case 0: return {0, sign};                                                  // zero
    case 1: return {frac ? frac : 1, sign};                                    // denormal
    case 2: return {j | frac, sign};                                           // pseudo-denormal
    case 3: return {j, uint16_t(sign | 0x7FFF)};                               // infinity
    case 4: return {j | (1ull << 62) | (frac >> 1), uint16_t(sign | 0x7FFF)};  // QNaN
    case 5: return {j | ((frac >> 1) ? (frac >> 1) : 1), uint16_t(sign | 0x7FFF)};  // SNaN
    case 6: return {j | (1ull << 62), 0xFFFF};                                      // indefinite
    case 7: return {frac, uint16_t(sign | (1 + r.below(0x7FFE)))};                  // unnormal
    case 8: return {frac, uint16_t(sign | 0x7FFF)};  // pseudo-inf/NaN
    case 9: {  // exponents at the float/double/extended range edges
      static const int kEdges[] = {0x3F81, 0x3F6A, 0x407E, 0x3C01, 0x3BCD, 0x43FE,
                                   0x0001, 0x7FFE, 0x3FFF, 0x403D, 0x401E, 0x400E};
      const int e = kEdges[r.below(12)] + int(r.below(5)) - 2;
      return {j | frac, uint16_t(sign | e)};
    }
    case 10: {  // small integers and halves (rounding, FIST, FRNDINT)
      const uint64_t v = r.below(1u << 20) + 1;
      const int lz = __builtin_clzll(v);
      const int e = 0x3FFF + 63 - lz - (r.chance(50) ? 1 : 0);
      return {v << lz, uint16_t(sign | e)};
    }
    default:  // normals around 1.0, the bulk of ordinary arithmetic
      return {j | frac, uint16_t(sign | (0x3FFF - 80 + r.below(160)))};
  }
}

inline uint32_t random_f32(Rng& r) {
  const uint32_t sign = r.chance(50) ? 0x80000000u : 0;
  const uint32_t frac = uint32_t(r.next()) & 0x7FFFFF;
  switch (r.below(8)) {
    case 0: return sign;
    case 1: return sign | (frac ? frac : 1);
    case 2: return sign | 0x7F800000u;
    case 3: return sign | 0x7FC00000u | frac;
    case 4: return sign | 0x7F800000u | (frac >> 1 ? frac >> 1 : 1);
    default: return sign | (uint32_t(1 + r.below(254)) << 23) | frac;
  }
}

inline uint64_t random_f64(Rng& r) {
  const uint64_t sign = r.chance(50) ? 1ull << 63 : 0;
  const uint64_t frac = r.next() & ((1ull << 52) - 1);
  switch (r.below(8)) {
    case 0: return sign;
    case 1: return sign | (frac ? frac : 1);
    case 2: return sign | (0x7FFull << 52);
    case 3: return sign | (0x7FFull << 52) | (1ull << 51) | frac;
    case 4: return sign | (0x7FFull << 52) | (frac >> 1 ? frac >> 1 : 1);
    default: return sign | (uint64_t(1 + r.below(2046)) << 52) | frac;
  }
}

inline uint64_t random_int(Rng& r, unsigned bytes) {
  const uint64_t v = r.next();
  const unsigned bits = 8 * bytes;
  switch (r.below(4)) {
    case 0: return bits == 64 ? (1ull << 63) : (1ull << (bits - 1));  // most negative
    case 1: return v & ((1ull << r.below(bits)) - 1);                 // small
    default: return v;
  }
}

// Control words: every rounding and precision control (including the
// reserved PC=01), all exceptions masked most of the time, random masks else.
inline uint16_t random_cw(Rng& r) {
  uint16_t cw = uint16_t(r.below(4) << 10 | r.below(4) << 8);
  cw |= r.chance(75) ? 0x3F : uint16_t(r.below(64));
  if (r.chance(20)) cw |= 0x1000;
  return cw;
}

inline std::vector<X87Reg> random_stack(Rng& r, unsigned depth) {
  std::vector<X87Reg> s(depth);
  for (X87Reg& v : s) v = random_ext(r);
  return s;
}

enum class Operand { kNone, kF32, kF64, kF80, kI16, kI32, kI64, kBcd, kRaw16 };

struct Form {
  const char* name;
  uint8_t opcode, modrm;
  HostOp host;
};

struct Sweep {
  unsigned depth = 2;  // the stack depth the form needs; 1 in 5 cases use 0..8
  Operand operand = Operand::kNone;
  unsigned iterations = 400;
  bool random_flags = false;  // random CF/PF/ZF in (FCMOVcc)
};

inline void fill_operand(Rng& r, Operand kind, uint8_t* mem) {
  for (unsigned i = 0; i < 16; ++i) mem[i] = uint8_t(r.next());  // store targets too
  uint64_t v = 0;
  switch (kind) {
    case Operand::kNone:
    case Operand::kRaw16: return;
    case Operand::kF32:
      v = random_f32(r);
      std::memcpy(mem, &v, 4);
      return;
    case Operand::kF64:
      v = random_f64(r);
      std::memcpy(mem, &v, 8);
      return;
    case Operand::kI16:
      v = random_int(r, 2);
      std::memcpy(mem, &v, 2);
      return;
    case Operand::kI32:
      v = random_int(r, 4);
      std::memcpy(mem, &v, 4);
      return;
    case Operand::kI64:
      v = random_int(r, 8);
      std::memcpy(mem, &v, 8);
      return;
    case Operand::kF80: {
      const X87Reg x = random_ext(r);
      std::memcpy(mem, &x.mantissa, 8);
      std::memcpy(mem + 8, &x.sign_exp, 2);
      return;
    }
    case Operand::kBcd: {  // 18 digits and a sign byte; 1 in 8 has a non-decimal nibble
      const unsigned digits = r.below(19);
      std::memset(mem, 0, 10);
      for (unsigned d = 0; d < digits; ++d) {
        const unsigned nib = r.chance(97) ? r.below(10) : 10 + r.below(6);
        mem[d / 2] |= uint8_t(nib << (4 * (d % 2)));
      }
      mem[9] = r.chance(50) ? 0x80 : 0x00;
      if (r.chance(5)) mem[9] |= uint8_t(r.below(128));
      return;
    }
  }
}

struct SweepResult {
  unsigned cases = 0, mismatches = 0;
  std::string first;
};

// Runs `form` on both FPUs over random operands, stack depths and control words.
inline SweepResult sweep(const Form& form, const Sweep& s, uint64_t seed) {
  Rng r(seed ^ (uint64_t(form.opcode) << 8 | form.modrm) * 0x100000001B3ull);
  SweepResult res;
  for (unsigned i = 0; i < s.iterations; ++i) {
    Case c;
    c.cw = random_cw(r);
    const unsigned depth = r.chance(20) ? r.below(9) : s.depth;
    c.stack = random_stack(r, depth);
    fill_operand(r, s.operand, c.mem);
    if (s.random_flags) c.flags = uint32_t(r.next()) & 0x45u;
    const Outcome host = run_host(c, form.host);
    const Outcome emu = run_emu(c, {{form.opcode, form.modrm}});
    ++res.cases;
    if (!(host == emu)) {
      if (res.mismatches++ == 0) res.first = std::string(form.name) + ": " + describe(c, host, emu);
    }
  }
  return res;
}

}  // namespace mkemu::x87_test
