// Bit tests (BT/BTS/BTR/BTC), bit scans (BSF/BSR) and the atomic-style
// exchanges CMPXCHG, XADD, CMPXCHG8B.
#include "cpu/cpu_core.h"
#include "cpu/handlers.h"

namespace mkemu::cpu {
namespace {

enum class Bt { kTest, kSet, kReset, kComplement };

template <Bt Op, typename T>
T bt_apply(CpuCore& c, T v, unsigned bit) {
  T m = static_cast<T>(T{1} << bit);
  c.set_cf(v & m);
  switch (Op) {
    case Bt::kTest: return v;
    case Bt::kSet: return v | m;
    case Bt::kReset: return static_cast<T>(v & ~m);
    case Bt::kComplement: return v ^ m;
  }
  return v;
}

// `offset` is the full bit offset; with a register source it may reach outside the operand.
template <Bt Op, typename T>
void bt(CpuCore& c, const Insn& i, uint32_t offset, bool from_register) {
  constexpr unsigned bits = sizeof(T) * 8;
  if (i.mod == 3) {
    T v = bt_apply<Op, T>(c, c.reg<T>(i.rm), offset & (bits - 1));
    if (Op != Bt::kTest) c.set_reg<T>(i.rm, v);
    return;
  }
  uint32_t ea = c.ea(i);
  if (from_register) {
    int32_t soff = sizeof(T) == 2 ? static_cast<int16_t>(offset) : static_cast<int32_t>(offset);
    ea +=
        static_cast<uint32_t>((soff >> (sizeof(T) == 2 ? 4 : 5)) * static_cast<int32_t>(sizeof(T)));
    if (!i.a32) ea &= 0xFFFF;
  }
  unsigned bit = offset & (bits - 1);
  if (Op == Bt::kTest) {
    bt_apply<Op, T>(c, c.read<T>(i.seg, ea), bit);
    return;
  }
  uint32_t l = c.lin(i.seg, ea, sizeof(T), true);
  T v = bt_apply<Op, T>(c, c.read_rmw<T>(l), bit);
  c.write_lin<T>(l, v, c.user());
}

template <typename T, bool Reverse>
void bit_scan(CpuCore& c, const Insn& i) {
  T v = c.rm_read<T>(i);
  if (v == 0) {
    c.set_flags(kZF, kZF);
    return;
  }
  unsigned idx = Reverse ? 31 - __builtin_clz(static_cast<uint32_t>(v)) : __builtin_ctz(v);
  c.set_reg<T>(i.reg, static_cast<T>(idx));
  c.set_flags(kZF, 0);
}

template <typename T>
void cmpxchg(CpuCore& c, const Insn& i) {
  T acc = c.reg<T>(kEax);
  uint32_t l = 0;
  T dest;
  if (i.mod == 3) {
    dest = c.reg<T>(i.rm);
  } else {
    l = c.lin(i.seg, c.ea(i), sizeof(T), true);
    dest = c.read_rmw<T>(l);
  }
  c.lazy<T>(LazyOp::kSub, acc, dest, static_cast<T>(acc - dest));
  T out = acc == dest ? c.reg<T>(i.reg) : dest;
  if (i.mod == 3) {
    c.set_reg<T>(i.rm, out);
  } else {
    c.write_lin<T>(l, out, c.user());
  }
  if (acc != dest) c.set_reg<T>(kEax, dest);
}

template <typename T>
void xadd(CpuCore& c, const Insn& i) {
  T src = c.reg<T>(i.reg);
  if (i.mod == 3) {
    T dest = c.reg<T>(i.rm);
    T sum = static_cast<T>(dest + src);
    c.lazy<T>(LazyOp::kAdd, dest, src, sum);
    c.set_reg<T>(i.reg, dest);
    c.set_reg<T>(i.rm, sum);
    return;
  }
  uint32_t l = c.lin(i.seg, c.ea(i), sizeof(T), true);
  T dest = c.read_rmw<T>(l);
  T sum = static_cast<T>(dest + src);
  c.write_lin<T>(l, sum, c.user());
  c.lazy<T>(LazyOp::kAdd, dest, src, sum);
  c.set_reg<T>(i.reg, dest);
}

}  // namespace

#define BT_FORMS(name, op)                          \
  void name##_rm16_r16(CpuCore& c, const Insn& i) { \
    bt<op, uint16_t>(c, i, c.reg16(i.reg), true);   \
  }                                                 \
  void name##_rm32_r32(CpuCore& c, const Insn& i) { \
    bt<op, uint32_t>(c, i, c.s.gpr[i.reg], true);   \
  }                                                 \
  void name##_rm16_ib(CpuCore& c, const Insn& i) {  \
    bt<op, uint16_t>(c, i, i.imm & 15, false);      \
  }                                                 \
  void name##_rm32_ib(CpuCore& c, const Insn& i) {  \
    bt<op, uint32_t>(c, i, i.imm & 31, false);      \
  }
BT_FORMS(bt, Bt::kTest)
BT_FORMS(bts, Bt::kSet)
BT_FORMS(btr, Bt::kReset)
BT_FORMS(btc, Bt::kComplement)
#undef BT_FORMS

void bsf16(CpuCore& c, const Insn& i) {
  bit_scan<uint16_t, false>(c, i);
}
void bsf32(CpuCore& c, const Insn& i) {
  bit_scan<uint32_t, false>(c, i);
}
void bsr16(CpuCore& c, const Insn& i) {
  bit_scan<uint16_t, true>(c, i);
}
void bsr32(CpuCore& c, const Insn& i) {
  bit_scan<uint32_t, true>(c, i);
}
void cmpxchg_rm8_r8(CpuCore& c, const Insn& i) {
  cmpxchg<uint8_t>(c, i);
}
void cmpxchg_rm16_r16(CpuCore& c, const Insn& i) {
  cmpxchg<uint16_t>(c, i);
}
void cmpxchg_rm32_r32(CpuCore& c, const Insn& i) {
  cmpxchg<uint32_t>(c, i);
}
void xadd_rm8_r8(CpuCore& c, const Insn& i) {
  xadd<uint8_t>(c, i);
}
void xadd_rm16_r16(CpuCore& c, const Insn& i) {
  xadd<uint16_t>(c, i);
}
void xadd_rm32_r32(CpuCore& c, const Insn& i) {
  xadd<uint32_t>(c, i);
}

void cmpxchg8b(CpuCore& c, const Insn& i) {
  uint32_t off = c.ea(i);
  uint32_t l = c.lin(i.seg, off, 8, true);
  c.check_alignment(l, 8);  // a quadword: #AC unless 8-aligned
  uint32_t lo = c.read_rmw<uint32_t>(l);
  uint32_t hi = c.read_rmw<uint32_t>(l + 4);
  if (lo == c.s.gpr[kEax] && hi == c.s.gpr[kEdx]) {
    c.write_lin<uint32_t>(l, c.s.gpr[kEbx], c.user());
    c.write_lin<uint32_t>(l + 4, c.s.gpr[kEcx], c.user());
    c.set_flags(kZF, kZF);
  } else {
    c.write_lin<uint32_t>(l, lo, c.user());
    c.write_lin<uint32_t>(l + 4, hi, c.user());
    c.s.gpr[kEax] = lo;
    c.s.gpr[kEdx] = hi;
    c.set_flags(kZF, 0);
  }
}

}  // namespace mkemu::cpu
