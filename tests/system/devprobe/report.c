// The probe's output: one "name = 0xVALUE" line per register on COM1.
#include "probe_io.h"

enum { COM1 = 0x3F8 };

void serial_init(void) {
  outb(COM1 + 1, 0x00);  // no interrupts
  outb(COM1 + 3, 0x80);  // DLAB
  outb(COM1 + 0, 0x01);  // 115200 baud
  outb(COM1 + 1, 0x00);
  outb(COM1 + 3, 0x03);  // 8N1
  outb(COM1 + 2, 0x00);  // FIFOs off
  outb(COM1 + 4, 0x03);  // DTR, RTS
}

static void put(char c) {
  while (!(inb(COM1 + 5) & 0x20)) {
  }
  outb(COM1, (uint8_t)c);
}

void serial_drain(void) {
  while (!(inb(COM1 + 5) & 0x40)) {
  }
}

void print(const char* text) {
  while (*text) {
    if (*text == '\n') put('\r');
    put(*text++);
  }
}

void print_hex(uint32_t value, int digits) {
  print("0x");
  for (int i = digits - 1; i >= 0; --i) put("0123456789abcdef"[(value >> (4 * i)) & 0xF]);
}

void report(const char* name, uint32_t value, int digits) {
  print(name);
  print(" = ");
  print_hex(value, digits);
  print("\n");
}
