#pragma once
// Boots a Multiboot v1 kernel the way QEMU's -kernel does: segments at their
// physical addresses, modules page-aligned after the kernel, the information
// structure with memory map and command lines, and the CPU in flat 32-bit
// protected mode at the entry point with EAX=0x2BADB002, EBX=info address.
#include <string>
#include <vector>

#include "platform/machine.h"

namespace mkemu {

inline constexpr uint32_t kMultibootInfoAddress = 0x9500;
inline constexpr uint32_t kMultibootMmapAddress = 0x9000;
inline constexpr uint32_t kBootGdtAddress = 0x0500;

struct MultibootBootInfo {
  uint32_t info_address = kMultibootInfoAddress;
  uint32_t entry = 0;
  std::vector<uint32_t> module_starts;
};

// `kernel_path` is also the first word of the kernel command line, followed
// by `append` (QEMU does the same). Module command lines are the whole
// --module text ("FILE ARGS..."). Throws InputError on unusable files or
// when anything does not fit in RAM.
MultibootBootInfo boot_multiboot(Machine& machine, const std::string& kernel_path,
                                 const std::string& append,
                                 const std::vector<MultibootModule>& modules);

}  // namespace mkemu
