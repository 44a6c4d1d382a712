// The 8259A pair and the 8254 timer, programmed by the kernel itself.
#pragma once

#include <stdint.h>

namespace kernel {

constexpr uint8_t kIrqVectorBase = 0x20;

void pic_init();  // remaps to vectors 0x20..0x2F, everything masked but the cascade
void pic_mask(uint32_t irq);
void pic_unmask(uint32_t irq);
void pic_eoi(uint32_t irq);
bool pic_spurious(uint32_t irq);  // IRQ 7/15 without the in-service bit set
void pit_init(uint32_t hz);       // channel 0, rate generator

}  // namespace kernel
