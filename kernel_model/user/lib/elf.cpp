#include "user/lib/elf.h"

namespace km {

namespace {
struct Header {
  uint8_t ident[16];
  uint16_t type, machine;
  uint32_t version, entry, phoff, shoff, flags;
  uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct Phdr {
  uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};
}  // namespace

bool elf_parse(const uint8_t* data, uint32_t size, ElfImage& out) {
  auto* h = reinterpret_cast<const Header*>(data);
  if (size < sizeof(Header) || h->ident[0] != 0x7F || h->ident[1] != 'E' || h->ident[2] != 'L' ||
      h->ident[3] != 'F' || h->ident[4] != 1 || h->machine != 3)
    return false;
  if (h->phoff + h->phnum * sizeof(Phdr) > size) return false;
  out.entry = h->entry;
  out.count = 0;
  for (uint32_t i = 0; i < h->phnum && out.count < 8; ++i) {
    auto* p = reinterpret_cast<const Phdr*>(data + h->phoff + i * h->phentsize);
    if (p->type != 1 || p->memsz == 0) continue;
    if (p->offset + p->filesz > size) return false;
    out.seg[out.count++] = {p->vaddr, p->memsz, p->filesz, p->offset, (p->flags & 2) != 0};
  }
  return true;
}

}  // namespace km
