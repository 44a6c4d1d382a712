// Port, MMIO, MSR access and the serial report for the device-probe image.
#ifndef MKEMU_TESTS_DEVPROBE_PROBE_IO_H
#define MKEMU_TESTS_DEVPROBE_PROBE_IO_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v) {
  __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
static inline void outw(uint16_t port, uint16_t v) {
  __asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}
static inline void outl(uint16_t port, uint32_t v) {
  __asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint8_t inb(uint16_t port) {
  uint8_t v;
  __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
static inline uint16_t inw(uint16_t port) {
  uint16_t v;
  __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
static inline uint32_t inl(uint16_t port) {
  uint32_t v;
  __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
static inline uint32_t mmio_read(uint32_t addr) {
  return *(volatile uint32_t*)addr;
}
static inline void mmio_write(uint32_t addr, uint32_t v) {
  *(volatile uint32_t*)addr = v;
}

// COM1 at 0x3F8, polled.
void serial_init(void);
void serial_drain(void);
// Prints "name = 0x..." with `digits` hex digits.
void report(const char* name, uint32_t value, int digits);
void print(const char* text);
void print_hex(uint32_t value, int digits);

void probe_pic(void);
void probe_pit(void);
void probe_rtc(void);
void probe_uart(void);
void probe_pci(void);
void probe_apics(void);

#endif
