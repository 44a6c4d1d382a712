#pragma once
// Memory images of the x87 state (internal to cpu/fpu): FSTENV/FLDENV and
// FSAVE/FRSTOR in their four layouts (16/32-bit, real/protected mode, Intel
// SDM Vol. 1 Figures 8-9 to 8-12), FXSAVE/FXRSTOR (Vol. 2, Table 3-53), and
// the full tag word derived from register contents.
#include <cstdint>

#include "cpu/fpu/x87.h"

namespace mkemu::x87_layout {

enum : uint8_t { kTagValid = 0, kTagZero = 1, kTagSpecial = 2, kTagEmpty = 3 };

uint8_t tag_of(const X87Reg& r);
uint16_t full_tag(const X87State& s);
// The control word as the FPU keeps it: bit 6 reads as 1, bits 7 and 13..15 as 0.
inline uint16_t normalize_cw(uint16_t cw) {
  return (cw & 0x1F3F) | 0x0040;
}
// SW with ES and B set exactly when an exception flag is set and unmasked.
uint16_t with_summary(uint16_t sw, uint16_t cw);

inline unsigned env_bytes(bool operand32) {
  return operand32 ? 28 : 14;
}
inline unsigned save_bytes(bool operand32) {
  return env_bytes(operand32) + 80;
}

void store_env(const X87State& s, bool operand32, bool protected_mode, uint8_t* out);
void load_env(X87State& s, bool operand32, bool protected_mode, const uint8_t* in);
// ST(0)..ST(7), 10 bytes each, as FSAVE stores them after the environment.
void store_regs(const X87State& s, uint8_t* out);
void load_regs(X87State& s, const uint8_t* in);

X87Reg reg_from_bytes(const uint8_t* p);
void reg_to_bytes(const X87Reg& r, uint8_t* p);

}  // namespace mkemu::x87_layout
