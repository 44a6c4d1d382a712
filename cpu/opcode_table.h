#pragma once
// The opcode map built from opcodes.def: per opcode (and per ModRM.reg for
// group opcodes) the decoding attributes, handlers, mnemonic and cycle costs.
#include <cstdint>

#include "cpu/insn.h"

namespace mkemu::cpu {

enum OpFlag : uint16_t {
  kOpModrm = 1u << 0,
  kOpLockOk = 1u << 1,
  kOpMemOnly = 1u << 2,  // register form is #UD
  kOpRegOnly = 1u << 3,  // ModRM.mod is ignored and treated as 3
  kOpRegInOpcode = 1u << 4,
  kOpMnemByAsize = 1u << 5,
  kOpFeatP6 = 1u << 8,  // family 6 only
  kOpFeatMsr = 1u << 9,
  kOpFeatTsc = 1u << 10,
  kOpFeatSep = 1u << 11,
  kOpFeatCmov = 1u << 12,
  kOpFeatFxsr = 1u << 13,
  kOpFeatCx8 = 1u << 14,
};

enum class ImmKind : uint8_t { kNone, kIb, kIbs, kIw, kIz, kRel8, kRelz, kMoffs, kFar, kEnter };

struct OpDesc {
  bool present = false;
  uint16_t flags = 0;
  ImmKind imm = ImmKind::kNone;
  const char* mnem16 = nullptr;
  const char* mnem32 = nullptr;
  Handler h16 = nullptr;
  Handler h32 = nullptr;
  // Cycles: [486 register form, 486 memory form, Pentium register, Pentium memory].
  uint16_t cycles[4] = {1, 1, 1, 1};
};

struct OpEntry {
  bool is_group = false;
  OpDesc plain;
  OpDesc group[8];
};

// Entry for opcode 0x000-0x1FF (0x100 + second byte for the 0F map).
const OpEntry& op_entry(unsigned opcode);

}  // namespace mkemu::cpu
