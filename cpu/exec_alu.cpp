// Two-operand integer ALU instructions, INC/DEC, NOT/NEG, TEST.
#include "cpu/cpu_core.h"
#include "cpu/handlers.h"

namespace mkemu::cpu {
namespace {

enum class Alu { kAdd, kOr, kAdc, kSbb, kAnd, kSub, kXor, kCmp };

template <Alu Op, typename T>
T alu(CpuCore& c, T a, T b) {
  T r;
  switch (Op) {
    case Alu::kAdd:
      r = static_cast<T>(a + b);
      c.lazy<T>(LazyOp::kAdd, a, b, r);
      return r;
    case Alu::kAdc:
      r = static_cast<T>(a + b + (c.cf() ? 1 : 0));
      c.lazy<T>(LazyOp::kAdd, a, b, r);
      return r;
    case Alu::kSub:
    case Alu::kCmp:
      r = static_cast<T>(a - b);
      c.lazy<T>(LazyOp::kSub, a, b, r);
      return r;
    case Alu::kSbb:
      r = static_cast<T>(a - b - (c.cf() ? 1 : 0));
      c.lazy<T>(LazyOp::kSub, a, b, r);
      return r;
    case Alu::kAnd:
      r = a & b;
      c.lazy<T>(LazyOp::kLogic, 0, 0, r);
      return r;
    case Alu::kOr:
      r = a | b;
      c.lazy<T>(LazyOp::kLogic, 0, 0, r);
      return r;
    case Alu::kXor:
      r = a ^ b;
      c.lazy<T>(LazyOp::kLogic, 0, 0, r);
      return r;
  }
  return 0;
}

template <Alu Op, typename T>
void alu_rm_r(CpuCore& c, const Insn& i) {
  T b = c.reg<T>(i.reg);
  if (i.mod == 3) {
    T r = alu<Op, T>(c, c.reg<T>(i.rm), b);
    if (Op != Alu::kCmp) c.set_reg<T>(i.rm, r);
    return;
  }
  if (Op == Alu::kCmp) {
    alu<Op, T>(c, c.read<T>(i.seg, c.ea(i)), b);
    return;
  }
  uint32_t l = c.lin(i.seg, c.ea(i), sizeof(T), true);
  T r = alu<Op, T>(c, c.read_rmw<T>(l), b);
  c.write_lin<T>(l, r, c.user());
}

template <Alu Op, typename T>
void alu_r_rm(CpuCore& c, const Insn& i) {
  T r = alu<Op, T>(c, c.reg<T>(i.reg), c.rm_read<T>(i));
  if (Op != Alu::kCmp) c.set_reg<T>(i.reg, r);
}

template <Alu Op, typename T>
void alu_acc_imm(CpuCore& c, const Insn& i) {
  T r = alu<Op, T>(c, c.reg<T>(kEax), static_cast<T>(i.imm));
  if (Op != Alu::kCmp) c.set_reg<T>(kEax, r);
}

template <Alu Op, typename T>
void alu_rm_imm(CpuCore& c, const Insn& i) {
  T b = static_cast<T>(i.imm);
  if (i.mod == 3) {
    T r = alu<Op, T>(c, c.reg<T>(i.rm), b);
    if (Op != Alu::kCmp) c.set_reg<T>(i.rm, r);
    return;
  }
  if (Op == Alu::kCmp) {
    alu<Op, T>(c, c.read<T>(i.seg, c.ea(i)), b);
    return;
  }
  uint32_t l = c.lin(i.seg, c.ea(i), sizeof(T), true);
  T r = alu<Op, T>(c, c.read_rmw<T>(l), b);
  c.write_lin<T>(l, r, c.user());
}

// Read-modify-write of the r/m operand with a unary operation.
template <typename T, typename F>
void rmw(CpuCore& c, const Insn& i, F f) {
  if (i.mod == 3) {
    c.set_reg<T>(i.rm, f(c.reg<T>(i.rm)));
    return;
  }
  uint32_t l = c.lin(i.seg, c.ea(i), sizeof(T), true);
  T r = f(c.read_rmw<T>(l));
  c.write_lin<T>(l, r, c.user());
}

template <typename T>
void inc_rm(CpuCore& c, const Insn& i) {
  rmw<T>(c, i, [&](T v) {
    T r = static_cast<T>(v + 1);
    c.lazy<T>(LazyOp::kInc, v, 1, r);
    return r;
  });
}
template <typename T>
void dec_rm(CpuCore& c, const Insn& i) {
  rmw<T>(c, i, [&](T v) {
    T r = static_cast<T>(v - 1);
    c.lazy<T>(LazyOp::kDec, v, 1, r);
    return r;
  });
}
template <typename T>
void not_rm(CpuCore& c, const Insn& i) {
  rmw<T>(c, i, [](T v) { return static_cast<T>(~v); });
}
template <typename T>
void neg_rm(CpuCore& c, const Insn& i) {
  rmw<T>(c, i, [&](T v) {
    T r = static_cast<T>(0 - v);
    c.lazy<T>(LazyOp::kSub, 0, v, r);
    return r;
  });
}
template <typename T>
void test_rm_r(CpuCore& c, const Insn& i) {
  c.lazy<T>(LazyOp::kLogic, 0, 0, c.rm_read<T>(i) & c.reg<T>(i.reg));
}
template <typename T>
void test_rm_imm(CpuCore& c, const Insn& i) {
  c.lazy<T>(LazyOp::kLogic, 0, 0, c.rm_read<T>(i) & static_cast<T>(i.imm));
}

}  // namespace

#define ALU_FORMS(name, op)                         \
  void name##_rm8_r8(CpuCore& c, const Insn& i) {   \
    alu_rm_r<op, uint8_t>(c, i);                    \
  }                                                 \
  void name##_rm16_r16(CpuCore& c, const Insn& i) { \
    alu_rm_r<op, uint16_t>(c, i);                   \
  }                                                 \
  void name##_rm32_r32(CpuCore& c, const Insn& i) { \
    alu_rm_r<op, uint32_t>(c, i);                   \
  }                                                 \
  void name##_r8_rm8(CpuCore& c, const Insn& i) {   \
    alu_r_rm<op, uint8_t>(c, i);                    \
  }                                                 \
  void name##_r16_rm16(CpuCore& c, const Insn& i) { \
    alu_r_rm<op, uint16_t>(c, i);                   \
  }                                                 \
  void name##_r32_rm32(CpuCore& c, const Insn& i) { \
    alu_r_rm<op, uint32_t>(c, i);                   \
  }                                                 \
  void name##_al_ib(CpuCore& c, const Insn& i) {    \
    alu_acc_imm<op, uint8_t>(c, i);                 \
  }                                                 \
  void name##_ax_iw(CpuCore& c, const Insn& i) {    \
    alu_acc_imm<op, uint16_t>(c, i);                \
  }                                                 \
  void name##_eax_id(CpuCore& c, const Insn& i) {   \
    alu_acc_imm<op, uint32_t>(c, i);                \
  }                                                 \
  void name##_rm8_ib(CpuCore& c, const Insn& i) {   \
    alu_rm_imm<op, uint8_t>(c, i);                  \
  }                                                 \
  void name##_rm16_iw(CpuCore& c, const Insn& i) {  \
    alu_rm_imm<op, uint16_t>(c, i);                 \
  }                                                 \
  void name##_rm32_id(CpuCore& c, const Insn& i) {  \
    alu_rm_imm<op, uint32_t>(c, i);                 \
  }                                                 \
  void name##_rm16_ib(CpuCore& c, const Insn& i) {  \
    alu_rm_imm<op, uint16_t>(c, i);                 \
  }                                                 \
  void name##_rm32_ib(CpuCore& c, const Insn& i) {  \
    alu_rm_imm<op, uint32_t>(c, i);                 \
  }

