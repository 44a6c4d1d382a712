// x87 clock counts. Sources: Intel486 Microprocessor Programmer's Reference
// Manual (1990), floating-point instruction clock counts, and the Pentium
// Processor Family Developer's Manual, vol. 3 (1995), chapter 25
// (floating-point instruction timings). Ranges (data-dependent) give their
// lower bound; where the Pentium gives latency/throughput the latency is
// used (no pipelining or FXCH pairing is modelled); FLDENV/FNSTENV/FRSTOR/
// FNSAVE use the protected-mode count in every mode. FCMOVcc and the
// FCOMI/FUCOMI family exist only on the P6, for which Intel publishes no
// per-instruction clocks: they cost what FLD ST(i) and FCOM cost.
#include "cpu/fpu/x87_cycles.h"

namespace mkemu {
namespace {

constexpr X87Cycles kFadd{8, 3}, kFcom{4, 4}, kFdiv{73, 39};
constexpr X87Cycles kFldReg{4, 1}, kFstReg{3, 1}, kFxch{4, 1}, kFfree{3, 1}, kFnop{3, 1};

// D8 (m32real) / DC (m64real) / register arithmetic by ModRM.reg:
// FADD FMUL FCOM FCOMP FSUB FSUBR FDIV FDIVR.
X87Cycles float_arith(unsigned reg, uint16_t fmul_i486) {
  switch (reg) {
    case 1: return {fmul_i486, 3};
    case 2:
    case 3: return kFcom;
    case 6:
    case 7: return kFdiv;
    default: return kFadd;
  }
}

// DA (m32int) / DE (m16int): FIADD FIMUL FICOM FICOMP FISUB FISUBR FIDIV FIDIVR.
X87Cycles int_arith(unsigned reg, bool m16) {
  switch (reg) {
    case 1: return {static_cast<uint16_t>(m16 ? 23 : 22), 7};
    case 2:
    case 3: return {static_cast<uint16_t>(m16 ? 16 : 15), 8};
    case 6:
    case 7: return {static_cast<uint16_t>(m16 ? 85 : 84), 42};
    default: return {static_cast<uint16_t>(m16 ? 20 : 19), 7};
  }
}

X87Cycles memory_form(uint8_t opcode, unsigned reg) {
  switch (opcode) {
    case 0xD8: return float_arith(reg, 11);
    case 0xDC: return float_arith(reg, 14);
    case 0xDA: return int_arith(reg, false);
    case 0xDE: return int_arith(reg, true);
    case 0xD9: {
      // FLD m32, -, FST m32, FSTP m32, FLDENV, FLDCW, FNSTENV, FNSTCW
      constexpr X87Cycles k[8] = {{3, 1},   {1, 1}, {7, 2},   {7, 2},
                                  {34, 32}, {4, 7}, {56, 48}, {3, 2}};
      return k[reg];
    }
    case 0xDB: {
      // FILD m32, -, FIST m32, FISTP m32, -, FLD m80, -, FSTP m80
      constexpr X87Cycles k[8] = {{9, 3}, {1, 1}, {28, 6}, {28, 6}, {1, 1}, {6, 3}, {1, 1}, {6, 3}};
      return k[reg];
    }
    case 0xDD: {
      // FLD m64, -, FST m64, FSTP m64, FRSTOR, -, FNSAVE, FNSTSW m16
      constexpr X87Cycles k[8] = {{3, 1},    {1, 1}, {8, 2},     {8, 2},
                                  {120, 70}, {1, 1}, {143, 124}, {3, 2}};
      return k[reg];
    }
    default: {  // DF
      // FILD m16, -, FIST m16, FISTP m16, FBLD, FILD m64, FBSTP, FISTP m64
      constexpr X87Cycles k[8] = {{13, 3},  {1, 1},  {29, 6},    {29, 6},
                                  {70, 48}, {10, 3}, {172, 148}, {29, 6}};
      return k[reg];
    }
  }
}

// D9 E0..FF: FCHS FABS - - FTST FXAM - - FLD1 FLDL2T FLDL2E FLDPI FLDLG2
// FLDLN2 FLDZ - F2XM1 FYL2X FPTAN FPATAN FXTRACT FPREM1 FDECSTP FINCSTP FPREM
// FYL2XP1 FSQRT FSINCOS FRNDINT FSCALE FSIN FCOS.
constexpr X87Cycles kD9E0[32] = {
    {6, 1},    {3, 1},    {1, 1},    {1, 1},    {4, 4},   {8, 17},  {1, 1},    {1, 1},
    {4, 2},    {8, 5},    {8, 5},    {8, 5},    {8, 5},   {8, 5},   {4, 2},    {1, 1},
    {140, 13}, {196, 22}, {200, 17}, {218, 19}, {16, 13}, {72, 20}, {3, 1},    {3, 1},
    {70, 16},  {171, 22}, {83, 70},  {292, 17}, {21, 9},  {30, 20}, {257, 16}, {257, 16},
};

X87Cycles register_form(uint8_t opcode, uint8_t modrm) {
  const unsigned reg = (modrm >> 3) & 7;
  switch (opcode) {
    case 0xD8:
    case 0xDC: return float_arith(reg, 16);
    case 0xDE:
      if (modrm == 0xD9) return {5, 4};  // FCOMPP
      return float_arith(reg, 16);
    case 0xD9:
      if (modrm < 0xC8) return kFldReg;
      if (modrm < 0xD0) return kFxch;
      if (modrm < 0xD8) return kFnop;    // FNOP (D0; the rest are #UD)
      if (modrm < 0xE0) return kFstReg;  // FSTP1
      return kD9E0[modrm - 0xE0];
    case 0xDA:
      if (modrm == 0xE9) return {5, 4};  // FUCOMPP
      return kFldReg;                    // FCMOVcc
    case 0xDB:
      if (modrm < 0xE0) return kFldReg;    // FCMOVNcc
      if (modrm == 0xE2) return {7, 9};    // FNCLEX
      if (modrm == 0xE3) return {17, 12};  // FNINIT
      if (modrm < 0xE8) return kFnop;      // FNENI, FNDISI, FNSETPM
      return kFcom;                        // FUCOMI, FCOMI
    case 0xDD:
      if (modrm < 0xC8) return kFfree;
      if (modrm < 0xD0) return kFxch;    // FXCH4
      if (modrm < 0xE0) return kFstReg;  // FST, FSTP
      return kFcom;                      // FUCOM, FUCOMP
    default:                             // DF
      if (modrm < 0xC8) return kFfree;   // FFREEP
      if (modrm < 0xD0) return kFxch;    // FXCH7
      if (modrm < 0xE0) return kFstReg;  // FSTP8, FSTP9
      if (modrm == 0xE0) return {3, 2};  // FNSTSW AX
      return kFcom;                      // FUCOMIP, FCOMIP
  }
}

}  // namespace

X87Cycles x87_cycles(uint8_t opcode, uint8_t modrm) {
  if (opcode < 0xD8 || opcode > 0xDF) return {};
  if ((modrm >> 6) != 3) return memory_form(opcode, (modrm >> 3) & 7);
  return register_form(opcode, modrm);
}

}  // namespace mkemu
