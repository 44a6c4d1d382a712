#pragma once
// How interrupt requests reach the CPU. ISA IRQ lines fan out to the 8259
// pair and, when present, the I/O APIC (IRQ0 on pin 2, the rest 1:1). The
// CPU's INTR pin is high while the local APIC has a deliverable vector or
// the 8259's INT output passes through LINT0 in ExtINT mode (or there is no
// local APIC); the acknowledge cycle asks the local APIC first, then the PIC.
#include <cstdint>
#include <functional>

#include "cpu/cpu.h"
#include "platform/core/irq_line.h"
#include "platform/devices/io_apic.h"
#include "platform/devices/local_apic.h"
#include "platform/devices/pic8259.h"
#include "platform/machine_log.h"

namespace mkemu {

class IsaIrqFanout final : public IrqSink {
 public:
  IsaIrqFanout(Pic8259Pair* pic, IoApic* ioapic) : pic_(pic), ioapic_(ioapic) {}
  void irq_input_changed(unsigned irq, bool level) override;

 private:
  Pic8259Pair* pic_;
  IoApic* ioapic_;
};

class CpuInterruptPins final : public InterruptController {
 public:
  CpuInterruptPins(Pic8259Pair* pic, LocalApic* lapic, const MachineLog& log)
      : pic_(pic), lapic_(lapic), log_(log) {}

  // Re-evaluates INTR and drives `set_intr` when it changes (or always, when forced).
  void update(bool force = false);
  bool intr() const { return intr_; }
  uint8_t acknowledge_interrupt() override;

  std::function<void(bool level)> set_intr;

 private:
  Pic8259Pair* pic_;
  LocalApic* lapic_;
  const MachineLog& log_;
  bool intr_ = false;
};

}  // namespace mkemu
