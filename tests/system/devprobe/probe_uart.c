// 16550A at COM1: divisor latch, line control, scratch, IER, FIFO control
// through IIR, modem control and the loopback path. Values are collected
// first and printed after COM1 is set back up for the report.
#include "probe_io.h"

enum {
  COM1 = 0x3F8,
  DATA = 0,
  IER = 1,
  IIR = 2,
  FCR = 2,
  LCR = 3,
  MCR = 4,
  LSR = 5,
  MSR = 6,
  SCR = 7
};

static uint8_t rd(int reg) {
  return inb((uint16_t)(COM1 + reg));
}
static void wr(int reg, uint8_t v) {
  outb((uint16_t)(COM1 + reg), v);
}

void probe_uart(void) {
  serial_drain();
  uint8_t v[16];
  int n = 0;
  wr(LCR, 0x80);
  wr(DATA, 0x34);
  wr(IER, 0x12);
  v[n++] = rd(DATA);  // DLL
  v[n++] = rd(IER);   // DLM
  wr(LCR, 0x1B);      // 8 bits, even parity, DLAB off
  v[n++] = rd(LCR);
  wr(SCR, 0xA5);
  v[n++] = rd(SCR);
  wr(IER, 0xFF);  // bits 7-4 read as zero
  v[n++] = rd(IER);
  wr(IER, 0x00);
  wr(FCR, 0x07);  // FIFOs on (and reset): IIR bits 7-6 set
  v[n++] = rd(IIR);
  wr(FCR, 0x00);
  v[n++] = rd(IIR);
  wr(MCR, 0xFF);  // bits 7-5 read as zero
  v[n++] = rd(MCR);
  // Loopback: MSR's upper nibble mirrors OUT2, OUT1, DTR, RTS as DCD, RI, DSR, CTS.
  wr(MCR, 0x10);
  v[n++] = rd(MSR) & 0xF0;
  wr(MCR, 0x1F);
  v[n++] = rd(MSR) & 0xF0;
  // A byte sent in loopback comes back on the receive side one character
  // time later: at 115200 baud, well within the polling bound.
  wr(LCR, 0x80);
  wr(DATA, 0x01);
  wr(IER, 0x00);
  wr(LCR, 0x03);
  wr(DATA, 0x5A);
  int tries = 0;
  while (!(rd(LSR) & 0x01) && tries < 1000000) ++tries;
  v[n++] = rd(LSR) & 0x01;
  v[n++] = rd(DATA);
  v[n++] = rd(LSR) & 0x01;
  wr(MCR, 0x00);
  wr(LCR, 0x03);
  serial_init();
  static const char* const names[] = {"uart.dll",
                                      "uart.dlm",
                                      "uart.lcr",
                                      "uart.scr",
                                      "uart.ier",
                                      "uart.iir.fifo_on",
                                      "uart.iir.fifo_off",
                                      "uart.mcr",
                                      "uart.msr.loop_outputs_off",
                                      "uart.msr.loop_outputs_on",
                                      "uart.lsr.dr_after_loop_send",
                                      "uart.rbr.loop_byte",
                                      "uart.lsr.dr_after_read"};
  for (int i = 0; i < n; ++i) report(names[i], v[i], 2);
  serial_drain();  // THRE and TEMT both set once the report has left
  report("uart.lsr.idle", rd(LSR), 2);
}
