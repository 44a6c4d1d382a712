#pragma once
// The report printed on stderr when a run stops with a non-zero status: one
// line with the reason, the registers, and the last 16 executed instructions.
#include <string>

#include "platform/machine.h"

namespace mkemu {

std::string format_stop_report(const Machine& machine, const std::string& reason);

}  // namespace mkemu
