#include "kernel/elf_loader.h"

#include "kernel/memory.h"
#include "kernel/space.h"

namespace kernel {

namespace {
struct Elf32Header {
  uint8_t ident[16];
  uint16_t type, machine;
  uint32_t version, entry, phoff, shoff, flags;
  uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct Elf32Phdr {
  uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};
constexpr uint32_t kPtLoad = 1;
}  // namespace

uint32_t load_elf(Task* t, uint32_t image, uint32_t size) {
  auto* eh = reinterpret_cast<const Elf32Header*>(image);
  if (size < sizeof(Elf32Header) || eh->ident[0] != 0x7F || eh->ident[1] != 'E' ||
      eh->ident[2] != 'L' || eh->ident[3] != 'F' || eh->ident[4] != 1 || eh->machine != 3)
    return 0;
  if (eh->phoff + eh->phnum * sizeof(Elf32Phdr) > size) return 0;
  for (uint32_t i = 0; i < eh->phnum; ++i) {
    auto* ph = reinterpret_cast<const Elf32Phdr*>(image + eh->phoff + i * eh->phentsize);
    if (ph->type != kPtLoad || ph->memsz == 0) continue;
    if (ph->offset + ph->filesz > size) return 0;
    for (uint32_t va = ph->vaddr & ~0xFFFu; va < ph->vaddr + ph->memsz; va += 4096) {
      uint32_t* pte = pte_of(t, va, true);
      uint8_t* page;
      if (*pte & kPteP) {
        page = reinterpret_cast<uint8_t*>(*pte & ~0xFFFu);  // shared with a previous segment
      } else {
        page = static_cast<uint8_t*>(alloc_frame());
        map_root_page(t, va, reinterpret_cast<uint32_t>(page), true);
      }
      for (uint32_t off = 0; off < 4096; ++off) {
        uint32_t a = va + off;
        if (a >= ph->vaddr && a < ph->vaddr + ph->filesz)
          page[off] = reinterpret_cast<const uint8_t*>(image + ph->offset)[a - ph->vaddr];
      }
    }
  }
  return eh->entry;
}

}  // namespace kernel
