#pragma once
// Capstone-backed disassembly for reports, the debugger and trace dumps
// (never the CPU's decoder: see cpu/).
#include <cstdint>
#include <span>
#include <string>

namespace mkemu {

struct Disassembly {
  unsigned length = 0;  // 0 when capstone could not decode the bytes
  std::string text;     // "mnemonic operands", or "(bad)"
};

Disassembly disassemble_one(std::span<const uint8_t> bytes, uint32_t address, bool code32);

}  // namespace mkemu
