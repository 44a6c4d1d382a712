// The parts of the Multiboot v1 information structure the kernel reads.
#pragma once

#include <stdint.h>

namespace kernel {

constexpr uint32_t kMultibootBootMagic = 0x2BADB002;
constexpr uint32_t kMbFlagMem = 1u << 0, kMbFlagMods = 1u << 3;

struct MultibootInfo {
  uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
};
struct MultibootModule {
  uint32_t mod_start, mod_end, string, reserved;
};

}  // namespace kernel
