// 8259A pair against the Intel 8259A datasheet: initialisation, fully nested
// priorities, EOI forms, rotation, AEOI, cascade, spurious IRQ7/IRQ15,
// special mask mode, poll, ELCR edge/level.
#include <gtest/gtest.h>

#include <vector>

#include "platform/devices/pic8259.h"
#include "platform/standalone_bus.h"

namespace mkemu {
namespace {

struct PicBench {
  PicBench() {
    pic.on_int_output = [this](bool level) { int_pin = level; };
    pic.attach(sb.bus);
  }
  void out(uint16_t port, uint8_t value) { sb.io.write(port, 1, value); }
  uint8_t in(uint16_t port) { return static_cast<uint8_t>(sb.io.read(port, 1)); }
  // The PC/AT initialisation: edge, cascade, ICW4 with 8086 mode.
  void init_pc(uint8_t icw4 = 0x01) {
    out(0x20, 0x11);
    out(0x21, 0x20);
    out(0x21, 0x04);
    out(0x21, icw4);
    out(0xA0, 0x11);
    out(0xA1, 0x28);
    out(0xA1, 0x02);
    out(0xA1, icw4);
  }
  void pulse(unsigned irq) {
    pic.irq_input_changed(irq, true);
    pic.irq_input_changed(irq, false);
  }
  StandaloneBus sb;
  Pic8259Pair pic;
  bool int_pin = false;
};

TEST(Pic8259, InitialisationClearsMaskAndDeliversWithVectorBase) {
  PicBench b;
  b.out(0x21, 0xFF);
  b.init_pc();
  EXPECT_EQ(b.in(0x21), 0x00);  // ICW1 clears the IMR
  EXPECT_FALSE(b.int_pin);
  b.pulse(1);
  EXPECT_TRUE(b.int_pin);
  EXPECT_EQ(b.in(0x20), 0x02);  // IRR (status read defaults to IRR)
  EXPECT_EQ(b.pic.acknowledge(), 0x21);
  EXPECT_FALSE(b.int_pin);
  b.out(0x20, 0x0B);  // OCW3: read ISR
  EXPECT_EQ(b.in(0x20), 0x02);
  b.out(0x20, 0x20);  // non-specific EOI
  EXPECT_EQ(b.in(0x20), 0x00);
}

TEST(Pic8259, FullyNestedPriorities) {
  PicBench b;
  b.init_pc();
  b.pulse(5);
  b.pulse(3);
  EXPECT_EQ(b.pic.acknowledge(), 0x23);  // IR3 beats IR5
  EXPECT_FALSE(b.int_pin);               // IR5 is lower than the in-service IR3
  b.pulse(1);
  EXPECT_TRUE(b.int_pin);  // a higher level nests
  EXPECT_EQ(b.pic.acknowledge(), 0x21);
  b.out(0x20, 0x20);  // EOI retires IR1 (the highest in service)
  EXPECT_FALSE(b.int_pin);
  b.out(0x20, 0x63);  // specific EOI for IR3
  EXPECT_TRUE(b.int_pin);
  EXPECT_EQ(b.pic.acknowledge(), 0x25);
}

TEST(Pic8259, MaskedRequestsWaitInIrr) {
  PicBench b;
  b.init_pc();
  b.out(0x21, 0x10);
  b.pulse(4);
  EXPECT_FALSE(b.int_pin);
  EXPECT_EQ(b.in(0x20), 0x10);
  b.out(0x21, 0x00);
  EXPECT_TRUE(b.int_pin);
}

TEST(Pic8259, CascadeDeliversSlaveVectorAndSetsBothIsrs) {
  PicBench b;
  b.init_pc();
  b.pulse(10);
  EXPECT_TRUE(b.int_pin);
  EXPECT_EQ(b.pic.acknowledge(), 0x2A);
  b.out(0x20, 0x0B);
  b.out(0xA0, 0x0B);
  EXPECT_EQ(b.in(0x20), 0x04);
  EXPECT_EQ(b.in(0xA0), 0x04);
  b.out(0xA0, 0x20);
  b.out(0x20, 0x20);
  EXPECT_EQ(b.in(0x20), 0x00);
  EXPECT_EQ(b.in(0xA0), 0x00);
}

TEST(Pic8259, SpuriousIrq7HasNoInServiceBit) {
  PicBench b;
  b.init_pc();
  EXPECT_EQ(b.pic.acknowledge(), 0x27);
  b.out(0x20, 0x0B);
  EXPECT_EQ(b.in(0x20), 0x00);
}

TEST(Pic8259, SpuriousIrq15LeavesMasterIr2InService) {
  PicBench b;
  b.init_pc();
  b.out(0x4D1, 0x04);  // IRQ10 level-triggered
  b.pic.irq_input_changed(10, true);
  EXPECT_TRUE(b.int_pin);
  // The request goes away before the acknowledge: the slave answers IR7.
  b.pic.irq_input_changed(10, false);
  EXPECT_EQ(b.pic.acknowledge(), 0x2F);
  b.out(0x20, 0x0B);
  b.out(0xA0, 0x0B);
  EXPECT_EQ(b.in(0x20), 0x04);  // the master saw a cascade request and serviced it
  EXPECT_EQ(b.in(0xA0), 0x00);
}

TEST(Pic8259, AutomaticEoiSetsNoInServiceBit) {
  PicBench b;
  b.init_pc(0x03);  // ICW4: AEOI, 8086 mode
  b.pulse(6);
  EXPECT_EQ(b.pic.acknowledge(), 0x26);
  b.out(0x20, 0x0B);
  EXPECT_EQ(b.in(0x20), 0x00);
  b.pulse(7);
  EXPECT_TRUE(b.int_pin);  // nothing in service blocks it
}

TEST(Pic8259, SetPriorityAndRotateOnEoi) {
  PicBench b;
  b.init_pc();
  b.out(0x20, 0xC4);  // set priority: IR4 lowest, so IR5 highest
  b.pulse(3);
  b.pulse(6);
  EXPECT_EQ(b.pic.acknowledge(), 0x26);
  b.out(0x20, 0xA0);  // rotate on non-specific EOI: IR6 becomes lowest, IR7 highest
  b.pulse(7);
  EXPECT_EQ(b.pic.acknowledge(), 0x27);
  b.out(0x20, 0x20);
  EXPECT_EQ(b.pic.acknowledge(), 0x23);
}

TEST(Pic8259, SpecialMaskModeLetsLowerLevelsThrough) {
  PicBench b;
  b.init_pc();
  b.pulse(3);
  EXPECT_EQ(b.pic.acknowledge(), 0x23);
  b.pulse(5);
  EXPECT_FALSE(b.int_pin);  // blocked by IR3 in service
  b.out(0x21, 0x08);        // mask IR3
  b.out(0x20, 0x68);        // OCW3: set special mask mode
  EXPECT_TRUE(b.int_pin);
  EXPECT_EQ(b.pic.acknowledge(), 0x25);
  b.out(0x20, 0x48);  // reset special mask mode
  b.out(0x20, 0x65);  // specific EOI IR5
}

TEST(Pic8259, PollCommandAcknowledges) {
  PicBench b;
  b.init_pc();
  b.pulse(4);
  b.out(0x20, 0x0C);  // OCW3 poll
  EXPECT_EQ(b.in(0x20), 0x84);
  EXPECT_FALSE(b.int_pin);
  b.out(0x20, 0x0B);
  EXPECT_EQ(b.in(0x20), 0x10);  // IR4 in service
  b.out(0x20, 0x0C);
  EXPECT_EQ(b.in(0x20), 0x00);  // nothing pending: bit 7 clear
}

TEST(Pic8259, EdgeInputNeedsALowToHighTransition) {
  PicBench b;
  b.init_pc();
  b.pic.irq_input_changed(3, true);
  EXPECT_EQ(b.pic.acknowledge(), 0x23);
  b.out(0x20, 0x20);
  b.pic.irq_input_changed(3, true);  // still high: no new edge
  EXPECT_FALSE(b.int_pin);
  b.pic.irq_input_changed(3, false);
  b.pic.irq_input_changed(3, true);
  EXPECT_TRUE(b.int_pin);
}

TEST(Pic8259, ElcrLevelInputRequestsWhileHigh) {
  PicBench b;
  b.init_pc();
  b.out(0x4D0, 0xFF);
  EXPECT_EQ(b.in(0x4D0), 0xF8);  // IRQ0-2 are always edge
  b.out(0x4D1, 0xFF);
  EXPECT_EQ(b.in(0x4D1), 0xDE);  // IRQ8 and IRQ13 are always edge
  b.out(0x4D0, 0x20);            // IRQ5 level
  b.pic.irq_input_changed(5, true);
  EXPECT_EQ(b.pic.acknowledge(), 0x25);
  b.out(0x20, 0x20);
  EXPECT_TRUE(b.int_pin);  // still high: requests again
  b.pic.irq_input_changed(5, false);
  EXPECT_FALSE(b.int_pin);
  EXPECT_EQ(b.in(0x20), 0x00);
}

TEST(Pic8259, SpecialFullyNestedModeAllowsHigherSlaveRequests) {
  PicBench b;
  b.out(0x20, 0x11);
  b.out(0x21, 0x20);
  b.out(0x21, 0x04);
  b.out(0x21, 0x11);  // SFNM on the master
  b.out(0xA0, 0x11);
  b.out(0xA1, 0x28);
  b.out(0xA1, 0x02);
  b.out(0xA1, 0x01);
  b.pulse(12);
  EXPECT_EQ(b.pic.acknowledge(), 0x2C);
  b.pulse(9);  // higher than IRQ12 on the same slave
  EXPECT_TRUE(b.int_pin);
  EXPECT_EQ(b.pic.acknowledge(), 0x29);
}

TEST(Pic8259, StateRoundTrips) {
  PicBench b;
  b.init_pc();
  b.out(0x21, 0x52);
  b.pulse(3);
  StateWriter w;
  b.pic.save_state(w);
  PicBench c;
  StateReader r(w.bytes());
  c.pic.load_state(r);
  EXPECT_EQ(r.remaining(), 0u);
  EXPECT_EQ(c.in(0x21), 0x52);
  EXPECT_TRUE(c.int_pin);  // the INT pin is re-driven on restore
  EXPECT_EQ(c.pic.acknowledge(), 0x23);
  EXPECT_EQ(b.pic.acknowledge(), 0x23);
  StateWriter wb, wc;
  b.pic.save_state(wb);
  c.pic.save_state(wc);
  EXPECT_EQ(wb.bytes(), wc.bytes());
}

}  // namespace
}  // namespace mkemu
