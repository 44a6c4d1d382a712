#pragma once
// The `--input FILE` schedule: a text file of cycle-stamped external inputs
// (docs/trace-format.md, "Input schedules"). One input per line:
//
//   # comment
//   CYCLE serial "text with \r \n \t \\ \" \xHH escapes"
//   CYCLE serial-hex 68 69 0d
//   CYCLE poke PHYS-ADDR 90 90        (patch guest RAM: injection)
//
// CYCLE and PHYS-ADDR are decimal or 0x-prefixed hex. Lines may come in any
// order; inputs with equal stamps are delivered in file order.
#include <string>
#include <string_view>
#include <vector>

#include "traces/external_input.h"

namespace mkemu::traces {

// Throws InputError "FILE:LINE: what" on the first bad line.
std::vector<ExternalInput> parse_input_schedule(std::string_view text, const std::string& origin);
std::vector<ExternalInput> read_input_schedule(const std::string& path);
// The same inputs as schedule text (parses back to an equal list).
std::string format_input_schedule(const std::vector<ExternalInput>& inputs);

}  // namespace mkemu::traces
