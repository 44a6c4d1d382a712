#include "cpu/fpu/x87_layout.h"

#include <cstring>

namespace mkemu::x87_layout {
namespace {

void put16(uint8_t* p, uint16_t v) {
  std::memcpy(p, &v, 2);
}
void put32(uint8_t* p, uint32_t v) {
  std::memcpy(p, &v, 4);
}
uint16_t get16(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}
uint32_t get32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Real-mode layouts hold 20/32-bit linear pointers instead of selector:offset.
uint32_t linear(uint16_t sel, uint32_t off) {
  return (uint32_t{sel} << 4) + off;
}

}  // namespace

X87Reg reg_from_bytes(const uint8_t* p) {
  X87Reg r;
  std::memcpy(&r.mantissa, p, 8);
  std::memcpy(&r.sign_exp, p + 8, 2);
  return r;
}

void reg_to_bytes(const X87Reg& r, uint8_t* p) {
  std::memcpy(p, &r.mantissa, 8);
  std::memcpy(p + 8, &r.sign_exp, 2);
}

// SDM Vol. 2 FXSAVE, "recreating the FSAVE tag": zero, special (NaN,
// infinity, denormal, pseudo-denormal, unnormal) or valid.
uint8_t tag_of(const X87Reg& r) {
  const unsigned exp = r.sign_exp & 0x7FFF;
  const bool j = (r.mantissa >> 63) != 0;
  if (exp == 0x7FFF) return kTagSpecial;
  if (exp == 0) return r.mantissa == 0 ? kTagZero : kTagSpecial;
  return j ? kTagValid : kTagSpecial;
}

uint16_t full_tag(const X87State& s) {
  uint16_t tw = 0;
  for (unsigned i = 0; i < 8; ++i) {
    const uint8_t t = (s.tag_valid >> i) & 1 ? tag_of(s.reg[i]) : uint8_t{kTagEmpty};
    tw |= uint16_t(t << (2 * i));
  }
  return tw;
}

uint16_t with_summary(uint16_t sw, uint16_t cw) {
  sw &= ~(X87::kSwEs | X87::kSwBusy);
  if (sw & ~cw & 0x3F) sw |= X87::kSwEs | X87::kSwBusy;
  return sw;
}

// Reserved halves of the 32-bit layouts are stored as 1s, as the host FPU
// does (checked by x87_env_test); reserved bits inside pointer fields as 0s.
void store_env(const X87State& s, bool operand32, bool protected_mode, uint8_t* out) {
  const uint16_t tw = full_tag(s);
  const uint32_t ip = protected_mode ? s.fip : linear(s.fcs, s.fip);
  const uint32_t dp = protected_mode ? s.fdp : linear(s.fds, s.fdp);
  if (operand32) {
    put32(out + 0, 0xFFFF0000u | s.cw);
    put32(out + 4, 0xFFFF0000u | s.sw);
    put32(out + 8, 0xFFFF0000u | tw);
    if (protected_mode) {
      put32(out + 12, ip);
      put32(out + 16, s.fcs | uint32_t(s.fop & 0x7FF) << 16);
      put32(out + 20, dp);
      put32(out + 24, 0xFFFF0000u | s.fds);
    } else {
      put32(out + 12, 0xFFFF0000u | (ip & 0xFFFF));
      put32(out + 16, (s.fop & 0x7FFu) | ((ip >> 16) << 12));
      put32(out + 20, 0xFFFF0000u | (dp & 0xFFFF));
      put32(out + 24, (dp >> 16) << 12);
    }
    return;
  }
  put16(out + 0, s.cw);
  put16(out + 2, s.sw);
  put16(out + 4, tw);
  if (protected_mode) {
    put16(out + 6, uint16_t(ip));
    put16(out + 8, s.fcs);
    put16(out + 10, uint16_t(dp));
    put16(out + 12, s.fds);
  } else {
    put16(out + 6, uint16_t(ip));
    put16(out + 8, uint16_t((s.fop & 0x7FF) | ((ip >> 16) & 0xF) << 12));
    put16(out + 10, uint16_t(dp));
    put16(out + 12, uint16_t(((dp >> 16) & 0xF) << 12));
  }
}

void load_env(X87State& s, bool operand32, bool protected_mode, const uint8_t* in) {
  uint16_t tw;
  if (operand32) {
    s.cw = normalize_cw(get16(in + 0));
    s.sw = get16(in + 4);
    tw = get16(in + 8);
    if (protected_mode) {
      s.fip = get32(in + 12);
      s.fcs = get16(in + 16);
      s.fop = get16(in + 18) & 0x7FF;
      s.fdp = get32(in + 20);
      s.fds = get16(in + 24);
    } else {
      const uint32_t w16 = get32(in + 16);
      s.fip = get16(in + 12) | ((w16 >> 12) & 0xFFFF) << 16;
      s.fop = w16 & 0x7FF;
      s.fdp = get16(in + 20) | ((get32(in + 24) >> 12) & 0xFFFF) << 16;
      s.fcs = s.fds = 0;
    }
  } else {
    s.cw = normalize_cw(get16(in + 0));
    s.sw = get16(in + 2);
    tw = get16(in + 4);
    if (protected_mode) {
      s.fip = get16(in + 6);
      s.fcs = get16(in + 8);
      s.fdp = get16(in + 10);
      s.fds = get16(in + 12);
      s.fop = 0;  // not in this layout; the host FPU clears it (x87_env_test)
    } else {
      const uint16_t w8 = get16(in + 8);
      s.fip = get16(in + 6) | uint32_t(w8 >> 12) << 16;
      s.fop = w8 & 0x7FF;
      s.fdp = get16(in + 10) | uint32_t(get16(in + 12) >> 12) << 16;
      s.fcs = s.fds = 0;
    }
  }
  // A register is empty only if its tag says so; otherwise the FPU derives
  // the tag from the contents (the saved value is not trusted).
  s.tag_valid = 0;
  for (unsigned i = 0; i < 8; ++i) {
    if (((tw >> (2 * i)) & 3) != kTagEmpty) s.tag_valid |= uint8_t(1u << i);
  }
  s.sw = with_summary(s.sw, s.cw);
}

void store_regs(const X87State& s, uint8_t* out) {
  const unsigned top = (s.sw >> 11) & 7;
  for (unsigned i = 0; i < 8; ++i) reg_to_bytes(s.reg[(top + i) & 7], out + 10 * i);
}

void load_regs(X87State& s, const uint8_t* in) {
  const unsigned top = (s.sw >> 11) & 7;
  for (unsigned i = 0; i < 8; ++i) s.reg[(top + i) & 7] = reg_from_bytes(in + 10 * i);
}

}  // namespace mkemu::x87_layout
