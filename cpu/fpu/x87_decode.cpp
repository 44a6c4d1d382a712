// Static classification of every D8..DF encoding for a P6-class FPU.
// Mnemonics are spelt as capstone 4 spells them (Intel syntax), so the CPU's
// decoding cross-check can compare them; capstone additionally decodes
// FISTTP, which the modelled CPUs do not have.
// Undocumented register-form aliases (FSTP1, FCOM2, FCOMP3, FXCH4, FCOMP5,
// FFREEP, FXCH7, FSTP8, FSTP9) execute on every Intel FPU since the 387, so
// they are valid here; FNENI/FNDISI/FNSETPM are no-ops since the 387.
// FISTTP (DB/DD/DF /1) is SSE3 and therefore #UD on the modelled CPUs.
#include "cpu/fpu/x87.h"

namespace mkemu {
namespace {

X87OpInfo mem_form(uint8_t opcode, unsigned reg) {
  static constexpr const char* kFloatArith[8] = {"fadd", "fmul",  "fcom", "fcomp",
                                                 "fsub", "fsubr", "fdiv", "fdivr"};
  static constexpr const char* kIntArith[8] = {"fiadd", "fimul",  "ficom", "ficomp",
                                               "fisub", "fisubr", "fidiv", "fidivr"};
  X87OpInfo i;
  i.valid = true;
  i.memory = true;
  switch (opcode) {
    case 0xD8:
      i.mem_bytes = 4;
      i.mnemonic = kFloatArith[reg];
      return i;
    case 0xDC:
      i.mem_bytes = 8;
      i.mnemonic = kFloatArith[reg];
      return i;
    case 0xDA:
      i.mem_bytes = 4;
      i.mnemonic = kIntArith[reg];
      return i;
    case 0xDE:
      i.mem_bytes = 2;
      i.mnemonic = kIntArith[reg];
      return i;
    case 0xD9: {
      static constexpr const char* kNames[8] = {"fld",    "",      "fst",     "fstp",
                                                "fldenv", "fldcw", "fnstenv", "fnstcw"};
      static constexpr uint8_t kBytes[8] = {4, 0, 4, 4, 0, 2, 0, 2};
      i.mnemonic = kNames[reg];
      i.mem_bytes = kBytes[reg];
      i.valid = reg != 1;
      i.control = reg >= 4;
      i.waiting = reg != 6 && reg != 7;
      return i;
    }
    case 0xDB: {
      static constexpr const char* kNames[8] = {"fild", "", "fist", "fistp", "", "fld", "", "fstp"};
      static constexpr uint8_t kBytes[8] = {4, 0, 4, 4, 0, 10, 0, 10};
      i.mnemonic = kNames[reg];
      i.mem_bytes = kBytes[reg];
      i.valid = kBytes[reg] != 0;
      return i;
    }
    case 0xDD: {
      static constexpr const char* kNames[8] = {"fld",    "", "fst",    "fstp",
                                                "frstor", "", "fnsave", "fnstsw"};
      static constexpr uint8_t kBytes[8] = {8, 0, 8, 8, 0, 0, 0, 2};
      i.mnemonic = kNames[reg];
      i.mem_bytes = kBytes[reg];
      i.valid = reg != 1 && reg != 5;
      i.control = reg >= 4;
      i.waiting = reg != 6 && reg != 7;
      return i;
    }
    default: {  // 0xDF
      static constexpr const char* kNames[8] = {"fild", "",     "fist",  "fistp",
                                                "fbld", "fild", "fbstp", "fistp"};
      static constexpr uint8_t kBytes[8] = {2, 0, 2, 2, 10, 8, 10, 8};
      i.mnemonic = kNames[reg];
      i.mem_bytes = kBytes[reg];
      i.valid = reg != 1;
      return i;
    }
  }
}

X87OpInfo valid(const char* mnemonic) {
  X87OpInfo i;
  i.valid = true;
  i.mnemonic = mnemonic;
  return i;
}

X87OpInfo reg_form(uint8_t opcode, uint8_t modrm) {
  const unsigned reg = (modrm >> 3) & 7;
  const unsigned low = modrm & 7;
  X87OpInfo invalid;
  switch (opcode) {
    case 0xD8: {
      static constexpr const char* kNames[8] = {"fadd", "fmul",  "fcom", "fcomp",
                                                "fsub", "fsubr", "fdiv", "fdivr"};
      return valid(kNames[reg]);
    }
    case 0xDC: {  // DC D0/D8 are the FCOM2/FCOMP3 aliases
      static constexpr const char* kNames[8] = {"fadd",  "fmul", "fcom",  "fcomp",
                                                "fsubr", "fsub", "fdivr", "fdiv"};
      return valid(kNames[reg]);
    }
    case 0xDE: {  // DE D0 is the FCOMP5 alias; DE D9 is FCOMPP
      static constexpr const char* kNames[8] = {"faddp",  "fmulp", "fcomp",  "",
                                                "fsubrp", "fsubp", "fdivrp", "fdivp"};
      if (reg == 3) return modrm == 0xD9 ? valid("fcompp") : invalid;
      return valid(kNames[reg]);
    }
    case 0xD9:
      switch (reg) {
        case 0: return valid("fld");
        case 1: return valid("fxch");
        case 2: return low == 0 ? valid("fnop") : invalid;
        case 3: return valid("fstpnce");  // the FSTP1 alias, spelt as capstone does
        case 4: {
          static constexpr const char* kNames[8] = {"fchs", "fabs", "", "", "ftst", "fxam", "", ""};
          return kNames[low][0] ? valid(kNames[low]) : invalid;
        }
        case 5: {
          static constexpr const char* kNames[8] = {"fld1",   "fldl2t", "fldl2e", "fldpi",
                                                    "fldlg2", "fldln2", "fldz",   ""};
          return kNames[low][0] ? valid(kNames[low]) : invalid;
        }
        case 6: {
          static constexpr const char* kNames[8] = {"f2xm1",   "fyl2x",  "fptan",   "fpatan",
                                                    "fxtract", "fprem1", "fdecstp", "fincstp"};
          return valid(kNames[low]);
        }
        default: {
          static constexpr const char* kNames[8] = {"fprem",   "fyl2xp1", "fsqrt", "fsincos",
                                                    "frndint", "fscale",  "fsin",  "fcos"};
          return valid(kNames[low]);
        }
      }
    case 0xDA:
      if (reg < 4) {
        static constexpr const char* kNames[4] = {"fcmovb", "fcmove", "fcmovbe", "fcmovu"};
        X87OpInfo i = valid(kNames[reg]);
        i.p6_only = true;
        return i;
      }
      return modrm == 0xE9 ? valid("fucompp") : invalid;
    case 0xDB:
      if (reg < 4) {
        static constexpr const char* kNames[4] = {"fcmovnb", "fcmovne", "fcmovnbe", "fcmovnu"};
        X87OpInfo i = valid(kNames[reg]);
        i.p6_only = true;
        return i;
      }
      if (reg == 4) {
        X87OpInfo i;
        // Capstone's spellings for the 8087/287 leftovers (no-ops here).
        static constexpr const char* kNames[8] = {
            "feni8087_nop", "fdisi8087_nop", "fnclex", "fninit", "fsetpm", "", "", ""};
        if (!kNames[low][0]) return invalid;
        i = valid(kNames[low]);
        i.waiting = false;
        i.control = true;
        return i;
      }
      if (reg == 5 || reg == 6) {
        X87OpInfo i = valid(reg == 5 ? "fucomi" : "fcomi");
        i.p6_only = true;
        return i;
      }
      return invalid;
    case 0xDD: {
      static constexpr const char* kNames[8] = {"ffree", "fxch",   "fst", "fstp",
                                                "fucom", "fucomp", "",    ""};
      return kNames[reg][0] ? valid(kNames[reg]) : invalid;  // DD C8 is the FXCH4 alias
    }
    default:  // 0xDF
      switch (reg) {
        case 0: return valid("ffreep");
        case 1: return valid("fxch");  // FXCH7 alias
        case 2:
        case 3: return valid("fstp");  // FSTP8/FSTP9 aliases
        case 4: {
          if (modrm != 0xE0) return invalid;
          X87OpInfo i = valid("fnstsw");
          i.waiting = false;
          i.control = true;
          return i;
        }
        case 5:
        case 6: {
          X87OpInfo i = valid(reg == 5 ? "fucomip" : "fcomip");
          i.p6_only = true;
          return i;
        }
        default: return invalid;
      }
  }
}

}  // namespace

X87OpInfo x87_decode(uint8_t opcode, uint8_t modrm) {
  if (opcode < 0xD8 || opcode > 0xDF) return {};
  if ((modrm & 0xC0) != 0xC0) return mem_form(opcode, (modrm >> 3) & 7);
  return reg_form(opcode, modrm);
}

}  // namespace mkemu
