// Serial log server: drives the 16550 at 0x3F8 through an I/O flexpage from the root
// task, transmitting with the THR-empty interrupt (IRQ 4, delivered as IPC).
#include "user/lib/client.h"

using namespace km;

namespace {
constexpr uint16_t kUart = 0x3F8;
constexpr uint32_t kIrq = 4;
constexpr uint32_t kIrqId = kIrqIdBase + kIrq;
constexpr uint8_t kIerThre = 0x02;
constexpr uint32_t kFifoDepth = 16;

uint32_t g_irqs, g_bytes;

// Sends `len` bytes: fill the FIFO, enable the THRE interrupt, wait for it as IPC,
// disable it and acknowledge (unmask) the IRQ.
void transmit(const char* text, uint32_t len) {
  for (uint32_t done = 0; done < len;) {
    for (uint32_t i = 0; i < kFifoDepth && done < len; ++i)
      outb(kUart, static_cast<uint8_t>(text[done++]));
    outb(kUart + 1, kIerThre);
    Msg m;
    if (wait(kIrqId, m, 500) != kOk) {
      outb(kUart + 1, 0);
      return;
    }
    outb(kUart + 1, 0);
    (void)inb(kUart + 2);  // IIR read: clears the THRE interrupt identification
    ++g_irqs;
    m.tag = tag(0, 0);
    send(kIrqId, m, kTimeoutZero);  // acknowledge: the kernel unmasks IRQ 4
  }
  g_bytes += len;
  // Reply only once the last byte has left the shift register (LSR.TEMT), so a client
  // that exits right after logging loses nothing.
  for (uint32_t spin = 0; spin < 100000 && !(inb(kUart + 5) & 0x40); ++spin) {
  }
}
}  // namespace

extern "C" void umain() {
  InitInfo init = root_init();
  if (!init.ok) printf("logsrv: no resources from the root task\n");
  outb(kUart + 1, 0);     // interrupts off until we transmit
  outb(kUart + 4, 0x0B);  // DTR, RTS, OUT2 (routes the UART interrupt to the PIC)
  Msg m;
  wait(kAnyId, m);
  for (;;) {
    uint32_t label = tag_label(m.tag);
    if (label == kLogWrite && tag_untyped(m.tag) >= 1) {
      uint32_t len = m.w[0];
      uint32_t max = (tag_untyped(m.tag) - 1) * 4;
      if (len > max) len = max;
      transmit(reinterpret_cast<const char*>(&m.w[1]), len);
      m.tag = tag(0, 1);
      m.w[0] = len;
    } else if (label == kLogStats) {
      m.tag = tag(0, 2);
      m.w[0] = g_irqs;
      m.w[1] = g_bytes;
    } else {
      m.tag = tag(0xFFFF, 0);
    }
    if (reply_wait(m.sender, m) != kOk) wait(kAnyId, m);
  }
}
