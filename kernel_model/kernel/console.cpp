#include "kernel/console.h"

#include <stdarg.h>

#include "kernel/arch.h"
#include "km/format.h"

namespace kernel {

namespace {
constexpr uint16_t kCom1 = 0x3F8;
constexpr uint16_t kDebugConsole = 0xE9;
constexpr uint16_t kExitPort = 0xF4;
constexpr uint8_t kExitKernelPanic = 0x01;  // any value but the "all passed" one

struct ConsoleOut {
  void operator()(char c) { console_putc(c); }
};
}  // namespace

void console_init() {
  outb(kCom1 + 1, 0x00);  // no interrupts: the kernel polls
  outb(kCom1 + 3, 0x80);  // DLAB
  outb(kCom1 + 0, 0x01);  // 115200 baud
  outb(kCom1 + 1, 0x00);
  outb(kCom1 + 3, 0x03);  // 8N1
  outb(kCom1 + 2, 0x07);  // FIFO on, cleared
  outb(kCom1 + 4, 0x03);  // DTR, RTS
}

void console_putc(char c) {
  for (int spin = 0; spin < 100000 && !(inb(kCom1 + 5) & 0x20); ++spin) {
  }
  outb(kCom1, static_cast<uint8_t>(c));
  outb(kDebugConsole, static_cast<uint8_t>(c));
  if (c == '\n') {
    // Let the line leave the shift register (LSR.TEMT): a guest that exits right after
    // printing must not lose its last characters on a UART that models transmit time.
    for (int spin = 0; spin < 100000 && !(inb(kCom1 + 5) & 0x40); ++spin) {
    }
  }
}

void kprintf(const char* fmt, ...) {
  ConsoleOut out;
  va_list ap;
  va_start(ap, fmt);
  km::vformat(out, fmt, ap);
  va_end(ap);
}

void ktrace(const char* fmt, ...) {
  struct DebugconOut {
    void operator()(char c) { outb(kDebugConsole, static_cast<uint8_t>(c)); }
  } out;
  va_list ap;
  va_start(ap, fmt);
  km::vformat(out, fmt, ap);
  va_end(ap);
}

void panic(const char* fmt, ...) {
  ConsoleOut out;
  kprintf("\nKERNEL PANIC: ");
  va_list ap;
  va_start(ap, fmt);
  km::vformat(out, fmt, ap);
  va_end(ap);
  kprintf("\n");
  outb(kExitPort, kExitKernelPanic);
  halt_forever();
}

}  // namespace kernel
