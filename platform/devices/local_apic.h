#pragma once
// The local APIC of a uniprocessor P6-class machine (Intel SDM vol. 3, ch.
// 10; QEMU's apic as the oracle for corners): ID, version, TPR/PPR, EOI,
// ISR/IRR/TMR, spurious vector register, ESR, ICR self-IPIs, and the LVT
// (timer in one-shot, periodic and, where the CPU model has it, TSC-deadline
// mode; LINT0/LINT1; error). The timer counts the virtual CPU clock divided
// by the divide configuration. Reset leaves it as firmware would (software-
// enabled, LINT0 ExtINT, LINT1 NMI), so PIC interrupts pass through.
// Its MMIO window is 0xFEE00000 unless the APIC-base MSR moves it.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "platform/core/phys_memory.h"
#include "platform/device.h"
#include "platform/machine_bus.h"

namespace mkemu {

class LocalApic final : public Device {
 public:
  static constexpr uint32_t kDefaultBase = 0xFEE0'0000u;
  static constexpr uint32_t kVersion = 0x0005'0014u;  // version 14h, 6 LVT entries
  enum Lvt : unsigned { kTimer, kThermal, kPerf, kLint0, kLint1, kError, kLvtCount };

  explicit LocalApic(bool tsc_deadline_supported = false);
  ~LocalApic() override;

  void attach(MachineBus& bus) override;
  void reset() override;

  // --- the CPU side (through the machine) ---
  // A fixed interrupt is deliverable now (INTR from the APIC).
  bool interrupt_pending() const;
  // The acknowledge cycle: the vector, or -1 when the APIC has nothing and
  // the PIC (ExtINT) should answer.
  int acknowledge();
  // Whether the 8259's INT output reaches the CPU (LINT0 in ExtINT mode, or
  // the APIC globally disabled).
  bool passes_extint() const;
  // The APIC-base MSR (IA32_APIC_BASE, 0x1B) and the TSC-deadline MSR (0x6E0).
  uint64_t base_msr() const { return base_msr_; }
  void set_base_msr(uint64_t value);
  uint64_t tsc_deadline() const { return tsc_deadline_value_; }
  void set_tsc_deadline(uint64_t value);

  // --- the interrupt fabric ---
  // An interrupt message for this APIC (from the IOAPIC or an LVT entry).
  void accept(uint8_t vector, bool level_triggered);
  bool matches_destination(uint8_t destination, bool logical) const;
  void lint_changed(unsigned lint, bool level);  // LINT0/LINT1 pins

  // The machine re-evaluates the CPU's INTR pin when this fires.
  std::function<void()> on_state_change;
  std::function<void()> on_nmi;
  // A level-triggered vector was EOIed (the IOAPIC clears remote IRR).
  std::function<void(uint8_t vector)> on_level_eoi;

  uint32_t read_register(uint32_t offset) const;
  void write_register(uint32_t offset, uint32_t value);
  uint32_t id() const { return id_; }
  uint32_t lvt(Lvt entry) const { return lvt_[entry]; }
  bool software_enabled() const { return svr_ & 0x100; }
  bool globally_enabled() const { return base_msr_ & 0x800; }
  uint32_t current_count() const;

  std::string_view state_name() const override { return "lapic"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

 private:
  class Window;  // one MMIO window per base address the guest used
  using Bits = std::array<uint32_t, 8>;
  static int highest(const Bits& bits);
  static void set_bit(Bits& bits, unsigned v, bool on) {
    bits[v / 32] = on ? bits[v / 32] | (1u << (v % 32)) : bits[v / 32] & ~(1u << (v % 32));
  }
  uint32_t ppr() const;
  int deliverable() const;  // the IRR vector the CPU would take, or -1
  unsigned divide_shift() const;
  unsigned timer_mode() const { return (lvt_[kTimer] >> 17) & 3; }
  void start_timer();
  void timer_fired(uint64_t due);
  void deliver_lvt(Lvt entry);
  void changed() {
    if (on_state_change) on_state_change();
  }
  void write_lvt(unsigned index, uint32_t value);
  void add_window(uint32_t base);

  bool tsc_deadline_;
  uint64_t base_msr_ = kDefaultBase | 0x900;
  uint32_t id_ = 0, tpr_ = 0, ldr_ = 0, dfr_ = 0xFFFF'FFFFu, svr_ = 0xFF;
  uint32_t esr_ = 0, esr_pending_ = 0, icr_low_ = 0, icr_high_ = 0;
  Bits irr_{}, isr_{}, tmr_{};
  std::array<uint32_t, kLvtCount> lvt_{};
  uint32_t initial_count_ = 0, divide_config_ = 0;
  uint64_t timer_start_ = 0;  // cycle the current count period started
  uint64_t tsc_deadline_value_ = 0;
  std::array<bool, 2> lint_level_{};
  std::vector<std::unique_ptr<Window>> windows_;
  TimerId timer_ = 0;
  MachineBus* bus_ = nullptr;
};

}  // namespace mkemu
