// MUL/IMUL/DIV/IDIV in all forms. Division overflow and division by zero raise #DE.
#include "cpu/cpu_core.h"
#include "cpu/handlers.h"

#include <limits>
#include <type_traits>

namespace mkemu::cpu {
namespace {

template <typename T>
using Wide = std::conditional_t<sizeof(T) == 1, uint16_t,
                                std::conditional_t<sizeof(T) == 2, uint32_t, uint64_t>>;

// Result halves: AL/AX/EAX and AH/DX/EDX.
template <typename T>
void store_pair(CpuCore& c, Wide<T> v) {
  constexpr unsigned bits = sizeof(T) * 8;
  if constexpr (sizeof(T) == 1) {
    c.set_reg16(kEax, static_cast<uint16_t>(v));
  } else {
    c.set_reg<T>(kEax, static_cast<T>(v));
    c.set_reg<T>(kEdx, static_cast<T>(v >> bits));
  }
}
template <typename T>
Wide<T> load_pair(CpuCore& c) {
  constexpr unsigned bits = sizeof(T) * 8;
  if constexpr (sizeof(T) == 1) return c.reg16(kEax);
  return (Wide<T>{c.reg<T>(kEdx)} << bits) | c.reg<T>(kEax);
}

template <typename T>
void mul(CpuCore& c, const Insn& i) {
  Wide<T> r = Wide<T>{c.reg<T>(kEax)} * c.rm_read<T>(i);
  store_pair<T>(c, r);
  bool high = (r >> (sizeof(T) * 8)) != 0;
  c.set_flags(kArithFlags, CpuCore::szp<T>(static_cast<T>(r)) | (high ? kCF | kOF : 0));
}

template <typename T>
void imul1(CpuCore& c, const Insn& i) {
  using S = std::make_signed_t<T>;
  using SW = std::make_signed_t<Wide<T>>;
  SW r = SW{static_cast<S>(c.reg<T>(kEax))} * static_cast<S>(c.rm_read<T>(i));
  store_pair<T>(c, static_cast<Wide<T>>(r));
  bool fits = r == static_cast<S>(r);
  c.set_flags(kArithFlags, CpuCore::szp<T>(static_cast<T>(r)) | (fits ? 0 : kCF | kOF));
}

template <typename T>
T imul2(CpuCore& c, T a, T b) {
  using S = std::make_signed_t<T>;
  int64_t r = int64_t{static_cast<S>(a)} * static_cast<S>(b);
  bool fits = r == static_cast<S>(r);
  c.set_flags(kArithFlags, CpuCore::szp<T>(static_cast<T>(r)) | (fits ? 0 : kCF | kOF));
  return static_cast<T>(r);
}

template <typename T>
void div(CpuCore& c, const Insn& i) {
  T d = c.rm_read<T>(i);
  if (d == 0) c.raise(kDE);
  Wide<T> n = load_pair<T>(c);
  Wide<T> q = n / d;
  if (q >> (sizeof(T) * 8)) c.raise(kDE);
  Wide<T> r = n % d;
  if constexpr (sizeof(T) == 1) {
    c.set_reg16(kEax, static_cast<uint16_t>((r << 8) | q));
  } else {
    c.set_reg<T>(kEax, static_cast<T>(q));
    c.set_reg<T>(kEdx, static_cast<T>(r));
  }
}

template <typename T>
void idiv(CpuCore& c, const Insn& i) {
  using S = std::make_signed_t<T>;
  using SW = std::make_signed_t<Wide<T>>;
  S d = static_cast<S>(c.rm_read<T>(i));
  if (d == 0) c.raise(kDE);
  SW n = static_cast<SW>(load_pair<T>(c));
  if (n == std::numeric_limits<SW>::min() && d == -1) c.raise(kDE);
  SW q = n / d;
  SW r = n % d;
  if (q != static_cast<S>(q)) c.raise(kDE);
  if constexpr (sizeof(T) == 1) {
    c.set_reg16(kEax,
                static_cast<uint16_t>((static_cast<uint8_t>(r) << 8) | static_cast<uint8_t>(q)));
  } else {
    c.set_reg<T>(kEax, static_cast<T>(q));
    c.set_reg<T>(kEdx, static_cast<T>(r));
  }
}

}  // namespace

void mul_rm8(CpuCore& c, const Insn& i) {
  mul<uint8_t>(c, i);
}
void mul_rm16(CpuCore& c, const Insn& i) {
  mul<uint16_t>(c, i);
}
void mul_rm32(CpuCore& c, const Insn& i) {
  mul<uint32_t>(c, i);
}
void imul_rm8(CpuCore& c, const Insn& i) {
  imul1<uint8_t>(c, i);
}
void imul_rm16(CpuCore& c, const Insn& i) {
  imul1<uint16_t>(c, i);
}
void imul_rm32(CpuCore& c, const Insn& i) {
  imul1<uint32_t>(c, i);
}
void div_rm8(CpuCore& c, const Insn& i) {
  div<uint8_t>(c, i);
}
void div_rm16(CpuCore& c, const Insn& i) {
  div<uint16_t>(c, i);
}
void div_rm32(CpuCore& c, const Insn& i) {
  div<uint32_t>(c, i);
}
void idiv_rm8(CpuCore& c, const Insn& i) {
  idiv<uint8_t>(c, i);
}
void idiv_rm16(CpuCore& c, const Insn& i) {
  idiv<uint16_t>(c, i);
}
void idiv_rm32(CpuCore& c, const Insn& i) {
  idiv<uint32_t>(c, i);
}
void imul_r16_rm16(CpuCore& c, const Insn& i) {
  c.set_reg16(i.reg, imul2<uint16_t>(c, c.reg16(i.reg), c.rm_read<uint16_t>(i)));
}
void imul_r32_rm32(CpuCore& c, const Insn& i) {
  c.s.gpr[i.reg] = imul2<uint32_t>(c, c.s.gpr[i.reg], c.rm_read<uint32_t>(i));
}
void imul_r16_rm16_iw(CpuCore& c, const Insn& i) {
  c.set_reg16(i.reg, imul2<uint16_t>(c, c.rm_read<uint16_t>(i), static_cast<uint16_t>(i.imm)));
}
void imul_r32_rm32_id(CpuCore& c, const Insn& i) {
  c.s.gpr[i.reg] = imul2<uint32_t>(c, c.rm_read<uint32_t>(i), i.imm);
}

}  // namespace mkemu::cpu
