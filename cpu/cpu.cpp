// PLACEHOLDER: the interpreter lands with the CPU issue (#3). This keeps the
// machine and frontend buildable meanwhile; run() executes nothing.
#include "cpu/cpu.h"

#include <cstdio>

namespace mkemu {

struct Cpu::Impl {
  CpuConfig config;
  CpuState state;
  uint32_t eflags = 2;
  bool halted = false;
};

Cpu::Cpu(const CpuConfig& config, Mmu&, IoBus&, Clock&, ObserverHub&) : impl_(new Impl) {
  impl_->config = config;
  reset();
}
Cpu::~Cpu() = default;
void Cpu::reset() {
  impl_->state = CpuState{};
  impl_->state.seg[kCs] = {0xF000, 0xFFFF0000u, 0xFFFF, 0x93};
  impl_->state.eip = 0xFFF0;
}
CpuStop Cpu::run(uint64_t, uint64_t) { return CpuStop::kHalted; }
void Cpu::lower_deadline(uint64_t) {}
void Cpu::set_intr(bool) {}
void Cpu::raise_nmi() {}
void Cpu::set_interrupt_controller(InterruptController*) {}
bool Cpu::halted() const { return true; }
uint64_t Cpu::instructions_retired() const { return 0; }
const CpuConfig& Cpu::config() const { return impl_->config; }
CpuState& Cpu::state() { return impl_->state; }
const CpuState& Cpu::state() const { return impl_->state; }
uint32_t Cpu::eflags() const { return impl_->eflags; }
void Cpu::set_eflags(uint32_t value) { impl_->eflags = value; }
void Cpu::load_segment_unchecked(SegReg reg, const SegmentCache& cache) { impl_->state.seg[reg] = cache; }
void Cpu::set_control_registers(uint32_t cr0, uint32_t cr3, uint32_t cr4) {
  impl_->state.cr0 = cr0;
  impl_->state.cr3 = cr3;
  impl_->state.cr4 = cr4;
}
std::vector<uint32_t> Cpu::recent_eips(size_t) const { return {}; }
std::string Cpu::format_registers() const { return "(no CPU yet)\n"; }
void Cpu::save_state(StateWriter& out) const { out.put(impl_->state.eip); }
void Cpu::load_state(StateReader& in) { impl_->state.eip = in.get<uint32_t>(); }

}  // namespace mkemu
