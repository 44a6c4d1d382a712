#include "frontend/debugger/page_walk_text.h"

#include <cstdio>

namespace mkemu {
namespace {

uint64_t read_entry(const Machine& m, uint32_t phys, unsigned size) {
  uint8_t b[8] = {};
  m.memory.peek(phys, std::span<uint8_t>(b, size));
  uint64_t v = 0;
  for (unsigned i = 0; i < size; ++i) v |= uint64_t{b[i]} << (8 * i);
  return v;
}

std::string entry_flags(uint64_t e, bool leaf) {
  std::string f;
  f += (e & 1) ? "P" : "not-present";
  if (!(e & 1)) return f;
  f += (e & 2) ? " RW" : " RO";
  f += (e & 4) ? " U" : " S";
  if (e & 8) f += " PWT";
  if (e & 16) f += " PCD";
  if (e & 32) f += " A";
  if (leaf && (e & 64)) f += " D";
  if (leaf && (e & 256)) f += " G";
  return f;
}

}  // namespace

std::string format_page_walk(const Machine& m, uint32_t linear) {
  const uint32_t cr0 = m.mmu.cr0(), cr3 = m.mmu.cr3(), cr4 = m.mmu.cr4();
  std::string out;
  char line[200];
  std::snprintf(line, sizeof line, "linear 0x%08x\n", linear);
  out += line;
  uint32_t phys = linear;
  bool ok = true;
  if (!(cr0 >> 31)) {
    out += "  paging off: physical = linear\n";
  } else if (!(cr4 & 0x20)) {
    // 32-bit paging: PDE index bits 31:22, PTE index bits 21:12.
    const uint32_t pde_at = (cr3 & ~0xFFFu) + (linear >> 22) * 4;
    const uint32_t pde = static_cast<uint32_t>(read_entry(m, pde_at, 4));
    std::snprintf(line, sizeof line, "  PDE[%03x] at 0x%08x = 0x%08x  %s%s\n", linear >> 22, pde_at,
                  pde, entry_flags(pde, (pde & 0x80) && (cr4 & 0x10)).c_str(),
                  ((pde & 0x80) && (cr4 & 0x10) && (pde & 1)) ? " PS (4 MiB page)" : "");
    out += line;
    if (!(pde & 1)) {
      ok = false;
    } else if ((pde & 0x80) && (cr4 & 0x10)) {
      phys = (pde & 0xFFC0'0000u) | (linear & 0x3F'FFFFu);
    } else {
      const uint32_t pte_at = (pde & ~0xFFFu) + ((linear >> 12) & 0x3FF) * 4;
      const uint32_t pte = static_cast<uint32_t>(read_entry(m, pte_at, 4));
      std::snprintf(line, sizeof line, "  PTE[%03x] at 0x%08x = 0x%08x  %s\n",
                    (linear >> 12) & 0x3FF, pte_at, pte, entry_flags(pte, true).c_str());
      out += line;
      if (!(pte & 1)) ok = false;
      phys = (pte & ~0xFFFu) | (linear & 0xFFF);
    }
  } else {
    // PAE: PDPTE from the registers loaded at the CR3 write, then 8-byte entries.
    const uint64_t pdpte = m.mmu.pdptes()[linear >> 30];
    std::snprintf(line, sizeof line, "  PDPTE[%u] = 0x%016llx  %s\n", linear >> 30,
                  static_cast<unsigned long long>(pdpte), (pdpte & 1) ? "P" : "not-present");
    out += line;
    if (!(pdpte & 1)) {
      ok = false;
    } else {
      const uint32_t pde_at =
          static_cast<uint32_t>(pdpte & 0xFFFF'F000u) + ((linear >> 21) & 0x1FF) * 8;
      const uint64_t pde = read_entry(m, pde_at, 8);
      std::snprintf(line, sizeof line, "  PDE[%03x] at 0x%08x = 0x%016llx  %s%s\n",
                    (linear >> 21) & 0x1FF, pde_at, static_cast<unsigned long long>(pde),
                    entry_flags(pde, pde & 0x80).c_str(),
                    ((pde & 0x80) && (pde & 1)) ? " PS (2 MiB page)" : "");
      out += line;
      if (!(pde & 1)) {
        ok = false;
      } else if (pde & 0x80) {
        phys = static_cast<uint32_t>(pde & 0xFFE0'0000u) | (linear & 0x1F'FFFFu);
      } else {
        const uint32_t pte_at =
            static_cast<uint32_t>(pde & 0xFFFF'F000u) + ((linear >> 12) & 0x1FF) * 8;
        const uint64_t pte = read_entry(m, pte_at, 8);
        std::snprintf(line, sizeof line, "  PTE[%03x] at 0x%08x = 0x%016llx  %s\n",
                      (linear >> 12) & 0x1FF, pte_at, static_cast<unsigned long long>(pte),
                      entry_flags(pte, true).c_str());
        out += line;
        if (!(pte & 1)) ok = false;
        phys = static_cast<uint32_t>(pte & 0xFFFF'F000u) | (linear & 0xFFF);
      }
    }
  }
  uint32_t mmu_phys = 0;
  const bool mmu_ok = m.mmu.peek_translate(linear, false, AccessType::kRead, mmu_phys);
  if (!ok) {
    out += "  not mapped: an access raises #PF\n";
  } else {
    std::snprintf(line, sizeof line, "  physical 0x%08x\n", phys);
    out += line;
  }
  if (mmu_ok != ok || (ok && mmu_phys != (phys & (m.mmu.a20() ? 0xFFFF'FFFFu : ~0x10'0000u)))) {
    std::snprintf(line, sizeof line, "  (the MMU's supervisor read translation: %s 0x%08x)\n",
                  mmu_ok ? "physical" : "fault", mmu_phys);
    out += line;
  }
  return out;
}

}  // namespace mkemu
