#pragma once
// Declarations of every instruction handler named in opcodes.def, plus the
// few the decoder binds directly (invalid opcode, too-long instruction).
#include "cpu/insn.h"

namespace mkemu::cpu {

#define OP(opcode, grp, m16, m32, flags, imm, h16, h32, cycles) \
  void h16(CpuCore&, const Insn&);                              \
  void h32(CpuCore&, const Insn&);
#include "cpu/opcodes.def"
#undef OP

void ud(CpuCore&, const Insn&);
void gp_too_long(CpuCore&, const Insn&);

}  // namespace mkemu::cpu
