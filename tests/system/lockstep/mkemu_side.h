#pragma once
// mkemu's half of the lockstep: a bare CPU with 128 MiB of RAM and the ROM at
// 0xFFFF0000 and (like a PC) aliased just below 1 MiB, no devices: ports read
// all ones, as QEMU's unclaimed ports do.
#include <cstdint>
#include <span>
#include <vector>

#include "cpu/cpu.h"
#include "mmu/mmu.h"
#include "platform/core/clock.h"
#include "platform/core/io_bus.h"
#include "platform/core/observer.h"
#include "platform/core/phys_memory.h"

namespace mkemu::lockstep {

class MkemuSide {
 public:
  explicit MkemuSide(std::span<const uint8_t> rom);

  Cpu& cpu() { return cpu_; }
  // Executes one instruction (or delivers one exception).
  CpuStop step() { return cpu_.run(UINT64_MAX, 1); }
  // The registers in QEMU's 'g' layout (st0-7 meaning ST(i)).
  std::vector<uint8_t> registers() const;
  // Bytes at a linear address (paging is off in the ROM).
  std::vector<uint8_t> read(uint32_t linear, unsigned n) const;
  uint32_t cs_linear_eip() const;
  bool code16() const;  // real mode, VM86, or a 16-bit code segment

 private:
  PhysicalMemoryMap phys_{128u << 20};
  IoBus io_;
  Clock clock_;
  ObserverHub hub_;
  Mmu mmu_{phys_, clock_, hub_};
  Cpu cpu_;
};

}  // namespace mkemu::lockstep
