// Hostile console input: each line through Console::execute on a small
// machine; commands that run the machine stop at a small instruction limit.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "frontend/debugger/console.h"
#include "platform/boot/rom_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mkemu::Machine machine{mkemu::MachineConfig{}};
  std::vector<uint8_t> rom(0x10000, 0x90);
  rom[0xFFF0] = 0xEB;  // jmp $
  rom[0xFFF1] = 0xFE;
  mkemu::map_rom(machine.memory, rom, "fuzz-rom");
  machine.reset();
  mkemu::RunLimits limits;
  limits.max_instructions = 2000;
  mkemu::Debugger dbg(machine, limits);
  mkemu::Console console(dbg);
  std::string text(reinterpret_cast<const char*>(data), size);
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string out;
    if (console.execute(std::string_view(text).substr(at, end - at), out) ==
        mkemu::Console::Result::kQuit) {
      break;
    }
    at = end + 1;
  }
  return 0;
}
