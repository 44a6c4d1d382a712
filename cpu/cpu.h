#pragma once
// The CPU as the machine and the observers see it. Everything else in cpu/
// is internal. Interrupts are taken only at instruction boundaries; the cycle
// counter is Clock::cycles, advanced by each instruction's modelled cost.
#include <cstdint>
#include <memory>
#include <string>

#include "cpu/cpu_model.h"
#include "cpu/cpu_state.h"
#include "cpu/fpu/x87.h"
#include "mmu/mmu.h"
#include "platform/core/clock.h"
#include "platform/core/io_bus.h"
#include "platform/core/observer.h"
#include "platform/core/state_io.h"

namespace mkemu {

// Why Cpu::run returned.
enum class CpuStop : uint8_t {
  kDeadline,     // Clock::cycles reached the run deadline
  kInsnLimit,    // the instruction budget is used up
  kHalted,       // HLT; halted() stays true until an interrupt or NMI wakes it
  kTripleFault,  // a fault while delivering a double fault (shutdown)
  kObserver,     // an observer requested a stop
};

// The platform's answer to the CPU's interrupt-acknowledge cycle.
class InterruptController {
 public:
  virtual ~InterruptController() = default;
  virtual uint8_t acknowledge_interrupt() = 0;
};

// The platform's side of RDMSR/WRMSR: IA32_APIC_BASE (0x1B) belongs to the
// local APIC device, so its state lives there; an MSR the model does not have
// is reported (--log msr) before the CPU raises #GP(0).
class MsrPlatform {
 public:
  virtual ~MsrPlatform() = default;
  virtual uint64_t apic_base_msr() const = 0;
  virtual void set_apic_base_msr(uint64_t value) = 0;
  virtual void log_unknown_msr(uint32_t msr, bool is_write, uint64_t value) = 0;
};

class Cpu : public Stateful {
 public:
  Cpu(const CpuConfig& config, Mmu& mmu, IoBus& io, Clock& clock, ObserverHub& hub);
  ~Cpu() override;
  Cpu(const Cpu&) = delete;
  Cpu& operator=(const Cpu&) = delete;

  // Power-on state: real mode, CS=F000 with base FFFF0000, EIP=FFF0.
  void reset();

  // Runs until Clock::cycles >= cycle_deadline, `max_instructions` retire, or
  // a stop (see CpuStop). A halted CPU with IF=1 returns kHalted at once; the
  // machine then fast-forwards time to the next event.
  CpuStop run(uint64_t cycle_deadline, uint64_t max_instructions);
  // Pulls the running deadline earlier (a device armed an earlier event).
  void lower_deadline(uint64_t cycle);

  void set_intr(bool level);  // the INTR pin
  void raise_nmi();
  void set_interrupt_controller(InterruptController* controller);
  // Without one (a bare CPU in unit tests) IA32_APIC_BASE reads as the
  // power-on value 0xFEE00900 and writes to it are dropped.
  void set_msr_platform(MsrPlatform* platform);
  bool halted() const;
  bool interrupts_enabled() const { return (eflags() & 0x200u) != 0; }

  uint64_t instructions_retired() const;
  const CpuConfig& config() const;

  CpuState& state();
  const CpuState& state() const;
  uint32_t eflags() const;
  void set_eflags(uint32_t value);
  // Loads a segment register in the current mode without checks (boot
  // loaders, conformance tests): real/VM86 mode derives base = selector << 4.
  void load_segment_unchecked(SegReg reg, const SegmentCache& cache);
  // Sets CR0/CR3/CR4 and keeps the MMU and the CPU's mode in step.
  void set_control_registers(uint32_t cr0, uint32_t cr3, uint32_t cr4);

  // The x87 unit (debugger, gdb stub, traces, lockstep comparisons).
  X87& x87();
  const X87& x87() const;

  // Linear EIPs of the most recently executed instructions, oldest first
  // (an always-on ring buffer; at most `n`).
  std::vector<uint32_t> recent_eips(size_t n) const;
  // A human-readable register dump (stop reports, debugger).
  std::string format_registers() const;

  std::string_view state_name() const override { return "cpu"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mkemu
