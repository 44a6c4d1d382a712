// Thin wrappers around the i386 instructions the kernel needs.
#pragma once

#include <stdint.h>

namespace kernel {

inline void outb(uint16_t port, uint8_t v) {
  asm volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
inline uint8_t inb(uint16_t port) {
  uint8_t v;
  asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
inline void outl(uint16_t port, uint32_t v) {
  asm volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}
inline void load_cr3(uint32_t pd) {
  asm volatile("mov %0, %%cr3" ::"r"(pd) : "memory");
}
inline uint32_t read_cr2() {
  uint32_t v;
  asm volatile("mov %%cr2, %0" : "=r"(v));
  return v;
}
inline void invlpg(uint32_t va) {
  asm volatile("invlpg (%0)" ::"r"(va) : "memory");
}
[[noreturn]] inline void halt_forever() {
  for (;;) asm volatile("cli; hlt");
}

}  // namespace kernel
