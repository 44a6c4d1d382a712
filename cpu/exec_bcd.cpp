// Decimal adjust instructions (SDM vol. 2 pseudo-code, P6-family forms of AAA/AAS).
#include "cpu/cpu_core.h"
#include "cpu/handlers.h"

namespace mkemu::cpu {

void daa(CpuCore& c, const Insn&) {
  uint8_t al = c.reg8(kEax), old_al = al;
  bool old_cf = c.cf(), af = c.eflags() & kAF, cf = false;
  if ((al & 0xF) > 9 || af) {
    cf = old_cf || al > 0xF9;
    al = static_cast<uint8_t>(al + 6);
    af = true;
  } else {
    af = false;
  }
  if (old_al > 0x99 || old_cf) {
    al = static_cast<uint8_t>(al + 0x60);
    cf = true;
  } else {
    cf = false;
  }
  c.set_reg8(kEax, al);
  c.set_flags(kArithFlags & ~kOF, CpuCore::szp<uint8_t>(al) | (cf ? kCF : 0) | (af ? kAF : 0));
}

void das(CpuCore& c, const Insn&) {
  uint8_t al = c.reg8(kEax), old_al = al;
  bool old_cf = c.cf(), af = c.eflags() & kAF, cf = false;
  if ((al & 0xF) > 9 || af) {
    cf = old_cf || al < 6;
    al = static_cast<uint8_t>(al - 6);
    af = true;
  } else {
    af = false;
  }
  if (old_al > 0x99 || old_cf) {
    al = static_cast<uint8_t>(al - 0x60);
    cf = true;
  }
  c.set_reg8(kEax, al);
  c.set_flags(kArithFlags & ~kOF, CpuCore::szp<uint8_t>(al) | (cf ? kCF : 0) | (af ? kAF : 0));
}

void aaa(CpuCore& c, const Insn&) {
  uint16_t ax = c.reg16(kEax);
  bool adjust = (ax & 0xF) > 9 || (c.eflags() & kAF);
  if (adjust) ax = static_cast<uint16_t>(ax + 0x106);
  ax &= 0xFF0F;
  c.set_reg16(kEax, ax);
  c.set_flags(kArithFlags,
              CpuCore::szp<uint8_t>(static_cast<uint8_t>(ax)) | (adjust ? kCF | kAF : 0));
}

void aas(CpuCore& c, const Insn&) {
  uint16_t ax = c.reg16(kEax);
  bool adjust = (ax & 0xF) > 9 || (c.eflags() & kAF);
  if (adjust) {
    ax = static_cast<uint16_t>(ax - 6);
    ax = static_cast<uint16_t>(ax - 0x100);
  }
  ax &= 0xFF0F;
  c.set_reg16(kEax, ax);
  c.set_flags(kArithFlags,
              CpuCore::szp<uint8_t>(static_cast<uint8_t>(ax)) | (adjust ? kCF | kAF : 0));
}

void aam(CpuCore& c, const Insn& i) {
  uint8_t base = static_cast<uint8_t>(i.imm);
  if (base == 0) c.raise(kDE);
  uint8_t al = c.reg8(kEax);
  uint8_t q = al / base, r = al % base;
  c.set_reg16(kEax, static_cast<uint16_t>((q << 8) | r));
  c.set_flags(kArithFlags, CpuCore::szp<uint8_t>(r));
}

void aad(CpuCore& c, const Insn& i) {
  uint8_t base = static_cast<uint8_t>(i.imm);
  uint8_t al = c.reg8(kEax), ah = c.reg8(4);
  uint8_t r = static_cast<uint8_t>(al + ah * base);
  c.set_reg16(kEax, r);
  c.set_flags(kArithFlags, CpuCore::szp<uint8_t>(r));
}

}  // namespace mkemu::cpu
