// MC146818A RTC/CMOS against the Motorola datasheet: time from the
// configuration, once-per-second update at the exact cycle, UIP 244 us
// before it, periodic/alarm/update-ended interrupts on IRQ8, BCD/binary and
// 12/24-hour formats, SET, divider reset, register C clearing, NMI mask bit,
// and the PC CMOS memory-size fields.
#include <gtest/gtest.h>

#include <vector>

#include "platform/core/errors.h"
#include "platform/devices/rtc_cmos.h"
#include "platform/standalone_bus.h"

namespace mkemu {
namespace {

constexpr uint64_t kCpuHz = 100'000'000;

// First CPU cycle at which 32.768 kHz tick `tick` has occurred.
uint64_t cycle_of_tick(uint64_t tick) {
  return (tick * kCpuHz + 32767) / 32768;
}

struct Recorder : IrqSink {
  void irq_input_changed(unsigned, bool level) override {
    if (level) rises.push_back(*cycles);
    this->level = level;
  }
  const uint64_t* cycles = nullptr;
  std::vector<uint64_t> rises;
  bool level = false;
};

struct RtcBench {
  explicit RtcBench(const char* time = "2026-01-01T00:00:00", uint32_t ram = 64u << 20)
      : rtc(parse_rtc_time(time), ram) {
    rec.cycles = &sb.clock.cycles;
    sb.bus.isa_irq_sink = [this](unsigned irq, unsigned& input) -> IrqSink* {
      input = irq;
      return irq == 8 ? &rec : nullptr;
    };
    rtc.attach(sb.bus);
  }
  uint8_t reg(uint8_t index) {
    sb.io.write(0x70, 1, index);
    return static_cast<uint8_t>(sb.io.read(0x71, 1));
  }
  void set(uint8_t index, uint8_t value) {
    sb.io.write(0x70, 1, index);
    sb.io.write(0x71, 1, value);
  }
  StandaloneBus sb{kCpuHz};
  Recorder rec;
  RtcCmos rtc;
};

TEST(RtcCmos, StartsAtTheConfiguredTimeInBcd24h) {
  RtcBench b;
  EXPECT_EQ(b.reg(0x00), 0x00);
  EXPECT_EQ(b.reg(0x02), 0x00);
  EXPECT_EQ(b.reg(0x04), 0x00);
  EXPECT_EQ(b.reg(0x06), 0x05);  // 2026-01-01 is a Thursday (Sunday = 1)
  EXPECT_EQ(b.reg(0x07), 0x01);
  EXPECT_EQ(b.reg(0x08), 0x01);
  EXPECT_EQ(b.reg(0x09), 0x26);
  EXPECT_EQ(b.reg(0x32), 0x20);  // century
  EXPECT_EQ(b.reg(0x0A), 0x26);  // 32.768 kHz divider, 1024 Hz rate
  EXPECT_EQ(b.reg(0x0B), 0x02);  // 24-hour, BCD
  EXPECT_EQ(b.reg(0x0D), 0x80);  // valid RAM and time
}

TEST(RtcCmos, SecondsAdvanceAtExactlyOneVirtualSecond) {
  RtcBench b;
  b.sb.advance_to(kCpuHz - 1);
  EXPECT_EQ(b.reg(0x00), 0x00);
  b.sb.advance_to(kCpuHz);
  EXPECT_EQ(b.reg(0x00), 0x01);
  b.sb.advance_to(61 * kCpuHz);
  EXPECT_EQ(b.reg(0x00), 0x01);
  EXPECT_EQ(b.reg(0x02), 0x01);
}

TEST(RtcCmos, UpdateInProgressIs244MicrosecondsBeforeTheUpdate) {
  RtcBench b;
  b.sb.advance_to(cycle_of_tick(32768 - 8) - 1);
  EXPECT_EQ(b.reg(0x0A) & 0x80, 0);
  b.sb.advance_to(cycle_of_tick(32768 - 8));
  EXPECT_EQ(b.reg(0x0A) & 0x80, 0x80);
  b.sb.advance_to(cycle_of_tick(32768));
  EXPECT_EQ(b.reg(0x0A) & 0x80, 0);
}

TEST(RtcCmos, PeriodicInterruptAt1024Hz) {
  RtcBench b;
  b.set(0x0B, 0x42);  // PIE
  b.sb.advance_to(cycle_of_tick(100));
  // Rate 6: a period of 32 ticks of the 32.768 kHz base.
  ASSERT_EQ(b.rec.rises.size(), 1u);
  EXPECT_EQ(b.rec.rises[0], cycle_of_tick(32));
  EXPECT_EQ(b.reg(0x0C), 0xC0);  // IRQF | PF
  EXPECT_FALSE(b.rec.level);
  EXPECT_EQ(b.reg(0x0C), 0x00);  // reading C cleared it
  b.sb.advance_to(cycle_of_tick(130));
  ASSERT_EQ(b.rec.rises.size(), 2u);
  EXPECT_EQ(b.rec.rises[1], cycle_of_tick(128));
}

TEST(RtcCmos, PeriodicRates1And2RepeatRates8And9) {
  RtcBench b;
  b.set(0x0A, 0x21);
  b.set(0x0B, 0x42);
  b.sb.advance_to(cycle_of_tick(200));
  ASSERT_EQ(b.rec.rises.size(), 1u);
  EXPECT_EQ(b.rec.rises[0], cycle_of_tick(128));  // 3.90625 ms
}

TEST(RtcCmos, PeriodicFlagIsSetEvenWithoutPie) {
  RtcBench b;
  b.sb.advance_to(cycle_of_tick(40));
  EXPECT_TRUE(b.rec.rises.empty());
  EXPECT_EQ(b.reg(0x0C), 0x40);  // PF without IRQF
}

TEST(RtcCmos, AlarmInterruptAtMatchingTime) {
  RtcBench b;
  b.set(0x01, 0x05);  // 00:00:05
  b.set(0x03, 0x00);
  b.set(0x05, 0x00);
  b.set(0x0B, 0x22);  // AIE
  b.sb.advance_to(10 * kCpuHz);
  ASSERT_EQ(b.rec.rises.size(), 1u);
  EXPECT_EQ(b.rec.rises[0], 5 * kCpuHz);
  EXPECT_EQ(b.reg(0x0C) & 0xA0, 0xA0);  // IRQF | AF
}

TEST(RtcCmos, DontCareAlarmFiresEverySecond) {
  RtcBench b;
  b.set(0x01, 0xC0);
  b.set(0x03, 0xFF);
  b.set(0x05, 0xC5);
  b.set(0x0B, 0x22);
  b.sb.advance_to(kCpuHz);
  EXPECT_EQ(b.rec.rises, std::vector<uint64_t>{kCpuHz});
  b.reg(0x0C);
  b.sb.advance_to(2 * kCpuHz);
  EXPECT_EQ(b.rec.rises.size(), 2u);
}

TEST(RtcCmos, UpdateEndedInterrupt) {
  RtcBench b;
  b.set(0x0B, 0x12);  // UIE
  b.sb.advance_to(kCpuHz + 5);
  EXPECT_EQ(b.rec.rises, std::vector<uint64_t>{kCpuHz});
  EXPECT_EQ(b.reg(0x0C) & 0xB0, 0x90);  // IRQF | UF (PF runs independently)
}

TEST(RtcCmos, SetBitStopsUpdatesAndClearsUie) {
  RtcBench b;
  b.set(0x0B, 0x92);  // SET | UIE
  EXPECT_EQ(b.reg(0x0B), 0x82);
  b.set(0x00, 0x30);
  b.sb.advance_to(3 * kCpuHz);
  EXPECT_EQ(b.reg(0x00), 0x30);
  b.set(0x0B, 0x02);
  b.sb.advance_to(4 * kCpuHz);
  EXPECT_EQ(b.reg(0x00), 0x31);
}

TEST(RtcCmos, BinaryTwelveHourRollsPmToAmAndNextDay) {
  RtcBench b;
  b.set(0x0B, 0x84);  // SET, binary, 12-hour
  b.set(0x00, 59);
  b.set(0x02, 59);
  b.set(0x04, 0x80 | 11);  // 11 PM
  b.set(0x06, 7);          // Saturday
  b.set(0x07, 31);
  b.set(0x08, 12);
  b.set(0x09, 25);
  b.set(0x0B, 0x04);
  b.sb.advance_to(kCpuHz);
  EXPECT_EQ(b.reg(0x04), 12);  // 12 AM
  EXPECT_EQ(b.reg(0x06), 1);   // Sunday
  EXPECT_EQ(b.reg(0x07), 1);
  EXPECT_EQ(b.reg(0x08), 1);
  EXPECT_EQ(b.reg(0x09), 26);
}

TEST(RtcCmos, TwelveHourNoonIsPm) {
  RtcBench b;
  b.set(0x0B, 0x80);  // SET, BCD, 12-hour
  b.set(0x00, 0x59);
  b.set(0x02, 0x59);
  b.set(0x04, 0x11);  // 11 AM
  b.set(0x0B, 0x00);
  b.sb.advance_to(kCpuHz);
  EXPECT_EQ(b.reg(0x04), 0x92);  // 12 PM
}

TEST(RtcCmos, LeapYearFebruary) {
  RtcBench leap("2024-02-28T23:59:59");
  leap.sb.advance_to(kCpuHz);
  EXPECT_EQ(leap.reg(0x07), 0x29);
  EXPECT_EQ(leap.reg(0x08), 0x02);
  RtcBench plain("2025-02-28T23:59:59");
  plain.sb.advance_to(kCpuHz);
  EXPECT_EQ(plain.reg(0x07), 0x01);
  EXPECT_EQ(plain.reg(0x08), 0x03);
}

TEST(RtcCmos, DividerResetDelaysTheFirstUpdateHalfASecond) {
  RtcBench b;
  b.sb.advance_to(kCpuHz / 4);
  b.set(0x0A, 0x76);  // divider in reset
  b.sb.advance_to(3 * kCpuHz);
  EXPECT_EQ(b.reg(0x00), 0x00);
  b.set(0x0A, 0x26);  // running again at 3 s: first update at 3.5 s
  b.sb.advance_to(3 * kCpuHz + kCpuHz / 2 - 1);
  EXPECT_EQ(b.reg(0x00), 0x00);
  b.sb.advance_to(3 * kCpuHz + kCpuHz / 2);
  EXPECT_EQ(b.reg(0x00), 0x01);
}

TEST(RtcCmos, MemorySizeFieldsFor64MiB) {
  RtcBench b;
  EXPECT_EQ(b.reg(0x15) | b.reg(0x16) << 8, 640);
  EXPECT_EQ(b.reg(0x17) | b.reg(0x18) << 8, 63 * 1024);
  EXPECT_EQ(b.reg(0x30) | b.reg(0x31) << 8, 63 * 1024);
  EXPECT_EQ(b.reg(0x34) | b.reg(0x35) << 8, 48 * 16);  // 64 KiB blocks above 16 MiB
}

TEST(RtcCmos, NmiMaskBitAndRamAccess) {
  RtcBench b;
  b.sb.io.write(0x70, 1, 0x80 | 0x40);
  EXPECT_TRUE(b.rtc.nmi_disabled());
  b.sb.io.write(0x71, 1, 0x5A);
  EXPECT_EQ(b.reg(0x40), 0x5A);
  EXPECT_FALSE(b.rtc.nmi_disabled());
  EXPECT_EQ(b.sb.io.read(0x70, 1), 0xFFu);  // the index port is write-only
}

TEST(RtcCmos, PeekHasNoSideEffects) {
  RtcBench b;
  b.set(0x0B, 0x42);
  b.sb.advance_to(cycle_of_tick(40));
  b.sb.io.write(0x70, 1, 0x0C);
  EXPECT_EQ(b.sb.io.peek(0x71, 1), 0xC0u);
  EXPECT_EQ(b.sb.io.peek(0x71, 1), 0xC0u);
  EXPECT_TRUE(b.rec.level);
}

TEST(RtcCmos, BadStartTimesAreInputErrors) {
  EXPECT_THROW(parse_rtc_time("2026-13-01T00:00:00"), InputError);
  EXPECT_THROW(parse_rtc_time("2026-02-29T00:00:00"), InputError);
  EXPECT_THROW(parse_rtc_time("now"), InputError);
  EXPECT_NO_THROW(parse_rtc_time("2024-02-29 12:00:00"));
}

TEST(RtcCmos, StateRoundTrip) {
  RtcBench b;
  b.set(0x0B, 0x12);
  b.sb.advance_to(kCpuHz / 2);
  StateWriter w;
  b.rtc.save_state(w);
  RtcBench c;
  c.sb.advance_to(kCpuHz / 2);
  StateReader r(w.bytes());
  c.rtc.load_state(r);
  EXPECT_EQ(r.remaining(), 0u);
  c.sb.advance_to(3 * kCpuHz);
  b.sb.advance_to(3 * kCpuHz);
  EXPECT_EQ(b.reg(0x00), c.reg(0x00));
  EXPECT_EQ(b.reg(0x0B), c.reg(0x0B));
}

}  // namespace
}  // namespace mkemu
