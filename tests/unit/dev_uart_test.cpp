// 16550A UART against the National Semiconductor PC16550D datasheet:
// character timing from the divisor and line format, THR/TSR and FIFOs,
// interrupt identification priorities, trigger levels, character timeout,
// loopback wiring, modem status deltas, overrun, divisor latch, scratch,
// and the PC's OUT2 gate on IRQ4.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/devices/uart16550.h"
#include "platform/standalone_bus.h"

namespace mkemu {
namespace {

constexpr uint64_t kCpuHz = 100'000'000;
constexpr uint16_t kBase = 0x3F8;
enum : uint16_t { kData = kBase, kIer, kIir, kLcr, kMcr, kLsr, kMsr, kScr };

// CPU cycles for `bits` bit times at divisor `divisor` (16 clocks of 1.8432 MHz per bit).
uint64_t bit_cycles(uint64_t bits, uint64_t divisor) {
  return (bits * 16 * divisor * kCpuHz + 1'843'199) / 1'843'200;
}

struct Recorder : IrqSink {
  void irq_input_changed(unsigned, bool l) override { level = l; }
  bool level = false;
};

struct UartBench {
  UartBench() {
    sb.bus.isa_irq_sink = [this](unsigned irq, unsigned& input) -> IrqSink* {
      input = irq;
      return irq == 4 ? &rec : nullptr;
    };
    uart.attach(sb.bus);
  }
  void out(uint16_t port, uint8_t value) { sb.io.write(port, 1, value); }
  uint8_t in(uint16_t port) { return static_cast<uint8_t>(sb.io.read(port, 1)); }
  void init_115200_8n1() {
    out(kLcr, 0x80);
    out(kData, 1);
    out(kIer, 0);
    out(kLcr, 0x03);
  }
  void host(const std::string& text) {
    uart.host_input({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
  }
  StandaloneBus sb{kCpuHz};
  Recorder rec;
  Uart16550 uart;
};

TEST(Uart16550, ResetValues) {
  UartBench b;
  EXPECT_EQ(b.in(kIer), 0x00);
  EXPECT_EQ(b.in(kIir), 0x01);
  EXPECT_EQ(b.in(kLcr), 0x00);
  EXPECT_EQ(b.in(kMcr), 0x00);
  EXPECT_EQ(b.in(kLsr), 0x60);  // THRE | TEMT
}

TEST(Uart16550, TransmitTakesOneCharacterTime) {
  UartBench b;
  b.init_115200_8n1();
  b.out(kData, 'A');
  EXPECT_EQ(b.sb.control.serial, "A");
  EXPECT_EQ(b.in(kLsr)&0x60, 0x20);        // THR empty again, shifter busy
  uint64_t char_time = bit_cycles(10, 1);  // start + 8 data + stop
  b.sb.advance_to(char_time - 1);
  EXPECT_EQ(b.in(kLsr)&0x40, 0x00);
  b.sb.advance_to(char_time);
  EXPECT_EQ(b.in(kLsr)&0x40, 0x40);
}

TEST(Uart16550, LineFormatChangesCharacterTime) {
  UartBench b;
  b.out(kLcr, 0x80);
  b.out(kData, 12);   // 9600 baud
  b.out(kLcr, 0x1F);  // 8 data, 2 stop, even parity: 12 bits
  EXPECT_EQ(b.uart.character_cycles(), bit_cycles(12, 12));
  b.out(kLcr, 0x04);  // 5 data bits with 1.5 stop bits: 7.5 bits
  EXPECT_EQ(b.uart.character_cycles(), (15 * 8 * 12 * kCpuHz + 1'843'199) / 1'843'200);
}

TEST(Uart16550, BackToBackBytesLeaveOneCharacterApart) {
  UartBench b;
  b.init_115200_8n1();
  b.out(kIir, 0x07);  // FIFOs on and cleared
  b.out(kData, 'x');
  b.out(kData, 'y');
  b.out(kData, 'z');
  EXPECT_EQ(b.sb.control.serial, "x");
  EXPECT_EQ(b.in(kLsr)&0x20, 0x00);  // FIFO not empty
  b.sb.advance_to(bit_cycles(10, 1));
  EXPECT_EQ(b.sb.control.serial, "xy");
  b.sb.advance_to(2 * bit_cycles(10, 1));
  EXPECT_EQ(b.sb.control.serial, "xyz");
  EXPECT_EQ(b.in(kLsr)&0x60, 0x20);
}

TEST(Uart16550, ThrEmptyInterruptAndIirAcknowledge) {
  UartBench b;
  b.init_115200_8n1();
  b.out(kMcr, 0x08);  // OUT2: IRQ reaches the PIC
  b.out(kIer, 0x02);  // enabling ETBEI with THR empty interrupts at once
  EXPECT_TRUE(b.rec.level);
  EXPECT_EQ(b.in(kIir), 0x02);
  EXPECT_FALSE(b.rec.level);  // reading IIR acknowledged it
  EXPECT_EQ(b.in(kIir), 0x01);
  b.out(kData, 'q');  // THR empties into the shifter: THRE interrupt again
  EXPECT_TRUE(b.rec.level);
}

TEST(Uart16550, Out2GatesTheIrqLine) {
  UartBench b;
  b.init_115200_8n1();
  b.out(kIer, 0x02);
  EXPECT_EQ(b.in(kIir)&0x0F, 0x02);
  b.out(kIer, 0x00);
  b.out(kIer, 0x02);
  EXPECT_FALSE(b.rec.level);
  b.out(kMcr, 0x08);
  EXPECT_TRUE(b.rec.level);
}

TEST(Uart16550, ReceiveTriggerLevelAndTimeout) {
  UartBench b;
  b.init_115200_8n1();
  b.out(kIir, 0x47);  // FIFO, trigger level 4
  b.out(kMcr, 0x08);
  b.out(kIer, 0x01);
  EXPECT_EQ(b.in(kIir), 0xC1);  // FIFO bits, nothing pending
  uint64_t c = bit_cycles(10, 1);
  b.host("abcdef");
  b.sb.advance_to(3 * c);
  EXPECT_EQ(b.in(kLsr)&0x01, 0x01);
  EXPECT_FALSE(b.rec.level);  // 3 bytes: below the trigger
  b.sb.advance_to(4 * c);
  EXPECT_TRUE(b.rec.level);
  EXPECT_EQ(b.in(kIir), 0xC4);
  b.sb.advance_to(6 * c);
  std::string got;
  for (int i = 0; i < 3; ++i) got += static_cast<char>(b.in(kData));
  EXPECT_EQ(got, "abc");
  EXPECT_EQ(b.in(kIir), 0xC1);  // 3 left, below trigger, no timeout yet
  // Four character times after the last read, the timeout indication.
  uint64_t last_read = b.sb.clock.cycles;
  b.sb.advance_to(last_read + 4 * c - 1);
  EXPECT_EQ(b.in(kIir), 0xC1);
  b.sb.advance_to(last_read + 4 * c + 4 * c);
  EXPECT_EQ(b.in(kIir), 0xCC);
  got.clear();
  while (b.in(kLsr)&1) got += static_cast<char>(b.in(kData));
  EXPECT_EQ(got, "def");
  EXPECT_EQ(b.in(kIir), 0xC1);
}

TEST(Uart16550, HostInputWaitsWhileTheFifoIsFull) {
  UartBench b;
  b.init_115200_8n1();
  b.out(kIir, 0x01);
  b.host(std::string(20, 'k'));
  b.sb.advance_to(40 * bit_cycles(10, 1));
  EXPECT_EQ(b.in(kLsr)&0x02, 0x00);  // no overrun
  EXPECT_EQ(b.uart.host_input_pending(), 4u);
  int n = 0;
  while (b.in(kLsr)&1) {
    b.in(kData);
    ++n;
  }
  EXPECT_EQ(n, 16);
}

TEST(Uart16550, LoopbackReturnsTransmittedBytesAndModemLines) {
  UartBench b;
  b.init_115200_8n1();
  b.out(kMcr, 0x10);  // loopback
  b.in(kMsr);
  b.out(kMcr, 0x13);                   // loopback + DTR + RTS
  EXPECT_EQ(b.in(kMsr), 0x30 | 0x03);  // DSR, CTS and their deltas
  EXPECT_EQ(b.in(kMsr), 0x30);
  b.out(kMcr, 0x1C);  // OUT1 -> RI, OUT2 -> DCD
  EXPECT_EQ(b.in(kMsr)&0xC0, 0xC0);
  b.out(kMcr, 0x18);  // RI falls: trailing-edge ring indicator
  EXPECT_EQ(b.in(kMsr)&0x04, 0x04);
  b.out(kData, 0x5A);
  EXPECT_EQ(b.sb.control.serial, "");  // nothing on the wire
  b.sb.advance_to(bit_cycles(10, 1));
  EXPECT_EQ(b.in(kLsr)&0x01, 0x01);
  EXPECT_EQ(b.in(kData), 0x5A);
}

TEST(Uart16550, OverrunWithoutFifo) {
  UartBench b;
  b.init_115200_8n1();
  b.out(kMcr, 0x10);
  b.out(kIer, 0x04);  // line status interrupt
  b.out(kData, 1);
  b.sb.advance_to(bit_cycles(10, 1));
  b.out(kData, 2);
  b.sb.advance_to(2 * bit_cycles(10, 1));
  EXPECT_EQ(b.in(kIir), 0x06);  // receiver line status has top priority
  EXPECT_EQ(b.in(kLsr)&0x03, 0x03);
  EXPECT_EQ(b.in(kLsr)&0x02, 0x00);  // reading LSR cleared OE
  EXPECT_EQ(b.in(kData), 2);         // the holding register was overwritten
}

TEST(Uart16550, DivisorLatchAndScratch) {
  UartBench b;
  b.out(kLcr, 0x80);
  b.out(kData, 0x34);
  b.out(kIer, 0x12);
  EXPECT_EQ(b.in(kData), 0x34);
  EXPECT_EQ(b.in(kIer), 0x12);
  b.out(kLcr, 0x03);
  EXPECT_EQ(b.in(kIer), 0x00);  // IER again, not DLM
  b.out(kScr, 0xA5);
  EXPECT_EQ(b.in(kScr), 0xA5);
}

TEST(Uart16550, PeekDoesNotPopOrAcknowledge) {
  UartBench b;
  b.init_115200_8n1();
  b.out(kMcr, 0x08);
  b.out(kIer, 0x02);
  EXPECT_EQ(b.sb.io.peek(kIir, 1), 0x02u);
  EXPECT_TRUE(b.rec.level);
  b.host("z");
  b.sb.advance_to(bit_cycles(10, 1));
  EXPECT_EQ(b.sb.io.peek(kData, 1), uint32_t{'z'});
  EXPECT_EQ(b.in(kData), 'z');
}

TEST(Uart16550, StateRoundTrip) {
  UartBench b;
  b.init_115200_8n1();
  b.out(kIir, 0x01);
  b.host("hello");
  b.sb.advance_to(2 * bit_cycles(10, 1));
  StateWriter w;
  b.uart.save_state(w);
  UartBench c;
  StateReader r(w.bytes());
  c.uart.load_state(r);
  EXPECT_EQ(r.remaining(), 0u);
  EXPECT_EQ(c.in(kData), 'h');
  EXPECT_EQ(c.in(kData), 'e');
  EXPECT_EQ(c.uart.host_input_pending(), 3u);
}

}  // namespace
}  // namespace mkemu
