// 8259A pair and ELCR, 8254 PIT and port 0x61, MC146818 RTC and CMOS RAM:
// program registers, read them back.
#include "probe_io.h"

void probe_pic(void) {
  // ICW1-4: edge, cascade, vectors 0x20/0x28, slave on IR2, 8086 mode.
  outb(0x20, 0x11);
  outb(0x21, 0x20);
  outb(0x21, 0x04);
  outb(0x21, 0x01);
  outb(0xA0, 0x11);
  outb(0xA1, 0x28);
  outb(0xA1, 0x02);
  outb(0xA1, 0x01);
  outb(0x21, 0xA5);  // OCW1
  outb(0xA1, 0x5A);
  report("pic.master.imr", inb(0x21), 2);
  report("pic.slave.imr", inb(0xA1), 2);
  outb(0x20, 0x0B);  // OCW3: read ISR
  outb(0xA0, 0x0B);
  report("pic.master.isr", inb(0x20), 2);
  report("pic.slave.isr", inb(0xA0), 2);
  outb(0x20, 0x0A);  // back to IRR reads
  outb(0xA0, 0x0A);
  outb(0x21, 0xFF);
  outb(0xA1, 0xFF);
  // ELCR: IRQ 0, 1, 2, 8 and 13 are always edge on the PIIX (bits read 0).
  outb(0x4D0, 0xFF);
  outb(0x4D1, 0xFF);
  report("pic.elcr1.all_written", inb(0x4D0), 2);
  report("pic.elcr2.all_written", inb(0x4D1), 2);
  outb(0x4D0, 0x00);
  outb(0x4D1, 0x00);
  report("pic.elcr1.cleared", inb(0x4D0), 2);
  report("pic.elcr2.cleared", inb(0x4D1), 2);
}

// Read-back status: bits 5-0 (access mode, mode, BCD). Bit 7 (OUT) and
// bit 6 (null count) depend on when the read happens, so they are masked.
static uint8_t pit_status(int channel) {
  outb(0x43, (uint8_t)(0xE0 | (2 << channel)));  // read-back, status only
  return inb((uint16_t)(0x40 + channel)) & 0x3F;
}

void probe_pit(void) {
  outb(0x61, 0x00);  // channel 2 gate low, speaker off
  outb(0x43, 0x34);  // ch0 lobyte/hibyte, mode 2, binary
  outb(0x40, 0x00);
  outb(0x40, 0x10);
  outb(0x43, 0x72);  // ch1 lobyte/hibyte, mode 1
  outb(0x41, 0x00);
  outb(0x41, 0x02);
  outb(0x43, 0xB7);  // ch2 lobyte/hibyte, mode 3, BCD
  outb(0x42, 0x00);
  outb(0x42, 0x50);
  report("pit.ch0.status", pit_status(0), 2);
  report("pit.ch1.status", pit_status(1), 2);
  report("pit.ch2.status", pit_status(2), 2);
  outb(0x43, 0x98);  // ch2 lobyte only, mode 4, binary
  outb(0x42, 0x40);
  report("pit.ch2.status_lobyte_mode4", pit_status(2), 2);
  outb(0x43, 0x22);  // ch0 hibyte only, mode 1
  outb(0x40, 0x01);
  report("pit.ch0.status_hibyte_mode1", pit_status(0), 2);
  // Port 0x61: bit 0 gates channel 2, bit 1 enables the speaker; bits 4
  // (refresh toggle) and 5 (OUT2) follow time and are masked.
  outb(0x61, 0x03);
  report("port61.gate_and_speaker", inb(0x61) & 0x03, 2);
  outb(0x61, 0x00);
  report("port61.cleared", inb(0x61) & 0x03, 2);
  outb(0x43, 0x34);  // leave channel 0 in rate mode
  outb(0x40, 0x00);
  outb(0x40, 0x00);
}

static uint8_t cmos_read(uint8_t index) {
  outb(0x70, index);
  return inb(0x71);
}

static void cmos_write(uint8_t index, uint8_t value) {
  outb(0x70, index);
  outb(0x71, value);
}

void probe_rtc(void) {
  static const struct {
    const char* name;
    uint8_t index;
    uint8_t value;
  } clock[] = {
      {"rtc.seconds", 0x00, 0x56},       {"rtc.minutes", 0x02, 0x34},
      {"rtc.hours", 0x04, 0x12},         {"rtc.weekday", 0x06, 0x01},
      {"rtc.day", 0x07, 0x17},           {"rtc.month", 0x08, 0x05},
      {"rtc.year", 0x09, 0x26},          {"rtc.century", 0x32, 0x20},
      {"rtc.alarm_seconds", 0x01, 0x07}, {"rtc.alarm_minutes", 0x03, 0x08},
      {"rtc.alarm_hours", 0x05, 0x09},
  };
  cmos_write(0x0B, 0x82);  // SET: updates stop while the clock is written
  for (unsigned i = 0; i < sizeof clock / sizeof clock[0]; ++i)
    cmos_write(clock[i].index, clock[i].value);
  for (unsigned i = 0; i < sizeof clock / sizeof clock[0]; ++i)
    report(clock[i].name, cmos_read(clock[i].index), 2);
  report("rtc.reg_b.set", cmos_read(0x0B), 2);
  cmos_write(0x0B, 0x02);                          // run: BCD, 24-hour
  cmos_write(0x0A, 0x26);                          // 32.768 kHz time base, 1024 Hz periodic rate
  report("rtc.reg_a", cmos_read(0x0A) & 0x7F, 2);  // bit 7 (UIP) follows time
  report("rtc.reg_b", cmos_read(0x0B), 2);
  report("rtc.reg_d", cmos_read(0x0D), 2);
  cmos_write(0x0B, 0x06);  // binary mode
  report("rtc.reg_b.binary", cmos_read(0x0B), 2);
  cmos_write(0x0B, 0x02);
  // General-purpose CMOS RAM keeps what is written.
  for (uint8_t i = 0x40; i < 0x44; ++i) cmos_write(i, (uint8_t)(0x5A ^ i));
  for (uint8_t i = 0x40; i < 0x44; ++i) {
    char name[] = "cmos.ram[0x..]";
    name[11] = "0123456789abcdef"[i >> 4];
    name[12] = "0123456789abcdef"[i & 0xF];
    report(name, cmos_read(i), 2);
  }
  // Memory-size fields for 64 MiB: base 640 KiB, extended (capped), above 16 MiB.
  report("cmos.base_kib", cmos_read(0x15) | cmos_read(0x16) << 8, 4);
  report("cmos.ext_kib", cmos_read(0x17) | cmos_read(0x18) << 8, 4);
  report("cmos.ext_kib_30", cmos_read(0x30) | cmos_read(0x31) << 8, 4);
  report("cmos.above16m_64k", cmos_read(0x34) | cmos_read(0x35) << 8, 4);
}
