// 8254 PIT against the Intel 8254 datasheet (231164): the six modes' OUT
// waveforms and counts, read-back, counter latch, BCD, gates, NULL COUNT,
// port 0x61; and IRQ0 edges at the exact CPU cycle the 1.193182 MHz input
// clock reaches them on a 100 MHz virtual clock.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "platform/devices/pit8254.h"
#include "platform/standalone_bus.h"

namespace mkemu {
namespace {

constexpr uint64_t kCpuHz = 100'000'000;
constexpr uint64_t kPitHz = 1'193'182;

// The first CPU cycle at which PIT clock `tick` has occurred.
uint64_t cycle_of_tick(uint64_t tick) {
  return (tick * kCpuHz + kPitHz - 1) / kPitHz;
}

struct Recorder : IrqSink {
  void irq_input_changed(unsigned, bool level) override { edges.emplace_back(*cycles, level); }
  const uint64_t* cycles = nullptr;
  std::vector<std::pair<uint64_t, bool>> edges;
};

struct PitBench {
  PitBench() {
    rec.cycles = &sb.clock.cycles;
    sb.bus.isa_irq_sink = [this](unsigned irq, unsigned& input) -> IrqSink* {
      input = irq;
      return irq == 0 ? &rec : nullptr;
    };
    pit.attach(sb.bus);
    rec.edges.clear();
  }
  void out(uint16_t port, uint8_t value) { sb.io.write(port, 1, value); }
  uint8_t in(uint16_t port) { return static_cast<uint8_t>(sb.io.read(port, 1)); }
  void at_tick(uint64_t tick) { sb.advance_to(cycle_of_tick(tick)); }
  uint16_t read_count(unsigned channel) {
    out(0x43, static_cast<uint8_t>(channel << 6));  // counter latch
    uint8_t lo = in(static_cast<uint16_t>(0x40 + channel));
    uint8_t hi = in(static_cast<uint16_t>(0x40 + channel));
    return static_cast<uint16_t>(lo | hi << 8);
  }
  uint8_t status(unsigned channel) {
    out(0x43, static_cast<uint8_t>(0xE0 | (2u << channel)));  // read-back status only
    return in(static_cast<uint16_t>(0x40 + channel));
  }
  StandaloneBus sb{kCpuHz};
  Recorder rec;
  Pit8254 pit;
};

TEST(Pit8254, PowerOnChannel0RunsMode3At18Hz) {
  PitBench b;
  // QEMU's reset state (the 8254's own is undefined): status 86h.
  EXPECT_EQ(b.status(0), 0x86);
  EXPECT_EQ(b.status(2), 0x86);
  // As QEMU: mode 3 with count 65536 from power-on; IRQ0 rises every 65536 clocks.
  b.at_tick(65536 * 2);
  ASSERT_GE(b.rec.edges.size(), 3u);
  EXPECT_EQ(b.rec.edges[0], std::make_pair(cycle_of_tick(32768), false));
  EXPECT_EQ(b.rec.edges[1], std::make_pair(cycle_of_tick(65536), true));
  EXPECT_EQ(b.rec.edges[2], std::make_pair(cycle_of_tick(65536 + 32768), false));
}

TEST(Pit8254, Mode2RateGeneratorEdgesAreCycleExact) {
  PitBench b;
  b.at_tick(100);
  b.rec.edges.clear();
  b.out(0x43, 0x34);  // counter 0, LSB then MSB, mode 2, binary
  b.out(0x40, 1193 & 0xFF);
  b.out(0x40, 1193 >> 8);
  // Written during clock 100: loaded at clock 101; OUT low for the one clock
  // where the count is 1 (101 + 1192) and high again on reload (101 + 1193).
  b.at_tick(101 + 3 * 1193);
  std::vector<std::pair<uint64_t, bool>> want;
  for (uint64_t k = 1; k <= 3; ++k) {
    want.emplace_back(cycle_of_tick(101 + k * 1193 - 1), false);
    want.emplace_back(cycle_of_tick(101 + k * 1193), true);
  }
  EXPECT_EQ(b.rec.edges, want);
}

TEST(Pit8254, Mode0CountsDownAndRaisesOutAfterNPlusOneClocks) {
  PitBench b;
  b.out(0x43, 0x30);                                                  // counter 0, mode 0
  EXPECT_EQ(b.rec.edges.back(), std::make_pair(uint64_t{0}, false));  // OUT low at the control word
  b.out(0x40, 100);
  b.out(0x40, 0);
  b.at_tick(1);
  EXPECT_EQ(b.read_count(0), 100);
  b.at_tick(41);
  EXPECT_EQ(b.read_count(0), 60);
  b.at_tick(200);
  EXPECT_EQ(b.rec.edges.back(), std::make_pair(cycle_of_tick(101), true));
  // After terminal count the counter keeps wrapping down from 0xFFFF.
  EXPECT_EQ(b.read_count(0), static_cast<uint16_t>(100 - 200 + 1));
}

TEST(Pit8254, Mode3SquareWaveOddCountHighOneClockLonger) {
  PitBench b;
  b.out(0x61, 0x01);  // gate 2 on, speaker off
  b.out(0x43, 0xB6);  // counter 2, mode 3
  b.out(0x42, 5);
  b.out(0x42, 0);
  // Loaded at clock 1; high for (5+1)/2 = 3 clocks, low for 2.
  std::vector<int> out2;
  for (uint64_t t = 1; t <= 11; ++t) {
    b.at_tick(t);
    out2.push_back((b.in(0x61) >> 5) & 1);
  }
  EXPECT_EQ(out2, (std::vector<int>{1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1}));
}

TEST(Pit8254, Mode3EvenCountDecrementsByTwo) {
  PitBench b;
  b.out(0x43, 0x36);  // counter 0, mode 3
  b.out(0x40, 10);
  b.out(0x40, 0);
  b.at_tick(1);
  EXPECT_EQ(b.read_count(0), 10);
  b.at_tick(3);
  EXPECT_EQ(b.read_count(0), 6);
  b.at_tick(6);  // second half: reloaded, counting 10, 8, ...
  EXPECT_EQ(b.read_count(0), 10);
  b.at_tick(7);
  EXPECT_EQ(b.read_count(0), 8);
}

TEST(Pit8254, ReadBackStatusShowsOutNullCountAndMode) {
  PitBench b;
  b.at_tick(10);
  b.out(0x43, 0x32);                           // counter 0, LSB/MSB, mode 1
  EXPECT_EQ(b.status(0), 0x80 | 0x40 | 0x32);  // OUT high, null count, RW=3, mode 1
  b.out(0x43, 0x34);
  b.out(0x40, 50);
  b.out(0x40, 0);
  EXPECT_EQ(b.status(0), 0x80 | 0x40 | 0x34);  // count not yet in CE
  b.at_tick(11);
  EXPECT_EQ(b.status(0), 0x80 | 0x34);  // loaded on the next clock
}

TEST(Pit8254, ReadBackLatchesCountAndStatusTogether) {
  PitBench b;
  b.out(0x43, 0x34);
  b.out(0x40, 0x34);
  b.out(0x40, 0x12);
  b.at_tick(1);
  b.out(0x43, 0xC2);  // latch count and status of counter 0
  b.at_tick(500);
  EXPECT_EQ(b.in(0x40), 0xB4);  // status first: OUT high (mode 2), count loaded, RW 3, mode 2
  EXPECT_EQ(b.in(0x40), 0x34);  // then the count latched at clock 1: 0x1234
  EXPECT_EQ(b.in(0x40), 0x12);
}

TEST(Pit8254, SecondLatchBeforeReadIsIgnored) {
  PitBench b;
  b.out(0x43, 0x30);
  b.out(0x40, 0x00);
  b.out(0x40, 0x10);  // 0x1000
  b.at_tick(1);
  b.out(0x43, 0x00);  // latch 0x1000
  b.at_tick(17);
  b.out(0x43, 0x00);  // ignored
  EXPECT_EQ(b.in(0x40), 0x00);
  EXPECT_EQ(b.in(0x40), 0x10);
  b.out(0x43, 0x00);  // now latches again
  EXPECT_EQ(b.in(0x40), 0xF0);
  EXPECT_EQ(b.in(0x40), 0x0F);
}

TEST(Pit8254, BcdCountsDecimally) {
  PitBench b;
  b.out(0x43, 0x31);  // counter 0, mode 0, BCD
  b.out(0x40, 0x00);
  b.out(0x40, 0x01);  // 0100 decimal
  b.at_tick(2);
  EXPECT_EQ(b.read_count(0), 0x0099);
  b.at_tick(101);
  EXPECT_EQ(b.read_count(0), 0x0000);
  b.at_tick(102);
  EXPECT_EQ(b.read_count(0), 0x9999);  // wraps to 9999 in BCD
}

TEST(Pit8254, Mode0GateLowSuspendsCounting) {
  PitBench b;
  b.out(0x43, 0xB0);  // counter 2, mode 0; gate 2 is low
  b.out(0x42, 20);
  b.out(0x42, 0);
  b.at_tick(10);
  EXPECT_EQ(b.read_count(2), 20);  // loaded, not counting
  b.out(0x61, 0x01);               // gate high at clock 10
  b.at_tick(15);
  EXPECT_EQ(b.read_count(2), 15);
  b.out(0x61, 0x00);
  b.at_tick(40);
  EXPECT_EQ(b.read_count(2), 15);
  EXPECT_EQ(b.in(0x61) & 0x20, 0);
}

TEST(Pit8254, Mode1OneShotStartsOnGateRisingEdge) {
  PitBench b;
  b.out(0x43, 0xB2);  // counter 2, mode 1
  b.out(0x42, 4);
  b.out(0x42, 0);
  b.at_tick(5);
  EXPECT_EQ(b.in(0x61) & 0x20, 0x20);  // waits for a trigger with OUT high
  b.out(0x61, 0x01);                   // trigger during clock 5
  std::vector<int> out2;
  for (uint64_t t = 5; t <= 11; ++t) {
    b.at_tick(t);
    out2.push_back((b.in(0x61) >> 5) & 1);
  }
  // Low from the clock after the trigger (6) for 4 clocks.
  EXPECT_EQ(out2, (std::vector<int>{1, 0, 0, 0, 0, 1, 1}));
}

TEST(Pit8254, Mode4StrobesLowForOneClock) {
  PitBench b;
  b.out(0x43, 0x38);  // counter 0, mode 4
  b.out(0x40, 3);
  b.out(0x40, 0);
  b.at_tick(10);
  EXPECT_EQ(b.rec.edges, (std::vector<std::pair<uint64_t, bool>>{{cycle_of_tick(4), false},
                                                                 {cycle_of_tick(5), true}}));
}

TEST(Pit8254, Mode5StrobesAfterGateTrigger) {
  PitBench b;
  b.out(0x43, 0xBA);  // counter 2, mode 5
  b.out(0x42, 2);
  b.out(0x42, 0);
  b.at_tick(3);
  b.out(0x61, 0x01);  // trigger during clock 3: load at 4, low at 6 for one clock
  std::vector<int> out2;
  for (uint64_t t = 4; t <= 8; ++t) {
    b.at_tick(t);
    out2.push_back((b.in(0x61) >> 5) & 1);
  }
  EXPECT_EQ(out2, (std::vector<int>{1, 1, 0, 1, 1}));
}

TEST(Pit8254, Port61RefreshBitTogglesEvery18Clocks) {
  PitBench b;
  b.out(0x61, 0x03);
  EXPECT_EQ(b.in(0x61) & 0x13, 0x03);
  b.at_tick(18);
  EXPECT_EQ(b.in(0x61) & 0x10, 0x10);
  b.at_tick(35);
  EXPECT_EQ(b.in(0x61) & 0x10, 0x10);
  b.at_tick(36);
  EXPECT_EQ(b.in(0x61) & 0x10, 0x00);
}

TEST(Pit8254, NewMode2CountTakesEffectAtPeriodEnd) {
  PitBench b;
  b.out(0x43, 0x34);
  b.out(0x40, 100);
  b.out(0x40, 0);  // loaded at 1, periods end at 101, 201...
  b.at_tick(50);
  b.out(0x40, 10);
  b.out(0x40, 0);
  b.rec.edges.clear();
  b.at_tick(125);
  // The old period ends at 101 (low at 100); then 10-clock periods.
  EXPECT_EQ(b.rec.edges.front(), std::make_pair(cycle_of_tick(100), false));
  EXPECT_EQ(b.rec.edges[1], std::make_pair(cycle_of_tick(101), true));
  EXPECT_EQ(b.rec.edges[2], std::make_pair(cycle_of_tick(110), false));
  EXPECT_EQ(b.rec.edges[3], std::make_pair(cycle_of_tick(111), true));
}

TEST(Pit8254, StateRoundTripKeepsTiming) {
  PitBench b;
  b.out(0x43, 0x34);
  b.out(0x40, 0x00);
  b.out(0x40, 0x01);  // 256
  b.at_tick(77);
  StateWriter w;
  b.pit.save_state(w);
  PitBench c;
  c.at_tick(77);
  StateReader r(w.bytes());
  c.pit.load_state(r);
  EXPECT_EQ(r.remaining(), 0u);
  b.at_tick(90);
  c.at_tick(90);
  EXPECT_EQ(b.read_count(0), c.read_count(0));
  EXPECT_EQ(b.status(0), c.status(0));
}

}  // namespace
}  // namespace mkemu
