#include "kernel/pic.h"

#include "kernel/arch.h"

namespace kernel {

namespace {
constexpr uint16_t kMasterCmd = 0x20, kMasterData = 0x21, kSlaveCmd = 0xA0, kSlaveData = 0xA1;
uint16_t g_mask = 0xFFFB;  // all masked except the cascade (IRQ 2)

void write_mask() {
  outb(kMasterData, static_cast<uint8_t>(g_mask));
  outb(kSlaveData, static_cast<uint8_t>(g_mask >> 8));
}
}  // namespace

void pic_init() {
  outb(kMasterCmd, 0x11);  // ICW1: edge, cascade, ICW4 follows
  outb(kSlaveCmd, 0x11);
  outb(kMasterData, kIrqVectorBase);  // ICW2
  outb(kSlaveData, kIrqVectorBase + 8);
  outb(kMasterData, 0x04);  // ICW3: slave on IRQ 2
  outb(kSlaveData, 0x02);
  outb(kMasterData, 0x01);  // ICW4: 8086 mode, normal EOI
  outb(kSlaveData, 0x01);
  write_mask();
}

void pic_mask(uint32_t irq) {
  g_mask |= static_cast<uint16_t>(1u << irq);
  write_mask();
}

void pic_unmask(uint32_t irq) {
  g_mask &= static_cast<uint16_t>(~(1u << irq));
  write_mask();
}

void pic_eoi(uint32_t irq) {
  if (irq >= 8) outb(kSlaveCmd, 0x20);
  outb(kMasterCmd, 0x20);
}

bool pic_spurious(uint32_t irq) {
  if (irq != 7 && irq != 15) return false;
  uint16_t cmd = irq == 7 ? kMasterCmd : kSlaveCmd;
  outb(cmd, 0x0B);  // read ISR
  bool in_service = inb(cmd) & 0x80;
  outb(cmd, 0x0A);                                       // back to IRR
  if (!in_service && irq == 15) outb(kMasterCmd, 0x20);  // the master did see the cascade
  return !in_service;
}

void pit_init(uint32_t hz) {
  uint32_t divisor = (1193182 + hz / 2) / hz;
  outb(0x43, 0x34);
  outb(0x40, static_cast<uint8_t>(divisor));
  outb(0x40, static_cast<uint8_t>(divisor >> 8));
}

}  // namespace kernel
