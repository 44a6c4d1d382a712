#pragma once
// What the decoder makes of a byte sequence, for the capstone cross-check test.
#include <cstdint>
#include <span>
#include <string>

#include "cpu/cpu_model.h"

namespace mkemu {

struct DecodeInfo {
  bool valid = false;    // false: the model raises #UD (or the bytes run out / exceed 15)
  unsigned length = 0;   // instruction length in bytes including prefixes
  std::string mnemonic;  // lowercase, spelled as capstone spells it (with rep/repe/repne/lock)
};

// Decodes the first instruction in `bytes` (CS.D = code32) for the model in `config`.
DecodeInfo decode_for_crosscheck(std::span<const uint8_t> bytes, bool code32,
                                 const CpuConfig& config);

}  // namespace mkemu
