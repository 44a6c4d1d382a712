#pragma once
// Side-effect-free access to guest memory for the debugger and the gdb stub:
// translation through Mmu::peek_translate (no A/D bits, no TLB fill) and
// reads through PhysicalMemoryMap::peek (MMIO via mmio_peek, never a device
// side effect). Writes (gdb M/X, console `set`) go to RAM/ROM through poke.
#include <cstddef>
#include <cstdint>
#include <span>

#include "platform/machine.h"

namespace mkemu {

enum class AddressSpace : uint8_t { kLinear, kPhysical };

// Reads up to out.size() bytes; returns how many were readable (a linear
// read stops at the first page that does not translate).
size_t peek_guest(const Machine& m, AddressSpace space, uint32_t address, std::span<uint8_t> out);

// Writes bytes (RAM and ROM only; MMIO is skipped). Returns how many bytes
// had a translation.
size_t poke_guest(Machine& m, AddressSpace space, uint32_t address, std::span<const uint8_t> in);

// Linear to physical without side effects, as the CPU would translate a
// supervisor data access (the debugger is privileged).
bool peek_linear_to_physical(const Machine& m, uint32_t linear, uint32_t& phys);

// Whether the CPU is executing 32-bit code (CS.D), for disassembly.
bool code_is_32bit(const Machine& m);

}  // namespace mkemu
