#pragma once
// Instruction decoding from the opcode map into an Insn with its bound handler.
#include <cstdint>

#include "cpu/cpu_model.h"
#include "cpu/insn.h"
#include "cpu/opcode_table.h"

namespace mkemu::cpu {

enum class DecodeStatus : uint8_t {
  kOk,        // out is complete (possibly bound to #UD or the too-long #GP)
  kNeedMore,  // the bytes ran out before the instruction ended
};

struct DecodeResult {
  DecodeStatus status = DecodeStatus::kOk;
  const OpDesc* desc = nullptr;  // null for opcodes that do not exist
  bool invalid = false;          // bound to #UD (missing opcode, feature, bad LOCK, bad form)
  bool too_long = false;         // longer than 15 bytes: #GP(0)
};

// Decodes the instruction at bytes[0, avail). `code32` is CS.D.
DecodeResult decode(const uint8_t* bytes, unsigned avail, bool code32, const CpuConfig& config,
                    Insn& out);

}  // namespace mkemu::cpu
