#include "platform/interrupt_routing.h"

#include <cstdio>

namespace mkemu {

void IsaIrqFanout::irq_input_changed(unsigned irq, bool level) {
  if (pic_) pic_->irq_input_changed(irq, level);
  if (ioapic_) ioapic_->irq_input_changed(irq == 0 ? 2 : irq, level);
}

void CpuInterruptPins::update(bool force) {
  bool level = false;
  if (lapic_ && lapic_->interrupt_pending()) level = true;
  if (pic_ && pic_->int_output() && (!lapic_ || lapic_->passes_extint())) level = true;
  if (level == intr_ && !force) return;
  intr_ = level;
  if (set_intr) set_intr(level);
}

uint8_t CpuInterruptPins::acknowledge_interrupt() {
  uint8_t vector = 0xFF;
  bool from_apic = false;
  int apic_vector = lapic_ ? lapic_->acknowledge() : -1;
  if (apic_vector >= 0) {
    vector = static_cast<uint8_t>(apic_vector);
    from_apic = true;
  } else if (pic_ && (!lapic_ || lapic_->passes_extint())) {
    vector = pic_->acknowledge();  // logs itself
  }
  if (from_apic && log_.enabled(LogCategory::kInt)) {
    char text[48];
    std::snprintf(text, sizeof text, "lapic acknowledge vector 0x%02x", vector);
    log_.write(LogCategory::kInt, text);
  }
  update();
  return vector;
}

}  // namespace mkemu
