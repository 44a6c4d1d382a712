#include "cpu/opcode_table.h"

#include <array>

#include "cpu/handlers.h"

namespace mkemu::cpu {
namespace {

constexpr uint16_t M = kOpModrm, L = kOpLockOk, MEM = kOpMemOnly, REG = kOpRegOnly,
                   RO = kOpRegInOpcode, AM = kOpMnemByAsize, F_P6 = kOpFeatP6, F_MSR = kOpFeatMsr,
                   F_TSC = kOpFeatTsc, F_SEP = kOpFeatSep, F_CMOV = kOpFeatCmov,
                   F_FXSR = kOpFeatFxsr, F_CX8 = kOpFeatCx8;
constexpr ImmKind NONE = ImmKind::kNone, IB = ImmKind::kIb, IBS = ImmKind::kIbs, IW = ImmKind::kIw,
                  IZ = ImmKind::kIz, REL8 = ImmKind::kRel8, RELZ = ImmKind::kRelz,
                  MOFFS = ImmKind::kMoffs, FAR = ImmKind::kFar, ENTER = ImmKind::kEnter;

struct Row {
  uint16_t opcode;
  int8_t grp;
  OpDesc desc;
};

#define C(a, b, c, d) \
  { a, b, c, d }
#define OP(opcode, grp, m16, m32, flags, imm, h16, h32, cycles) \
  Row{static_cast<uint16_t>(opcode), grp,                       \
      OpDesc{true, static_cast<uint16_t>(flags), imm, m16, m32, h16, h32, cycles}},
const Row kRows[] = {
#include "cpu/opcodes.def"
};
#undef OP
#undef C

std::array<OpEntry, 512> build() {
  std::array<OpEntry, 512> map{};
  for (const Row& row : kRows) {
    unsigned first = row.opcode, last = row.opcode;
    if (row.desc.flags & kOpRegInOpcode) last = row.opcode | 7u;
    for (unsigned op = first; op <= last; ++op) {
      OpEntry& e = map[op];
      if (row.grp < 0) {
        e.plain = row.desc;
      } else {
        e.is_group = true;
        e.group[row.grp] = row.desc;
      }
    }
  }
  return map;
}

}  // namespace

const OpEntry& op_entry(unsigned opcode) {
  static const std::array<OpEntry, 512> map = build();
  return map[opcode & 0x1FF];
}

}  // namespace mkemu::cpu
