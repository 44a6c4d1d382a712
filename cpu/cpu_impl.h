#pragma once
// Cpu::Impl: the public Cpu's private state is the internal CpuCore.
#include "cpu/cpu.h"
#include "cpu/cpu_core.h"

namespace mkemu {

struct Cpu::Impl {
  Impl(const CpuConfig& config, Mmu& mmu, IoBus& io, Clock& clock, ObserverHub& hub)
      : core(config, mmu, io, clock, hub) {}
  cpu::CpuCore core;
};

}  // namespace mkemu