ALU_FORMS(add, Alu::kAdd)
ALU_FORMS(or, Alu::kOr)
ALU_FORMS(adc, Alu::kAdc)
ALU_FORMS(sbb, Alu::kSbb)
ALU_FORMS(and, Alu::kAnd)
ALU_FORMS(sub, Alu::kSub)
ALU_FORMS(xor, Alu::kXor)
ALU_FORMS(cmp, Alu::kCmp)
#undef ALU_FORMS

void inc_r16(CpuCore& c, const Insn& i) {
  uint16_t v = c.reg16(i.rm), r = static_cast<uint16_t>(v + 1);
  c.lazy<uint16_t>(LazyOp::kInc, v, 1, r);
  c.set_reg16(i.rm, r);
}
void inc_r32(CpuCore& c, const Insn& i) {
  uint32_t v = c.s.gpr[i.rm], r = v + 1;
  c.lazy<uint32_t>(LazyOp::kInc, v, 1, r);
  c.s.gpr[i.rm] = r;
}
void dec_r16(CpuCore& c, const Insn& i) {
  uint16_t v = c.reg16(i.rm), r = static_cast<uint16_t>(v - 1);
  c.lazy<uint16_t>(LazyOp::kDec, v, 1, r);
  c.set_reg16(i.rm, r);
}
void dec_r32(CpuCore& c, const Insn& i) {
  uint32_t v = c.s.gpr[i.rm], r = v - 1;
  c.lazy<uint32_t>(LazyOp::kDec, v, 1, r);
  c.s.gpr[i.rm] = r;
}
void inc_rm8(CpuCore& c, const Insn& i) {
  inc_rm<uint8_t>(c, i);
}
void inc_rm16(CpuCore& c, const Insn& i) {
  inc_rm<uint16_t>(c, i);
}
void inc_rm32(CpuCore& c, const Insn& i) {
  inc_rm<uint32_t>(c, i);
}
void dec_rm8(CpuCore& c, const Insn& i) {
  dec_rm<uint8_t>(c, i);
}
void dec_rm16(CpuCore& c, const Insn& i) {
  dec_rm<uint16_t>(c, i);
}
void dec_rm32(CpuCore& c, const Insn& i) {
  dec_rm<uint32_t>(c, i);
}
void not_rm8(CpuCore& c, const Insn& i) {
  not_rm<uint8_t>(c, i);
}
void not_rm16(CpuCore& c, const Insn& i) {
  not_rm<uint16_t>(c, i);
}
void not_rm32(CpuCore& c, const Insn& i) {
  not_rm<uint32_t>(c, i);
}
void neg_rm8(CpuCore& c, const Insn& i) {
  neg_rm<uint8_t>(c, i);
}
void neg_rm16(CpuCore& c, const Insn& i) {
  neg_rm<uint16_t>(c, i);
}
void neg_rm32(CpuCore& c, const Insn& i) {
  neg_rm<uint32_t>(c, i);
}
void test_rm8_r8(CpuCore& c, const Insn& i) {
  test_rm_r<uint8_t>(c, i);
}
void test_rm16_r16(CpuCore& c, const Insn& i) {
  test_rm_r<uint16_t>(c, i);
}
void test_rm32_r32(CpuCore& c, const Insn& i) {
  test_rm_r<uint32_t>(c, i);
}
void test_rm8_ib(CpuCore& c, const Insn& i) {
  test_rm_imm<uint8_t>(c, i);
}
void test_rm16_iw(CpuCore& c, const Insn& i) {
  test_rm_imm<uint16_t>(c, i);
}
void test_rm32_id(CpuCore& c, const Insn& i) {
  test_rm_imm<uint32_t>(c, i);
}
void test_al_ib(CpuCore& c, const Insn& i) {
  c.lazy<uint8_t>(LazyOp::kLogic, 0, 0, c.reg8(kEax) & static_cast<uint8_t>(i.imm));
}
void test_ax_iw(CpuCore& c, const Insn& i) {
  c.lazy<uint16_t>(LazyOp::kLogic, 0, 0, c.reg16(kEax) & static_cast<uint16_t>(i.imm));
}
void test_eax_id(CpuCore& c, const Insn& i) {
  c.lazy<uint32_t>(LazyOp::kLogic, 0, 0, c.s.gpr[kEax] & i.imm);
}

}  // namespace mkemu::cpu
