// Local APIC (0xFEE00000) and I/O APIC (0xFEC00000), when CPUID reports an APIC.
#include "probe_io.h"

enum { LAPIC = 0xFEE00000u, IOAPIC = 0xFEC00000u };

static uint32_t lapic(uint32_t reg) {
  return mmio_read(LAPIC + reg);
}
static void lapic_write(uint32_t reg, uint32_t v) {
  mmio_write(LAPIC + reg, v);
}
static uint32_t ioapic(uint32_t reg) {
  mmio_write(IOAPIC, reg);
  return mmio_read(IOAPIC + 0x10);
}
static void ioapic_write(uint32_t reg, uint32_t v) {
  mmio_write(IOAPIC, reg);
  mmio_write(IOAPIC + 0x10, v);
}

static int has_apic(void) {
  uint32_t a = 1, b, c, d;
  __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
  return (d >> 9) & 1;
}

void probe_apics(void) {
  if (!has_apic()) {
    print("apic: none (CPUID.1:EDX.APIC clear)\n");
    return;
  }
  uint32_t lo, hi;
  __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0x1B));
  report("lapic.base_msr", lo, 8);
  report("lapic.id", lapic(0x20), 8);
  report("lapic.version", lapic(0x30), 8);
  lapic_write(0xF0, 0x1FF);  // software enable, spurious vector 0xFF
  report("lapic.svr", lapic(0xF0), 8);
  lapic_write(0x80, 0x20);
  report("lapic.tpr", lapic(0x80), 8);
  report("lapic.ppr", lapic(0xA0), 8);
  lapic_write(0x80, 0x00);
  lapic_write(0xD0, 0x01000000);
  report("lapic.ldr", lapic(0xD0), 8);
  lapic_write(0xE0, 0xFFFFFFFF);
  report("lapic.dfr", lapic(0xE0), 8);
  lapic_write(0x320, 0x00030040);  // timer: masked, periodic, vector 0x40
  report("lapic.lvt_timer", lapic(0x320), 8);
  lapic_write(0x350, 0x00000700);  // LINT0: ExtINT (virtual wire)
  report("lapic.lvt_lint0", lapic(0x350), 8);
  lapic_write(0x360, 0x00000400);  // LINT1: NMI
  report("lapic.lvt_lint1", lapic(0x360), 8);
  lapic_write(0x370, 0x00010050);
  report("lapic.lvt_error", lapic(0x370), 8);
  lapic_write(0x3E0, 0x0B);  // divide by 1
  report("lapic.divide", lapic(0x3E0), 8);
  report("lapic.initial_count", lapic(0x380), 8);
  report("lapic.isr0", lapic(0x100), 8);
  report("lapic.irr0", lapic(0x200), 8);
  lapic_write(0x320, 0x00010000);

  report("ioapic.id", ioapic(0x00), 8);
  ioapic_write(0x00, 0x02000000);
  report("ioapic.id.written", ioapic(0x00), 8);
  report("ioapic.version", ioapic(0x01), 8);
  ioapic_write(0x16, 0x0001A030);  // pin 3: masked, level, active low, vector 0x30
  ioapic_write(0x17, 0x03000000);
  report("ioapic.redir3.low", ioapic(0x16), 8);
  report("ioapic.redir3.high", ioapic(0x17), 8);
  report("ioapic.redir23.low", ioapic(0x10 + 2 * 23), 8);
}
