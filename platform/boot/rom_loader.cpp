#include "platform/boot/rom_loader.h"

#include <algorithm>

#include "platform/core/errors.h"

namespace mkemu {

void map_rom(PhysicalMemoryMap& memory, std::span<const uint8_t> image, const std::string& origin) {
  if (image.empty()) throw InputError(origin + ": ROM image is empty");
  if (image.size() % PhysicalMemoryMap::kPageSize != 0) {
    throw InputError(origin + ": ROM size " + std::to_string(image.size()) +
                     " is not a multiple of 4096 bytes");
  }
  if (image.size() > kMaxRomBytes) {
    throw InputError(origin + ": ROM is larger than 16 MiB");
  }
  auto size = static_cast<uint32_t>(image.size());
  memory.add_rom(static_cast<uint32_t>((uint64_t{1} << 32) - size), image, "rom");
  uint32_t mirror = std::min<uint32_t>(size, 128u << 10);
  memory.add_rom((1u << 20) - mirror, image.subspan(size - mirror), "rom-low-mirror");
}

}  // namespace mkemu
