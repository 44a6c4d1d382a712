#pragma once
// Describing instruction records and the differences between two of them,
// for replay reports, `trace dump` and `trace diff`.
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "traces/trace_records.h"

namespace mkemu::traces {

// Disassembles one instruction: (bytes, linear address, 32-bit code).
using Disassembler = std::function<std::string(std::span<const uint8_t>, uint32_t, bool)>;

// "#INDEX cycle C  EIP  bytes  disassembly"
std::string describe_instruction(const InstructionEvent& e, const Disassembler& disassemble);
// Register changes, writes, port I/O and events, one per line, indented.
std::vector<std::string> describe_effects(const InstructionEvent& e,
                                          const std::vector<std::string>& register_names);
// What differs between a recorded and a replayed record; empty if equal.
std::vector<std::string> compare_instructions(const InstructionEvent& recorded,
                                              const InstructionEvent& replayed,
                                              const std::vector<std::string>& register_names);

}  // namespace mkemu::traces
