#pragma once
// Parsing of Multiboot v1 kernels (ELF32 or the a.out address kludge). Pure:
// no machine involved, so it can be fuzzed on its own.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mkemu {

struct LoadSegment {
  uint32_t phys;         // where it goes in guest physical memory
  uint32_t file_offset;  // where its bytes are in the image
  uint32_t file_size;
  uint32_t mem_size;  // >= file_size; the rest is zero-filled
};

struct MultibootKernel {
  uint32_t header_flags = 0;
  std::vector<LoadSegment> segments;
  uint32_t entry_phys = 0;
  uint32_t end_phys = 0;  // one past the highest loaded byte
};

inline constexpr uint32_t kMultibootHeaderMagic = 0x1BADB002u;
inline constexpr uint32_t kMultibootBootMagic = 0x2BADB002u;

// Throws InputError naming `origin` and the offending offset for images that
// are not Multiboot, are truncated, or have overlapping/inconsistent segments.
MultibootKernel parse_multiboot_kernel(std::span<const uint8_t> image, const std::string& origin);

}  // namespace mkemu
