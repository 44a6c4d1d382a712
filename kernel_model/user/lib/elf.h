// Minimal ELF32 reading for the root task's pager.
#pragma once

#include <stdint.h>

namespace km {

struct ElfSegment {
  uint32_t vaddr, memsz, filesz, offset;
  bool writable;
};
struct ElfImage {
  uint32_t entry = 0;
  uint32_t count = 0;
  ElfSegment seg[8];
};

// Parses the image at `data` (size bytes); false if it is not an i386 ELF32 executable.
bool elf_parse(const uint8_t* data, uint32_t size, ElfImage& out);

}  // namespace km
