#pragma once
// Machines for the debugger's gtests: the assembled test images (built by
// this directory's CMakeLists into MKEMU_DEBUGGER_IMAGES) or a ROM made of
// a few hand-encoded instruction bytes at the reset vector.
#include <cstdint>
#include <string>
#include <vector>

#include "frontend/machine_setup.h"
#include "platform/boot/rom_loader.h"

namespace mkemu::test {

inline std::string image_path(const std::string& name) {
  return std::string(MKEMU_DEBUGGER_IMAGES) + "/" + name;
}

inline BootedMachine boot_kernel_image(const std::string& name = "kernel.elf") {
  MachineOptions options;
  options.config.kernel = image_path(name);
  options.serial = "none";
  finish_machine_options(options);
  return build_and_boot(options);
}

// A 64 KiB ROM whose reset vector (offset 0xFFF0) holds `code`.
inline std::unique_ptr<Machine> boot_reset_vector_code(const std::vector<uint8_t>& code) {
  MachineConfig config;
  auto m = std::make_unique<Machine>(config);
  std::vector<uint8_t> rom(0x10000, 0xF4);
  for (size_t i = 0; i < code.size(); ++i) rom[0xFFF0 + i] = code[i];
  map_rom(m->memory, rom, "test-rom");
  m->reset();
  return m;
}

}  // namespace mkemu::test
