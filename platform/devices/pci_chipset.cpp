#include "platform/devices/pci_chipset.h"

namespace mkemu {

I440fxHostBridge::I440fxHostBridge() : PciFunction("i440fx") {
  // 82441FX: 8086:1237, revision 02h, class 060000h (host bridge), PCICMD
  // 0006h, PCISTS 0280h (fast back-to-back, medium DEVSEL).
  set_identity(0x8086, 0x1237, 0x02, 0x060000, 0x00);
  set_config16(kCommand, 0x0006);
  set_config16(kStatus, 0x0280);
  make_writable(0x50, 0x30);  // PMCCFG .. SMRAM: stored only
  set_config8(0x72, 0x02);    // SMRAM: compatible SMRAM at A0000h
  capture_reset_values();
}

Piix3IsaBridge::Piix3IsaBridge() : PciFunction("piix3") {
  // 82371SB function 0: 8086:7000, class 060100h (ISA bridge), multi-function
  // header, PCICMD 0007h, PCISTS 0200h (medium DEVSEL).
  set_identity(0x8086, 0x7000, 0x00, 0x060100, 0x80);
  set_config16(kCommand, 0x0007);
  set_config16(kStatus, 0x0200);
  make_writable(0x4C, 0xB4);
  set_config8(0x4C, 0x4D);  // IORT: ISA I/O recovery timer
  set_config8(0x4E, 0x03);  // XBCS: RTC and keyboard controller decoded
  for (uint8_t r = kPirqRoute; r < kPirqRoute + 4; ++r) {
    set_config8(r, 0x80);  // PIRQ routing disabled
    make_writable(r, 1, 0x8F);
  }
  set_config8(0x69, 0x02);  // TOM: top of memory 1 MiB
  set_config8(0x70, 0x80);  // MBIRQ0 disabled
  set_config8(0x76, 0x0C);  // MBDMA0
  set_config8(0x77, 0x0C);  // MBDMA1
  set_config8(0x78, 0x02);  // PCSC: programmable chip select
  set_config8(0xA0, 0x08);  // SMICNTL
  capture_reset_values();
}

int Piix3IsaBridge::pirq_irq(unsigned pirq) const {
  uint8_t route = config8(static_cast<uint8_t>(kPirqRoute + pirq));
  if (route & 0x80) return -1;
  unsigned irq = route & 0x0F;
  // IRQ 0, 1, 2, 8 and 13 are reserved routing values.
  if (irq < 3 || irq == 8 || irq == 13) return -1;
  return static_cast<int>(irq);
}

void Piix3IsaBridge::config_changed(uint8_t reg, unsigned size) {
  if (reg < kPirqRoute + 4 && reg + size > kPirqRoute && on_routing_changed) on_routing_changed();
}

}  // namespace mkemu
