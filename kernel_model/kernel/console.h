// Kernel debug output: COM1 (polled) and the 0xE9 debug console.
#pragma once

namespace kernel {

void console_init();
void console_putc(char c);
void kprintf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace kernel
