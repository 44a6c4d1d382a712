// Shifts and rotates (group 2) and SHLD/SHRD. Counts are masked to 5 bits;
// a masked count of 0 changes nothing (SDM vol. 2, SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR).
#include "cpu/cpu_core.h"
#include "cpu/handlers.h"

namespace mkemu::cpu {
namespace {

enum class Sh { kRol, kRor, kRcl, kRcr, kShl, kShr, kSar };

template <Sh Op, typename T>
T shift(CpuCore& c, T v, unsigned count) {
  constexpr unsigned bits = sizeof(T) * 8;
  constexpr T msb = static_cast<T>(T{1} << (bits - 1));
  uint32_t f = 0;
  T r = v;
  switch (Op) {
    case Sh::kRol: {
      unsigned n = count % bits;
      r = n ? static_cast<T>((v << n) | (v >> (bits - n))) : v;
      bool cf = r & 1;
      bool of = ((r & msb) != 0) != cf;
      c.set_flags(kCF | kOF, (cf ? kCF : 0) | (of ? kOF : 0));
      return r;
    }
    case Sh::kRor: {
      unsigned n = count % bits;
      r = n ? static_cast<T>((v >> n) | (v << (bits - n))) : v;
      bool cf = r & msb;
      bool of = ((r ^ (r << 1)) & msb) != 0;
      c.set_flags(kCF | kOF, (cf ? kCF : 0) | (of ? kOF : 0));
      return r;
    }
    case Sh::kRcl: {
      unsigned n = count % (bits + 1);
      bool cf = c.cf();
      for (unsigned k = 0; k < n; ++k) {
        bool out = r & msb;
        r = static_cast<T>((r << 1) | (cf ? 1 : 0));
        cf = out;
      }
      bool of = ((r & msb) != 0) != cf;
      c.set_flags(kCF | kOF, (cf ? kCF : 0) | (of ? kOF : 0));
      return r;
    }
    case Sh::kRcr: {
      unsigned n = count % (bits + 1);
      bool cf = c.cf();
      bool of = ((v & msb) != 0) != cf;
      for (unsigned k = 0; k < n; ++k) {
        bool out = r & 1;
        r = static_cast<T>((r >> 1) | (cf ? msb : 0));
        cf = out;
      }
      if (count != 1) of = ((r ^ (r << 1)) & msb) != 0;
      c.set_flags(kCF | kOF, (cf ? kCF : 0) | (of ? kOF : 0));
      return r;
    }
    case Sh::kShl: {
      uint64_t wide = uint64_t{v} << count;
      r = static_cast<T>(wide);
      bool cf = (wide >> bits) & 1;
      f = CpuCore::szp<T>(r) | (cf ? kCF : 0);
      if (((r & msb) != 0) != cf) f |= kOF;
      break;
    }
    case Sh::kShr: {
      r = count >= bits ? 0 : static_cast<T>(v >> count);
      bool cf = count > bits ? false : ((v >> (count - 1)) & 1);
      f = CpuCore::szp<T>(r) | (cf ? kCF : 0);
      if (count == 1 ? (v & msb) != 0 : ((r ^ (r << 1)) & msb) != 0) f |= kOF;
      break;
    }
    case Sh::kSar: {
      using S = std::make_signed_t<T>;
      int64_t sv = static_cast<S>(v);
      r = static_cast<T>(sv >> (count >= bits ? bits - 1 : count));
      bool cf = (sv >> (count - 1 >= bits ? bits - 1 : count - 1)) & 1;
      f = CpuCore::szp<T>(r) | (cf ? kCF : 0);
      break;
    }
  }
  c.set_flags(kArithFlags, f);
  return r;
}

template <Sh Op, typename T>
void shift_rm(CpuCore& c, const Insn& i, unsigned raw_count) {
  const unsigned count = raw_count & 31;
  if (i.mod == 3) {
    if (count) c.set_reg<T>(i.rm, shift<Op, T>(c, c.reg<T>(i.rm), count));
    return;
  }
  uint32_t l = c.lin(i.seg, c.ea(i), sizeof(T), true);
  T v = c.read_rmw<T>(l);
  if (!count) return;
  T r = shift<Op, T>(c, v, count);
  c.write_lin<T>(l, r, c.user());
}

// SHLD/SHRD: double-precision shifts; counts above the operand size are undefined.
template <typename T, bool Left>
void double_shift(CpuCore& c, const Insn& i, unsigned raw_count) {
  constexpr unsigned bits = sizeof(T) * 8;
  const unsigned count = raw_count & 31;
  uint32_t l = 0;
  T v;
  if (i.mod == 3) {
    v = c.reg<T>(i.rm);
  } else {
    l = c.lin(i.seg, c.ea(i), sizeof(T), true);
    v = c.read_rmw<T>(l);
  }
  if (!count) return;
  T src = c.reg<T>(i.reg);
  T r;
  bool cf;
  if (Left) {
    uint64_t wide = (uint64_t{v} << bits) | src;
    uint64_t x = count <= bits ? wide << count : (uint64_t{src} << bits | v) << (count - bits);
    r = static_cast<T>(x >> bits);
    cf = count <= bits ? ((wide >> (2 * bits - count)) & 1) : ((v >> (2 * bits - count)) & 1);
  } else {
    uint64_t wide = (uint64_t{src} << bits) | v;
    uint64_t x = count <= bits ? wide >> count : ((uint64_t{v} << bits) | src) >> (count - bits);
    r = static_cast<T>(x);
    cf = count <= bits ? ((wide >> (count - 1)) & 1) : ((src >> (count - bits - 1)) & 1);
  }
  constexpr T msb = static_cast<T>(T{1} << (bits - 1));
  uint32_t f = CpuCore::szp<T>(r) | (cf ? kCF : 0);
  if (((r ^ v) & msb) != 0) f |= kOF;
  c.set_flags(kArithFlags, f);
  if (i.mod == 3) {
    c.set_reg<T>(i.rm, r);
  } else {
    c.write_lin<T>(l, r, c.user());
  }
}

}  // namespace

#define SHIFT_FORMS(name, op)                      \
  void name##_rm8_ib(CpuCore& c, const Insn& i) {  \
    shift_rm<op, uint8_t>(c, i, i.imm);            \
  }                                                \
  void name##_rm16_ib(CpuCore& c, const Insn& i) { \
    shift_rm<op, uint16_t>(c, i, i.imm);           \
  }                                                \
  void name##_rm32_ib(CpuCore& c, const Insn& i) { \
    shift_rm<op, uint32_t>(c, i, i.imm);           \
  }                                                \
  void name##_rm8_1(CpuCore& c, const Insn& i) {   \
    shift_rm<op, uint8_t>(c, i, 1);                \
  }                                                \
  void name##_rm16_1(CpuCore& c, const Insn& i) {  \
    shift_rm<op, uint16_t>(c, i, 1);               \
  }                                                \
  void name##_rm32_1(CpuCore& c, const Insn& i) {  \
    shift_rm<op, uint32_t>(c, i, 1);               \
  }                                                \
  void name##_rm8_cl(CpuCore& c, const Insn& i) {  \
    shift_rm<op, uint8_t>(c, i, c.reg8(kEcx));     \
  }                                                \
  void name##_rm16_cl(CpuCore& c, const Insn& i) { \
    shift_rm<op, uint16_t>(c, i, c.reg8(kEcx));    \
  }                                                \
  void name##_rm32_cl(CpuCore& c, const Insn& i) { \
    shift_rm<op, uint32_t>(c, i, c.reg8(kEcx));    \
  }

