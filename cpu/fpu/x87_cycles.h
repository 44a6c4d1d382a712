#pragma once
// Modelled clock counts of the x87 instructions (docs/cpu.md, "x87 clock
// counts"): Intel's published i486 and Pentium counts, the lower bound where
// the manuals give a range. The p6 model uses the Pentium column, as the
// integer table does.
#include <cstdint>

namespace mkemu {

struct X87Cycles {
  uint16_t i486 = 1;
  uint16_t pentium = 1;
};

// The cost of the escape `opcode` (D8..DF) with `modrm`; invalid encodings
// (#UD) cost 1 (a faulting instruction is charged only the delivery).
X87Cycles x87_cycles(uint8_t opcode, uint8_t modrm);

}  // namespace mkemu
