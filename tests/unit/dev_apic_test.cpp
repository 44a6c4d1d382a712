// Local APIC and I/O APIC against the Intel SDM vol. 3 ch. 10 and the 82093AA
// datasheet: register reset values, the timer in one-shot, periodic and
// TSC-deadline modes on the virtual clock with the divide configuration,
// TPR/PPR priority, EOI, spurious vector, self IPIs; redirection entries,
// edge/level delivery with remote IRR and EOI, masking, IRQ0 on pin 2.
#include <gtest/gtest.h>

#include <vector>

#include "platform/devices/io_apic.h"
#include "platform/devices/local_apic.h"
#include "platform/interrupt_routing.h"
#include "platform/standalone_bus.h"

namespace mkemu {
namespace {

constexpr uint32_t kLapic = 0xFEE0'0000u;
constexpr uint32_t kIoapic = 0xFEC0'0000u;

struct ApicBench {
  explicit ApicBench(bool tsc_deadline = false) : lapic(tsc_deadline), ioapic(lapic) {
    lapic.attach(sb.bus);
    ioapic.attach(sb.bus);
    lapic.on_level_eoi = [this](uint8_t v) { ioapic.end_of_interrupt(v); };
    lapic.on_nmi = [this] { ++nmis; };
  }
  uint32_t reg(uint32_t offset) { return sb.memory.read(kLapic + offset, 4); }
  void set(uint32_t offset, uint32_t value) { sb.memory.write(kLapic + offset, 4, value); }
  uint32_t ioreg(uint8_t index) {
    sb.memory.write(kIoapic, 4, index);
    return sb.memory.read(kIoapic + 0x10, 4);
  }
  void ioset(uint8_t index, uint32_t value) {
    sb.memory.write(kIoapic, 4, index);
    sb.memory.write(kIoapic + 0x10, 4, value);
  }
  bool irr(uint8_t v) { return (reg(0x200 + (v / 32) * 16) >> (v % 32)) & 1; }
  bool isr(uint8_t v) { return (reg(0x100 + (v / 32) * 16) >> (v % 32)) & 1; }
  StandaloneBus sb{100'000'000, 1u << 20};
  LocalApic lapic;
  IoApic ioapic;
  int nmis = 0;
};

TEST(LocalApic, ResetValues) {
  ApicBench b;
  EXPECT_EQ(b.reg(0x030), 0x0005'0014u);
  EXPECT_EQ(b.reg(0x0E0), 0xFFFF'FFFFu);  // flat model
  // As SeaBIOS leaves it (there is no firmware): enabled, virtual wire.
  EXPECT_EQ(b.reg(0x0F0), 0x0000'01FFu);
  EXPECT_EQ(b.reg(0x320), 0x0001'0000u);  // timer masked
  EXPECT_EQ(b.reg(0x330), 0x0001'0000u);
  EXPECT_EQ(b.reg(0x340), 0x0001'0000u);
  EXPECT_EQ(b.reg(0x350), 0x0000'8700u);  // LINT0 ExtINT, level
  EXPECT_EQ(b.reg(0x360), 0x0000'8400u);  // LINT1 NMI, level
  EXPECT_EQ(b.reg(0x370), 0x0001'0000u);
  EXPECT_EQ(b.lapic.base_msr(), 0xFEE0'0900u);  // BSP, enabled
  EXPECT_TRUE(b.lapic.passes_extint());
}

TEST(LocalApic, OneShotTimerFiresAfterCountTimesDivide) {
  ApicBench b;
  b.set(0x0F0, 0x1FF);
  b.set(0x3E0, 0x1);          // divide by 4
  b.set(0x320, 0x0000'0040);  // one-shot, vector 0x40
  b.sb.advance_to(1000);
  b.set(0x380, 250);  // 250 * 4 = 1000 cycles
  b.sb.advance_to(1400);
  EXPECT_EQ(b.reg(0x390), 150u);  // 400 cycles = 100 counts
  b.sb.advance_to(1999);
  EXPECT_FALSE(b.irr(0x40));
  b.sb.advance_to(2000);
  EXPECT_TRUE(b.irr(0x40));
  EXPECT_EQ(b.reg(0x390), 0u);
  EXPECT_TRUE(b.lapic.interrupt_pending());
  EXPECT_EQ(b.lapic.acknowledge(), 0x40);
  EXPECT_TRUE(b.isr(0x40));
  b.set(0x0B0, 0);
  EXPECT_FALSE(b.isr(0x40));
  b.sb.advance_to(10'000);
  EXPECT_FALSE(b.irr(0x40));  // one-shot: no reload
}

TEST(LocalApic, PeriodicTimerReloadsWithoutDrift) {
  ApicBench b;
  b.set(0x0F0, 0x1FF);
  b.set(0x3E0, 0xB);          // divide by 1
  b.set(0x320, 0x0002'0041);  // periodic
  b.set(0x380, 300);
  std::vector<uint64_t> fired;
  for (uint64_t t = 1; t <= 1000; ++t) {
    b.sb.advance_to(t);
    if (b.irr(0x41)) {
      fired.push_back(t);
      EXPECT_EQ(b.lapic.acknowledge(), 0x41);
      b.set(0x0B0, 0);
    }
  }
  EXPECT_EQ(fired, (std::vector<uint64_t>{300, 600, 900}));
  EXPECT_EQ(b.reg(0x390), 300u - 100u);
}

TEST(LocalApic, MaskedTimerCountsButDoesNotDeliver) {
  ApicBench b;
  b.set(0x0F0, 0x1FF);
  b.set(0x3E0, 0xB);
  b.set(0x320, 0x0001'0042);
  b.set(0x380, 10);
  b.sb.advance_to(50);
  EXPECT_FALSE(b.irr(0x42));
  EXPECT_EQ(b.reg(0x390), 0u);
}

TEST(LocalApic, TscDeadlineModeWhenSupported) {
  ApicBench b(true);
  b.set(0x0F0, 0x1FF);
  b.set(0x320, 0x0004'0043);
  EXPECT_EQ(b.reg(0x320), 0x0004'0043u);
  b.set(0x380, 5);  // ignored in TSC-deadline mode
  EXPECT_EQ(b.reg(0x380), 0u);
  b.lapic.set_tsc_deadline(777);
  b.sb.advance_to(776);
  EXPECT_FALSE(b.irr(0x43));
  b.sb.advance_to(777);
  EXPECT_TRUE(b.irr(0x43));
  EXPECT_EQ(b.lapic.tsc_deadline(), 0u);  // cleared when it fired
  ApicBench plain(false);
  plain.set(0x320, 0x0004'0043);
  EXPECT_EQ(plain.reg(0x320) & 0x0006'0000u, 0u);  // mode bit 18 reserved
}

TEST(LocalApic, TaskPriorityBlocksLowerClasses) {
  ApicBench b;
  b.set(0x0F0, 0x1FF);
  b.lapic.accept(0x55, false);
  b.set(0x080, 0x60);
  EXPECT_FALSE(b.lapic.interrupt_pending());
  EXPECT_EQ(b.reg(0x0A0), 0x60u);
  b.set(0x080, 0x40);
  EXPECT_TRUE(b.lapic.interrupt_pending());
  EXPECT_EQ(b.lapic.acknowledge(), 0x55);
  EXPECT_EQ(b.reg(0x0A0), 0x50u);  // PPR follows the in-service class
  b.lapic.accept(0x52, false);     // same class as in service: waits
  EXPECT_FALSE(b.lapic.interrupt_pending());
  b.lapic.accept(0x71, false);
  EXPECT_EQ(b.lapic.acknowledge(), 0x71);
}

TEST(LocalApic, AcknowledgeBlockedByPriorityReturnsSpuriousVector) {
  ApicBench b;
  b.set(0x0F0, 0x1EF);
  b.lapic.accept(0x30, false);
  b.set(0x080, 0xF0);
  EXPECT_EQ(b.lapic.acknowledge(), 0xEF);
  EXPECT_TRUE(b.irr(0x30));
}

TEST(LocalApic, SoftwareDisabledDeliversNothingAndMasksLvt) {
  ApicBench b;
  b.set(0x0F0, 0x0FF);  // write with the enable bit clear: LVTs masked
  EXPECT_EQ(b.reg(0x350), 0x1'8700u);
  EXPECT_FALSE(b.lapic.passes_extint());
  b.lapic.accept(0x60, false);
  EXPECT_FALSE(b.lapic.interrupt_pending());
  EXPECT_EQ(b.lapic.acknowledge(), -1);
  b.set(0x350, 0x700);  // cannot unmask while disabled
  EXPECT_EQ(b.reg(0x350), 0x1'0700u);
}

TEST(LocalApic, SelfIpiAndNmi) {
  ApicBench b;
  b.set(0x0F0, 0x1FF);
  b.set(0x300, 0x0004'0066);  // shorthand self, fixed, vector 0x66
  EXPECT_TRUE(b.irr(0x66));
  b.set(0x300, 0x0004'0400);  // self NMI
  EXPECT_EQ(b.nmis, 1);
  b.lapic.accept(0x05, false);  // vectors below 16 are illegal
  b.set(0x280, 0);
  EXPECT_EQ(b.reg(0x280), 0x40u);
}

TEST(LocalApic, GloballyDisabledPassesThePicAndHidesMmio) {
  ApicBench b;
  b.lapic.set_base_msr(0xFEE0'0000u);  // enable bit clear
  EXPECT_TRUE(b.lapic.passes_extint());
  EXPECT_EQ(b.reg(0x030), 0xFFFF'FFFFu);
  b.lapic.set_base_msr(0xFEE0'0800u);  // cannot re-enable before reset
  EXPECT_EQ(b.lapic.base_msr(), 0xFEE0'0100u);
}

TEST(LocalApic, BaseRelocation) {
  ApicBench b;
  b.lapic.set_base_msr(0xFED0'0900u);
  EXPECT_EQ(b.sb.memory.read(0xFED0'0030u, 4), 0x0005'0014u);
  EXPECT_EQ(b.reg(0x030), 0xFFFF'FFFFu);  // the old window is gone
}

TEST(IoApic, RegistersAndResetState) {
  ApicBench b;
  EXPECT_EQ(b.ioreg(0x01), 0x0017'0020u);
  b.ioset(0x00, 0x0F00'0000u);
  EXPECT_EQ(b.ioreg(0x00), 0x0F00'0000u);
  for (uint8_t pin = 0; pin < 24; ++pin) EXPECT_EQ(b.ioreg(0x10 + 2 * pin), 0x0001'0000u);
  b.ioset(0x11, 0xFF00'0000u);
  EXPECT_EQ(b.ioreg(0x11), 0xFF00'0000u);
}

TEST(IoApic, EdgeRouting) {
  ApicBench b;
  b.set(0x0F0, 0x1FF);
  b.ioset(0x10 + 2 * 4, 0x34);  // pin 4: fixed, physical dest 0, edge, unmasked
  b.ioapic.irq_input_changed(4, true);
  EXPECT_TRUE(b.irr(0x34));
  EXPECT_EQ(b.lapic.acknowledge(), 0x34);
  b.ioapic.irq_input_changed(4, false);
  b.set(0x0B0, 0);
  EXPECT_FALSE(b.irr(0x34));
}

TEST(IoApic, MaskedEdgeWaitsUntilUnmasked) {
  ApicBench b;
  b.ioset(0x10 + 2 * 3, 0x0001'0035);
  b.ioapic.irq_input_changed(3, true);
  EXPECT_FALSE(b.irr(0x35));
  b.ioset(0x10 + 2 * 3, 0x35);
  EXPECT_TRUE(b.irr(0x35));
}

TEST(IoApic, LevelRemoteIrrUntilEoi) {
  ApicBench b;
  b.set(0x0F0, 0x1FF);
  b.ioset(0x10 + 2 * 9, 0x0000'8039);  // level-triggered
  b.ioapic.irq_input_changed(9, true);
  EXPECT_EQ(b.ioreg(0x10 + 2 * 9) & 0x4000u, 0x4000u);  // remote IRR
  EXPECT_EQ(b.lapic.acknowledge(), 0x39);
  EXPECT_EQ(b.reg(0x180 + 16) >> (0x39 - 32) & 1, 1u);  // TMR set
  b.set(0x0B0, 0);  // EOI with the line still high: delivered again
  EXPECT_TRUE(b.irr(0x39));
  EXPECT_EQ(b.lapic.acknowledge(), 0x39);
  b.ioapic.irq_input_changed(9, false);
  b.set(0x0B0, 0);
  EXPECT_EQ(b.ioreg(0x10 + 2 * 9) & 0x4000u, 0u);
  EXPECT_FALSE(b.irr(0x39));
}

TEST(IoApic, DestinationMustMatch) {
  ApicBench b;
  b.ioset(0x11 + 2 * 5, 0x0300'0000u);  // physical APIC ID 3: not us
  b.ioset(0x10 + 2 * 5, 0x45);
  b.ioapic.irq_input_changed(5, true);
  EXPECT_FALSE(b.irr(0x45));
}

TEST(InterruptRouting, IsaIrq0ReachesIoapicPin2AndPicInput0) {
  StandaloneBus sb;
  LocalApic lapic;
  IoApic ioapic(lapic);
  Pic8259Pair pic;
  pic.attach(sb.bus);
  lapic.attach(sb.bus);
  ioapic.attach(sb.bus);
  IsaIrqFanout fanout(&pic, &ioapic);
  sb.memory.write(kIoapic, 4, 0x14);
  sb.memory.write(kIoapic + 0x10, 4, 0x30);  // pin 2 -> vector 0x30
  sb.memory.write(kLapic + 0xF0, 4, 0x1FF);
  fanout.irq_input_changed(0, true);
  EXPECT_TRUE(lapic.interrupt_pending());
  EXPECT_EQ(sb.io.read(0x20, 1), 0x01u);  // PIC IRR bit 0
}

TEST(InterruptRouting, ApicFirstThenPicThroughExtInt) {
  StandaloneBus sb;
  LocalApic lapic;
  Pic8259Pair pic;
  pic.attach(sb.bus);
  lapic.attach(sb.bus);
  CpuInterruptPins pins(&pic, &lapic, sb.log);
  bool intr = false;
  pins.set_intr = [&](bool l) { intr = l; };
  pic.on_int_output = [&](bool) { pins.update(); };
  lapic.on_state_change = [&] { pins.update(); };
  for (uint8_t v : {0x11, 0x08, 0x04, 0x01}) sb.io.write(v == 0x11 ? 0x20 : 0x21, 1, v);
  pic.irq_input_changed(1, true);
  EXPECT_TRUE(intr);
  sb.memory.write(kLapic + 0xF0, 4, 0x1FF);
  lapic.accept(0x90, false);
  EXPECT_EQ(pins.acknowledge_interrupt(), 0x90);
  EXPECT_EQ(pins.acknowledge_interrupt(), 0x09);  // then the PIC's IRQ1 (base 8)
  EXPECT_FALSE(intr);
  sb.memory.write(kLapic + 0x350, 4, 0x1'0700);  // LINT0 masked: the PIC is cut off
  pic.irq_input_changed(3, true);
  EXPECT_FALSE(intr);
}

TEST(LocalApic, StateRoundTrip) {
  ApicBench b;
  b.set(0x0F0, 0x1FF);
  b.set(0x3E0, 0xB);
  b.set(0x320, 0x0002'0041);
  b.set(0x380, 300);
  b.sb.advance_to(100);
  StateWriter w;
  b.lapic.save_state(w);
  b.sb.scheduler.save_state(w);
  ApicBench c;
  c.sb.advance_to(100);
  StateReader r(w.bytes());
  c.lapic.load_state(r);
  c.sb.scheduler.load_state(r);
  EXPECT_EQ(r.remaining(), 0u);
  c.sb.advance_to(300);
  EXPECT_TRUE(c.irr(0x41));
  EXPECT_EQ(c.reg(0x390), 300u);
}

}  // namespace
}  // namespace mkemu
