// PCI configuration mechanism #1: address register, enumeration of bus 0,
// byte/word accesses inside 0xCFC-0xCFF, writable registers read back.
#include "probe_io.h"

static uint32_t address(int dev, int fn, int reg) {
  return 0x80000000u | (uint32_t)dev << 11 | (uint32_t)fn << 8 | (uint32_t)(reg & 0xFC);
}

static uint32_t cfg_read32(int dev, int fn, int reg) {
  outl(0xCF8, address(dev, fn, reg));
  return inl(0xCFC);
}

static void name_for(char* name, int dev, int fn, const char* what) {
  const char* prefix = "pci.00:";
  int n = 0;
  while (*prefix) name[n++] = *prefix++;
  name[n++] = (char)('0' + dev / 10 % 10);
  name[n++] = (char)('0' + dev % 10);
  name[n++] = '.';
  name[n++] = (char)('0' + fn);
  name[n++] = '.';
  while (*what) name[n++] = *what++;
  name[n] = 0;
}

void probe_pci(void) {
  outl(0xCF8, 0x80001234);
  report("pci.cf8.readback", inl(0xCF8), 8);
  // Enumerate bus 0.
  char name[48];
  for (int dev = 0; dev < 32; ++dev) {
    for (int fn = 0; fn < 8; ++fn) {
      uint32_t id = cfg_read32(dev, fn, 0x00);
      if (id == 0xFFFFFFFF) {
        if (fn == 0) break;
        continue;
      }
      name_for(name, dev, fn, "id");
      report(name, id, 8);
      name_for(name, dev, fn, "class_rev");
      report(name, cfg_read32(dev, fn, 0x08), 8);
      uint32_t header = cfg_read32(dev, fn, 0x0C) >> 16 & 0xFF;
      name_for(name, dev, fn, "header_type");
      report(name, header, 2);
      name_for(name, dev, fn, "int_pin_line");
      report(name, cfg_read32(dev, fn, 0x3C) & 0xFFFF, 4);
      if (fn == 0 && !(header & 0x80)) break;
    }
  }
  report("pci.00:31.0.absent", cfg_read32(31, 0, 0), 8);
  // Narrow reads at every offset of the data window (host bridge id).
  outl(0xCF8, address(0, 0, 0));
  report("pci.00:00.0.word_at_cfe", inw(0xCFE), 4);
  report("pci.00:00.0.byte_at_cfd", inb(0xCFD), 2);
  report("pci.00:00.0.byte_at_cff", inb(0xCFF), 2);
  // PIIX PIRQ route control (ISA bridge 0x60-0x63): byte writes at 0xCFC+n.
  outl(0xCF8, address(1, 0, 0x60));
  outb(0xCFC, 0x0B);
  outb(0xCFD, 0x0A);
  outw(0xCFE, 0x0509);
  report("pci.00:01.0.pirq_route", inl(0xCFC), 8);
  outl(0xCF8, address(1, 0, 0x60));
  outl(0xCFC, 0x80808080);  // back to "not routed"
  report("pci.00:01.0.pirq_route.reset", inl(0xCFC), 8);
  // With the enable bit clear, the data window is not a config access.
  outl(0xCF8, 0x00000000);
  report("pci.cfc.disabled", inl(0xCFC), 8);
}
