#include "frontend/stop_report.h"

#include <cstdio>

#include "frontend/disassembler.h"

namespace mkemu {

std::string format_stop_report(const Machine& machine, const std::string& reason) {
  std::string out = "mkemu: stopped: " + reason + "\n";
  char line[160];
  std::snprintf(line, sizeof line, "cycles %llu, instructions %llu\n",
                static_cast<unsigned long long>(machine.clock.cycles),
                static_cast<unsigned long long>(machine.cpu.instructions_retired()));
  out += line;
  out += machine.cpu.format_registers();
  auto eips = machine.cpu.recent_eips(16);
  out += "last " + std::to_string(eips.size()) + " instructions:\n";
  bool code32 = (machine.cpu.state().seg[kCs].attributes >> 8) & 0x4;  // CS.D
  for (uint32_t eip : eips) {
    uint8_t bytes[15];
    uint32_t phys = 0;
    if (!machine.mmu.peek_translate(eip, false, AccessType::kExecute, phys)) {
      std::snprintf(line, sizeof line, "  %08x  (not mapped)\n", eip);
    } else {
      machine.memory.peek(phys, bytes);
      Disassembly d = disassemble_one(bytes, eip, code32);
      std::snprintf(line, sizeof line, "  %08x  %s\n", eip, d.text.c_str());
    }
    out += line;
  }
  return out;
}

}  // namespace mkemu
