#include "platform/boot/multiboot_image.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "platform/core/errors.h"

namespace mkemu {
namespace {

uint32_t le32(std::span<const uint8_t> b, size_t off) {
  uint32_t v;
  std::memcpy(&v, b.data() + off, 4);
  return v;
}
uint16_t le16(std::span<const uint8_t> b, size_t off) {
  uint16_t v;
  std::memcpy(&v, b.data() + off, 2);
  return v;
}

// The header must be 4-byte aligned within the first 8192 bytes.
std::optional<size_t> find_header(std::span<const uint8_t> image) {
  size_t limit = std::min<size_t>(image.size(), 8192);
  for (size_t off = 0; off + 12 <= limit; off += 4) {
    if (le32(image, off) != kMultibootHeaderMagic) continue;
    uint32_t flags = le32(image, off + 4);
    uint32_t checksum = le32(image, off + 8);
    if (kMultibootHeaderMagic + flags + checksum == 0) return off;
  }
  return std::nullopt;
}

void check_segments(MultibootKernel& k, const std::string& origin) {
  auto sorted = k.segments;
  std::sort(sorted.begin(), sorted.end(),
            [](const LoadSegment& a, const LoadSegment& b) { return a.phys < b.phys; });
  for (size_t i = 0; i < sorted.size(); ++i) {
    uint64_t end = uint64_t{sorted[i].phys} + sorted[i].mem_size;
    if (end > 0xFFFF'FFFFu) {
      throw InputError(origin + ": segment at physical 0x" + std::to_string(sorted[i].phys) +
                       " extends past 4 GiB");
    }
    if (i + 1 < sorted.size() && end > sorted[i + 1].phys) {
      throw InputError(origin + ": load segments overlap in physical memory");
    }
    k.end_phys = std::max(k.end_phys, static_cast<uint32_t>(end));
  }
}

MultibootKernel parse_aout_kludge(std::span<const uint8_t> image, size_t hdr,
                                  const std::string& origin) {
  if (hdr + 32 > image.size()) throw InputError::at(origin, hdr, "truncated Multiboot header");
  uint32_t header_addr = le32(image, hdr + 12);
  uint32_t load_addr = le32(image, hdr + 16);
  uint32_t load_end = le32(image, hdr + 20);
  uint32_t bss_end = le32(image, hdr + 24);
  uint32_t entry = le32(image, hdr + 28);
  if (load_addr > header_addr || header_addr - load_addr > hdr) {
    throw InputError::at(origin, hdr + 16, "load_addr is inconsistent with header_addr");
  }
  uint32_t file_offset = static_cast<uint32_t>(hdr - (header_addr - load_addr));
  uint64_t file_size = load_end ? uint64_t{load_end} - load_addr : image.size() - file_offset;
  if (load_end && load_end < load_addr) {
    throw InputError::at(origin, hdr + 20, "load_end_addr is below load_addr");
  }
  if (file_offset + file_size > image.size()) {
    throw InputError::at(origin, image.size(), "image is truncated (load_end_addr beyond file)");
  }
  uint64_t mem_size = bss_end ? uint64_t{bss_end} - load_addr : file_size;
  if (mem_size < file_size) throw InputError::at(origin, hdr + 24, "bss_end_addr below load end");
  MultibootKernel k;
  k.header_flags = le32(image, hdr + 4);
  k.segments.push_back(
      {load_addr, file_offset, static_cast<uint32_t>(file_size), static_cast<uint32_t>(mem_size)});
  k.entry_phys = entry;
  check_segments(k, origin);
  return k;
}

MultibootKernel parse_elf(std::span<const uint8_t> image, uint32_t flags,
                          const std::string& origin) {
  if (image.size() < 52 || std::memcmp(image.data(),
                                       "\x7F"
                                       "ELF",
                                       4) != 0) {
    throw InputError::at(origin, 0, "not an ELF file and no a.out address fields in the header");
  }
  if (image[4] != 1 || image[5] != 1)
    throw InputError::at(origin, 4, "not a 32-bit little-endian ELF");
  if (le16(image, 18) != 3) throw InputError::at(origin, 18, "ELF machine is not i386");
  uint32_t entry = le32(image, 24);
  uint32_t phoff = le32(image, 28);
  uint16_t phentsize = le16(image, 42);
  uint16_t phnum = le16(image, 44);
  if (phentsize < 32) throw InputError::at(origin, 42, "bad program header size");
  if (uint64_t{phoff} + uint64_t{phnum} * phentsize > image.size()) {
    throw InputError::at(origin, phoff, "program headers are truncated");
  }
  MultibootKernel k;
  k.header_flags = flags;
  std::optional<uint32_t> entry_phys;
  for (unsigned i = 0; i < phnum; ++i) {
    size_t ph = phoff + size_t{i} * phentsize;
    if (le32(image, ph) != 1) continue;  // PT_LOAD only
    uint32_t offset = le32(image, ph + 4);
    uint32_t vaddr = le32(image, ph + 8);
    uint32_t paddr = le32(image, ph + 12);
    uint32_t filesz = le32(image, ph + 16);
    uint32_t memsz = le32(image, ph + 20);
    if (uint64_t{offset} + filesz > image.size()) {
      throw InputError::at(origin, ph + 4, "segment " + std::to_string(i) + " is truncated");
    }
    if (memsz < filesz) throw InputError::at(origin, ph + 20, "segment memsz below filesz");
    if (memsz == 0) continue;
    k.segments.push_back({paddr, offset, filesz, memsz});
    // The entry is a virtual address: translate it through its segment.
    if (entry >= vaddr && uint64_t{entry} < uint64_t{vaddr} + memsz)
      entry_phys = paddr + (entry - vaddr);
  }
  if (k.segments.empty()) throw InputError::at(origin, phoff, "ELF has no loadable segments");
  k.entry_phys = entry_phys.value_or(entry);
  check_segments(k, origin);
  return k;
}

}  // namespace

MultibootKernel parse_multiboot_kernel(std::span<const uint8_t> image, const std::string& origin) {
  std::optional<size_t> hdr = find_header(image);
  if (!hdr) {
    throw InputError(origin + ": not a Multiboot kernel (no valid header in the first 8192 bytes)");
  }
  uint32_t flags = le32(image, *hdr + 4);
  // Bits 0-15 are requirements; a loader must refuse ones it does not know.
  // Bit 2 (video mode) is accepted and ignored, as QEMU does: there is no VBE.
  if (flags & 0xFFF8u) {
    throw InputError::at(origin, *hdr + 4, "Multiboot header requires unsupported features");
  }
  if (flags & 0x10000) return parse_aout_kludge(image, *hdr, origin);
  return parse_elf(image, flags, origin);
}

}  // namespace mkemu
