// Kernel debug output: COM1 (polled) and the 0xE9 debug console.
#pragma once

namespace kernel {

void console_init();
void console_putc(char c);
void kprintf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
// Developer trace (kernel_trace.elf only): port 0xE9 alone, so COM1 output is unchanged.
void ktrace(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
#ifdef KM_TRACE
#define KTRACE(...) ::kernel::ktrace(__VA_ARGS__)
#else
#define KTRACE(...) \
  do {              \
  } while (0)
#endif
[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace kernel