SHIFT_FORMS(rol, Sh::kRol)
SHIFT_FORMS(ror, Sh::kRor)
SHIFT_FORMS(rcl, Sh::kRcl)
SHIFT_FORMS(rcr, Sh::kRcr)
SHIFT_FORMS(shl, Sh::kShl)
SHIFT_FORMS(sal, Sh::kShl)
SHIFT_FORMS(shr, Sh::kShr)
SHIFT_FORMS(sar, Sh::kSar)
#undef SHIFT_FORMS

void shld_rm16_ib(CpuCore& c, const Insn& i) {
  double_shift<uint16_t, true>(c, i, i.imm);
}
void shld_rm32_ib(CpuCore& c, const Insn& i) {
  double_shift<uint32_t, true>(c, i, i.imm);
}
void shld_rm16_cl(CpuCore& c, const Insn& i) {
  double_shift<uint16_t, true>(c, i, c.reg8(kEcx));
}
void shld_rm32_cl(CpuCore& c, const Insn& i) {
  double_shift<uint32_t, true>(c, i, c.reg8(kEcx));
}
void shrd_rm16_ib(CpuCore& c, const Insn& i) {
  double_shift<uint16_t, false>(c, i, i.imm);
}
void shrd_rm32_ib(CpuCore& c, const Insn& i) {
  double_shift<uint32_t, false>(c, i, i.imm);
}
void shrd_rm16_cl(CpuCore& c, const Insn& i) {
  double_shift<uint16_t, false>(c, i, c.reg8(kEcx));
}
void shrd_rm32_cl(CpuCore& c, const Insn& i) {
  double_shift<uint32_t, false>(c, i, c.reg8(kEcx));
}

}  // namespace mkemu::cpu
