#pragma once
// One decoded instruction: everything the executor needs, fixed at decode time
// so that running it again costs no decoding. Handlers share one signature.
#include <cstdint>

namespace mkemu::cpu {

struct CpuCore;
struct Insn;
using Handler = void (*)(CpuCore&, const Insn&);

// "No register" in the effective-address fields.
inline constexpr uint8_t kNoReg = 0xFF;

struct Insn {
  Handler fn = nullptr;
  uint32_t disp = 0;    // address displacement (or moffs)
  uint32_t imm = 0;     // first immediate (rel targets are stored as displacement from next EIP)
  uint16_t imm2 = 0;    // second immediate: far-pointer selector, ENTER level
  uint16_t opcode = 0;  // 0x000-0x0FF one-byte map, 0x100-0x1FF the 0F map
  uint8_t len = 0;      // total length including prefixes
  uint8_t modrm = 0;
  uint8_t mod = 3;  // 3 = register operand
  uint8_t reg = 0;  // ModRM.reg
  uint8_t rm = 0;   // ModRM.rm (register number when mod == 3)
  uint8_t base = kNoReg;
  uint8_t index = kNoReg;
  uint8_t scale = 0;
  uint8_t seg = 3;        // effective data segment (default or override)
  uint8_t o32 : 1 = 0;    // operand size 32
  uint8_t a32 : 1 = 0;    // address size 32
  uint8_t rep : 1 = 0;    // F3
  uint8_t repne : 1 = 0;  // F2
  uint8_t lock : 1 = 0;   // F0
  uint8_t seg_override : 1 = 0;
  uint8_t code32 : 1 = 0;  // decoded with CS.D = 1
  uint16_t cycles = 1;     // modelled base cost for the selected CPU model
};

}  // namespace mkemu::cpu
