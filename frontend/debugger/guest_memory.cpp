#include "frontend/debugger/guest_memory.h"

namespace mkemu {

bool peek_linear_to_physical(const Machine& m, uint32_t linear, uint32_t& phys) {
  return m.mmu.peek_translate(linear, false, AccessType::kRead, phys);
}

size_t peek_guest(const Machine& m, AddressSpace space, uint32_t address, std::span<uint8_t> out) {
  if (space == AddressSpace::kPhysical) {
    m.memory.peek(address, out);
    return out.size();
  }
  size_t done = 0;
  while (done < out.size()) {
    uint32_t linear = address + static_cast<uint32_t>(done);
    uint32_t phys = 0;
    if (!peek_linear_to_physical(m, linear, phys)) break;
    size_t in_page = 0x1000u - (linear & 0xFFFu);
    size_t n = std::min(in_page, out.size() - done);
    m.memory.peek(phys, out.subspan(done, n));
    done += n;
  }
  return done;
}

size_t poke_guest(Machine& m, AddressSpace space, uint32_t address, std::span<const uint8_t> in) {
  if (space == AddressSpace::kPhysical) {
    m.memory.poke(address, in);
    return in.size();
  }
  size_t done = 0;
  while (done < in.size()) {
    uint32_t linear = address + static_cast<uint32_t>(done);
    uint32_t phys = 0;
    if (!peek_linear_to_physical(m, linear, phys)) break;
    size_t in_page = 0x1000u - (linear & 0xFFFu);
    size_t n = std::min(in_page, in.size() - done);
    m.memory.poke(phys, in.subspan(done, n));
    done += n;
  }
  return done;
}

bool code_is_32bit(const Machine& m) {
  return (m.cpu.state().cr0 & 1u) && ((m.cpu.state().seg[kCs].attributes >> 8) & 0x4u) &&
         !(m.cpu.eflags() & (1u << 17));
}

}  // namespace mkemu
