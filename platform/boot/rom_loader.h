#pragma once
// Maps a BIOS-replacement ROM as QEMU's -bios does: the image ends at 4 GiB,
// and its last 128 KiB (or all of it, if smaller) is mirrored to end at 1 MiB.
#include <cstdint>
#include <span>
#include <string>

#include "platform/core/phys_memory.h"

namespace mkemu {

inline constexpr uint32_t kMaxRomBytes = 16u << 20;

// Throws InputError naming `origin` when the image is empty, not a multiple
// of 4 KiB, or larger than 16 MiB.
void map_rom(PhysicalMemoryMap& memory, std::span<const uint8_t> image, const std::string& origin);

}  // namespace mkemu
