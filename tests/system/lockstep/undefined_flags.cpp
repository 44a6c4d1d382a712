#include "tests/system/lockstep/undefined_flags.h"

#include <cstring>
#include <initializer_list>

namespace mkemu::lockstep {
namespace {

bool is(const cs_insn& insn, const char* mnemonic) {
  const char* m = insn.mnemonic;
  for (const char* prefix : {"lock ", "rep ", "repe ", "repne "})
    if (std::strncmp(m, prefix, std::strlen(prefix)) == 0) m += std::strlen(prefix);
  return std::strcmp(m, mnemonic) == 0;
}

bool any(const cs_insn& insn, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (is(insn, n)) return true;
  return false;
}

// The count operand of a shift or rotate (masked to 5 bits as the CPU does).
unsigned shift_count(const cs_insn& insn, uint8_t cl) {
  const cs_x86& x = insn.detail->x86;
  const cs_x86_op& last = x.operands[x.op_count - 1];
  unsigned count = 1;
  if (x.op_count >= 2 && last.type == X86_OP_IMM) count = static_cast<unsigned>(last.imm);
  if (x.op_count >= 2 && last.type == X86_OP_REG && last.reg == X86_REG_CL) count = cl;
  return count & 31;
}

unsigned operand_bits(const cs_insn& insn) {
  return insn.detail->x86.operands[0].size * 8u;
}

}  // namespace

FlagEffect flag_effect(const cs_insn& insn, uint8_t cl) {
  const uint32_t all = kArithmeticFlags;
  if (any(insn, {"add", "adc", "sub", "sbb", "cmp", "neg", "cmpxchg", "xadd", "cmpsb", "cmpsw",
                 "cmpsd", "scasb", "scasw", "scasd", "popf", "popfd", "iret", "iretd"}))
    return {all, 0};
  if (any(insn, {"inc", "dec"})) return {all & ~kCF, 0};
  if (any(insn, {"and", "or", "xor", "test"})) return {all & ~kAF, kAF};
  if (any(insn, {"shl", "sal", "shr", "sar"})) {
    unsigned count = shift_count(insn, cl);
    if (count == 0) return {};
    FlagEffect e{kCF | kSF | kZF | kPF, kAF};
    if (count == 1)
      e.defined |= kOF;
    else
      e.undefined |= kOF;
    if (!is(insn, "sar") && count >= operand_bits(insn)) {
      e.defined &= ~kCF;
      e.undefined |= kCF;
    }
    return e;
  }
  if (any(insn, {"rol", "ror", "rcl", "rcr"})) {
    unsigned count = shift_count(insn, cl);
    if (count == 0) return {};
    return count == 1 ? FlagEffect{kCF | kOF, 0} : FlagEffect{kCF, kOF};
  }
  if (any(insn, {"shld", "shrd"})) {
    unsigned count = shift_count(insn, cl);
    if (count == 0) return {};
    if (count > operand_bits(insn)) return {0, all};
    return count == 1 ? FlagEffect{kCF | kSF | kZF | kPF | kOF, kAF}
                      : FlagEffect{kCF | kSF | kZF | kPF, kAF | kOF};
  }
  if (any(insn, {"mul", "imul"})) return {kCF | kOF, kSF | kZF | kAF | kPF};
  if (any(insn, {"div", "idiv"})) return {0, all};
  if (any(insn, {"bsf", "bsr"})) return {kZF, kCF | kOF | kSF | kAF | kPF};
  if (any(insn, {"bt", "bts", "btr", "btc"})) return {kCF, kOF | kSF | kAF | kPF};
  if (any(insn, {"aaa", "aas"})) return {kAF | kCF, kOF | kSF | kZF | kPF};
  if (any(insn, {"daa", "das"})) return {all & ~kOF, kOF};
  if (any(insn, {"aam", "aad"})) return {kSF | kZF | kPF, kOF | kAF | kCF};
  if (any(insn, {"sahf"})) return {kSF | kZF | kAF | kPF | kCF, 0};
  if (any(insn, {"fcomi", "fcomip", "fucomi", "fucomip"})) return {all, 0};
  if (any(insn, {"clc", "stc", "cmc"})) return {kCF, 0};
  return {};
}

}  // namespace mkemu::lockstep
