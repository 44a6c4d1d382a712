// 8042 keyboard controller with its PS/2 keyboard (IBM PS/2 technical
// reference command set), and the reset/A20 ports: port 0x92, 0xCF9, POST 0x80.
#include <gtest/gtest.h>

#include "platform/devices/kbc8042.h"
#include "platform/devices/post_port.h"
#include "platform/devices/reset_control.h"
#include "platform/devices/system_control_a.h"
#include "platform/standalone_bus.h"

namespace mkemu {
namespace {

struct Recorder : IrqSink {
  void irq_input_changed(unsigned irq, bool l) override { level[irq] = l; }
  bool level[16] = {};
};

struct KbcBench {
  KbcBench() {
    sb.bus.isa_irq_sink = [this](unsigned irq, unsigned& input) -> IrqSink* {
      input = irq;
      return &rec;
    };
    kbc.attach(sb.bus);
  }
  void out(uint16_t port, uint8_t value) { sb.io.write(port, 1, value); }
  uint8_t in(uint16_t port) { return static_cast<uint8_t>(sb.io.read(port, 1)); }
  StandaloneBus sb;
  Recorder rec;
  Kbc8042 kbc;
};

TEST(Kbc8042, SelfTestAnswers55AndSetsSystemFlag) {
  KbcBench b;
  EXPECT_EQ(b.in(0x64) & 0x05, 0x00);
  b.out(0x64, 0xAA);
  EXPECT_EQ(b.in(0x64) & 0x05, 0x05);  // output full, system flag
  EXPECT_EQ(b.in(0x60), 0x55);
  EXPECT_EQ(b.in(0x64) & 0x01, 0x00);
  b.out(0x64, 0xAB);
  EXPECT_EQ(b.in(0x60), 0x00);  // keyboard interface test passed
}

TEST(Kbc8042, CommandByteReadWrite) {
  KbcBench b;
  b.out(0x64, 0x60);
  EXPECT_EQ(b.in(0x64) & 0x08, 0x08);  // last write was a command
  b.out(0x60, 0x65);
  EXPECT_EQ(b.in(0x64) & 0x08, 0x00);
  b.out(0x64, 0x20);
  EXPECT_EQ(b.in(0x60), 0x65);
  b.out(0x64, 0xAD);
  b.out(0x64, 0x20);
  EXPECT_EQ(b.in(0x60), 0x75);  // keyboard disabled bit
}

TEST(Kbc8042, KeyboardResetAcknowledgesThenPassesBatWithIrq1) {
  KbcBench b;
  b.out(0x60, 0xFF);
  EXPECT_TRUE(b.rec.level[1]);
  EXPECT_EQ(b.in(0x60), 0xFA);
  EXPECT_TRUE(b.rec.level[1]);  // the next byte moved into the buffer
  EXPECT_EQ(b.in(0x60), 0xAA);
  EXPECT_FALSE(b.rec.level[1]);
}

TEST(Kbc8042, KeyboardIdentifyAndEcho) {
  KbcBench b;
  b.out(0x60, 0xF2);
  EXPECT_EQ(b.in(0x60), 0xFA);
  EXPECT_EQ(b.in(0x60), 0xAB);
  EXPECT_EQ(b.in(0x60), 0x83);  // untranslated
  b.out(0x60, 0xEE);
  EXPECT_EQ(b.in(0x60), 0xEE);
  b.out(0x60, 0xED);
  EXPECT_EQ(b.in(0x60), 0xFA);
  b.out(0x60, 0x07);
  EXPECT_EQ(b.in(0x60), 0xFA);
}

TEST(Kbc8042, PulseFeResetsTheMachine) {
  KbcBench b;
  b.out(0x64, 0xFF);  // pulses nothing
  EXPECT_EQ(b.sb.control.resets, 0u);
  b.out(0x64, 0xFE);
  EXPECT_EQ(b.sb.control.resets, 1u);
}

TEST(Kbc8042, OutputPortDrivesA20AndReset) {
  KbcBench b;
  b.out(0x64, 0xD0);
  EXPECT_EQ(b.in(0x60) & 0x03, 0x03);  // reset inactive, A20 on
  b.out(0x64, 0xD1);
  b.out(0x60, 0xDD);  // A20 off
  EXPECT_FALSE(b.sb.control.a20);
  EXPECT_EQ(b.sb.control.resets, 0u);
  b.out(0x64, 0xDF);
  EXPECT_TRUE(b.sb.control.a20);
  b.out(0x64, 0xD1);
  b.out(0x60, 0xDE);  // bit 0 low: reset
  EXPECT_EQ(b.sb.control.resets, 1u);
}

TEST(Kbc8042, WritesIntoTheAuxBufferRaiseIrq12) {
  KbcBench b;
  b.out(0x64, 0xD3);
  b.out(0x60, 0x5A);
  EXPECT_EQ(b.in(0x64) & 0x21, 0x21);
  EXPECT_TRUE(b.rec.level[12]);
  EXPECT_EQ(b.in(0x60), 0x5A);
  EXPECT_FALSE(b.rec.level[12]);
}

TEST(SystemControlA, A20AndFastReset) {
  StandaloneBus sb;
  SystemControlA port92;
  port92.attach(sb.bus);
  sb.io.write(0x92, 1, 0x00);
  EXPECT_FALSE(sb.control.a20);
  sb.io.write(0x92, 1, 0x02);
  EXPECT_TRUE(sb.control.a20);
  EXPECT_EQ(sb.io.read(0x92, 1), 0x02u);
  EXPECT_EQ(sb.control.resets, 0u);
  sb.io.write(0x92, 1, 0x03);  // 0 -> 1 on bit 0
  EXPECT_EQ(sb.control.resets, 1u);
  sb.io.write(0x92, 1, 0x03);  // no new edge
  EXPECT_EQ(sb.control.resets, 1u);
}

TEST(ResetControl, Bit2Resets) {
  StandaloneBus sb;
  ResetControl rc;
  rc.attach(sb.bus);
  sb.io.write(0xCF9, 1, 0x02);
  EXPECT_EQ(sb.io.read(0xCF9, 1), 0x02u);
  EXPECT_EQ(sb.control.resets, 0u);
  sb.io.write(0xCF9, 1, 0x06);
  EXPECT_EQ(sb.control.resets, 1u);
}

TEST(PostPort, AcceptsWritesReadsAllOnes) {
  StandaloneBus sb;
  PostPort post;
  post.attach(sb.bus);
  sb.io.write(0x80, 1, 0x42);
  EXPECT_EQ(post.last_code(), 0x42);
  EXPECT_EQ(sb.io.read(0x80, 1), 0xFFu);
}

}  // namespace
}  // namespace mkemu
