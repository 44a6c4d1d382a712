// PCI configuration mechanism #1 (PCI Local Bus Specification 2.1, 3.2.2.3.2)
// with the i440FX (82441FX datasheet) and PIIX3 (82371SB datasheet) header
// values: address decoding, byte/word/dword data-window accesses, absent
// devices and functions, BAR sizing, interrupt routing through PIRQ.
#include <gtest/gtest.h>

#include <string>

#include "platform/devices/pci_host.h"
#include "platform/devices/reset_control.h"
#include "platform/standalone_bus.h"

namespace mkemu {
namespace {

uint32_t address(unsigned bus, unsigned dev, unsigned fn, unsigned reg) {
  return 0x8000'0000u | bus << 16 | dev << 11 | fn << 8 | (reg & 0xFC);
}

struct Recorder : IrqSink {
  void irq_input_changed(unsigned irq, bool l) override { level[irq] = l; }
  bool level[16] = {};
};

// A device as a NIC would declare it: a 128 KiB memory BAR, a 32-byte I/O
// BAR and INTA.
struct TestDevice : PciFunction {
  TestDevice() : PciFunction("test") {
    set_identity(0x8086, 0x100E, 0x03, 0x020000, 0x00);
    set_bar(0, 128 * 1024, false);
    set_bar(1, 32, true);
    set_interrupt_pin(1);
    capture_reset_values();
  }
  void config_changed(uint8_t reg, unsigned) override { last_changed = reg; }
  int last_changed = -1;
};

struct PciBench {
  PciBench() : pci(&rc) {
    sb.bus.isa_irq_sink = [this](unsigned irq, unsigned& input) -> IrqSink* {
      input = irq;
      return &rec;
    };
    rc.attach(sb.bus);
    pci.attach(sb.bus);
  }
  uint32_t read(uint32_t addr, uint16_t offset, unsigned size) {
    sb.io.write(0xCF8, 4, addr);
    return sb.io.read(static_cast<uint16_t>(0xCFC + offset), size);
  }
  void write(uint32_t addr, uint16_t offset, unsigned size, uint32_t value) {
    sb.io.write(0xCF8, 4, addr);
    sb.io.write(static_cast<uint16_t>(0xCFC + offset), size, value);
  }
  StandaloneBus sb;
  Recorder rec;
  ResetControl rc{false};
  PciHost pci;
};

TEST(PciHost, HostBridgeAndIsaBridgeIdentity) {
  PciBench b;
  EXPECT_EQ(b.read(address(0, 0, 0, 0), 0, 4), 0x1237'8086u);
  EXPECT_EQ(b.read(address(0, 0, 0, 8), 0, 4), 0x0600'0002u);  // class 060000, rev 02
  EXPECT_EQ(b.read(address(0, 0, 0, 4), 0, 4), 0x0280'0006u);  // status, command
  EXPECT_EQ(b.read(address(0, 1, 0, 0), 0, 4), 0x7000'8086u);
  EXPECT_EQ(b.read(address(0, 1, 0, 8), 0, 4), 0x0601'0000u);
  EXPECT_EQ(b.read(address(0, 1, 0, 0x0C), 2, 1), 0x80u);         // multi-function header
  EXPECT_EQ(b.read(address(0, 1, 0, 0x60), 0, 4), 0x8080'8080u);  // PIRQ routing off
}

TEST(PciHost, ByteAndWordAccessesAtEveryOffset) {
  PciBench b;
  uint32_t a = address(0, 0, 0, 0);
  EXPECT_EQ(b.read(a, 0, 1), 0x86u);
  EXPECT_EQ(b.read(a, 1, 1), 0x80u);
  EXPECT_EQ(b.read(a, 2, 1), 0x37u);
  EXPECT_EQ(b.read(a, 3, 1), 0x12u);
  EXPECT_EQ(b.read(a, 0, 2), 0x8086u);
  EXPECT_EQ(b.read(a, 2, 2), 0x1237u);
  EXPECT_EQ(b.read(a, 1, 2), 0x3780u);
}

TEST(PciHost, AbsentDevicesFunctionsAndBusesReadAllOnes) {
  PciBench b;
  EXPECT_EQ(b.read(address(0, 5, 0, 0), 0, 4), 0xFFFF'FFFFu);
  EXPECT_EQ(b.read(address(0, 0, 1, 0), 0, 4), 0xFFFF'FFFFu);  // single-function host bridge
  EXPECT_EQ(b.read(address(0, 1, 3, 0), 0, 2), 0xFFFFu);
  EXPECT_EQ(b.read(address(1, 0, 0, 0) | 1, 0, 4), 0xFFFF'FFFFu);
  EXPECT_EQ(b.read(address(0, 0, 0, 0) & 0x7FFF'FFFFu, 0, 4), 0xFFFF'FFFFu);  // enable off
}

TEST(PciHost, AddressRegisterIsDwordOnly) {
  PciBench b;
  b.sb.io.write(0xCF8, 4, 0xFFFF'FFFFu);
  EXPECT_EQ(b.sb.io.read(0xCF8, 4), 0x80FF'FFFFu);  // reserved bits 30-24 read 0
  b.sb.io.write(0xCF8, 2, 0x1234);
  EXPECT_EQ(b.sb.io.read(0xCF8, 4), 0x80FF'FFFFu);
  b.sb.io.write(0xCF9, 1, 0x02);  // reset control register
  EXPECT_EQ(b.sb.io.read(0xCF9, 1), 0x02u);
  EXPECT_EQ(b.sb.io.read(0xCF8, 4), 0x80FF'FFFFu);
  b.sb.io.write(0xCF9, 1, 0x06);
  EXPECT_EQ(b.sb.control.resets, 1u);
}

TEST(PciHost, ReadOnlyRegistersIgnoreWrites) {
  PciBench b;
  b.write(address(0, 0, 0, 0), 0, 4, 0);
  EXPECT_EQ(b.read(address(0, 0, 0, 0), 0, 4), 0x1237'8086u);
  b.write(address(0, 0, 0, 4), 0, 2, 0xFFFF);
  EXPECT_EQ(b.read(address(0, 0, 0, 4), 0, 2), 0x0547u);
}

TEST(PciHost, BarSizingProtocol) {
  PciBench b;
  TestDevice dev;
  b.sb.bus.pci->add_function(3, 0, &dev);
  uint32_t bar0 = address(0, 3, 0, 0x10), bar1 = address(0, 3, 0, 0x14);
  b.write(bar0, 0, 4, 0xFFFF'FFFFu);
  EXPECT_EQ(b.read(bar0, 0, 4), 0xFFFE'0000u);  // 128 KiB memory BAR
  b.write(bar1, 0, 4, 0xFFFF'FFFFu);
  EXPECT_EQ(b.read(bar1, 0, 4), 0xFFFF'FFE1u);          // 32-byte I/O BAR, bit 0 set
  EXPECT_EQ(b.read(address(0, 3, 0, 0x18), 0, 4), 0u);  // unimplemented BAR
  b.write(bar0, 0, 4, 0xFEB1'2345u);
  EXPECT_EQ(b.read(bar0, 0, 4), 0xFEB0'0000u);  // bits below the size are hardwired 0
  EXPECT_EQ(dev.bar_address(0), 0xFEB0'0000u);
  EXPECT_EQ(dev.last_changed, 0x10);
  b.write(bar1, 0, 2, 0xC05F);  // a word write keeps the upper half written before
  EXPECT_EQ(dev.bar_address(1), 0xFFFF'C040u);
  b.write(bar1, 0, 4, 0x0000'C05F);
  EXPECT_EQ(b.read(bar1, 0, 4), 0x0000'C041u);
}

TEST(PciHost, InterruptPinSwizzlesThroughPiix3Routing) {
  PciBench b;
  TestDevice dev;
  b.sb.bus.pci->add_function(3, 0, &dev);
  EXPECT_EQ(b.read(address(0, 3, 0, 0x3C), 0, 2), 0x0100u);  // INTA, line 0
  b.write(address(0, 3, 0, 0x3C), 0, 1, 11);
  EXPECT_EQ(b.read(address(0, 3, 0, 0x3C), 0, 1), 11u);
  b.sb.bus.pci->set_intx(3, 0, true);
  for (bool l : b.rec.level) EXPECT_FALSE(l);  // routing disabled
  // Device 3 INTA lands on PIRQD ((3 + 1 - 1) mod 4 = 3): route it to IRQ 11.
  b.write(address(0, 1, 0, 0x60), 3, 1, 11);
  EXPECT_TRUE(b.rec.level[11]);
  b.sb.bus.pci->set_intx(3, 0, false);
  EXPECT_FALSE(b.rec.level[11]);
}

TEST(PciHost, StatusBitsClearWhenWrittenWithOne) {
  PciBench b;
  TestDevice dev;
  dev.set_config16(PciFunction::kStatus, 0x2000);  // received master abort
  b.sb.bus.pci->add_function(4, 0, &dev);
  b.write(address(0, 4, 0, 4), 2, 2, 0x0000);
  EXPECT_EQ(b.read(address(0, 4, 0, 4), 2, 2), 0x2000u);
  b.write(address(0, 4, 0, 4), 2, 2, 0x2000);
  EXPECT_EQ(b.read(address(0, 4, 0, 4), 2, 2), 0x0000u);
}

TEST(PciHost, ConfigAccessesAreLogged) {
  PciBench b;
  std::string lines;
  b.sb.log.set_categories(static_cast<uint32_t>(LogCategory::kPci));
  b.sb.log.sink = [&](std::string_view line) { lines += std::string(line) + "\n"; };
  b.read(address(0, 1, 0, 0), 2, 2);
  EXPECT_NE(lines.find("pci: read 00:01.0 reg 0x02 size 2 -> 0x7000"), std::string::npos) << lines;
}

TEST(PciHost, StateRoundTrip) {
  PciBench b;
  b.write(address(0, 1, 0, 0x60), 0, 4, 0x0B0A0B0A);
  b.sb.io.write(0xCF8, 4, address(0, 0, 0, 0));
  StateWriter w;
  b.pci.save_state(w);
  PciBench c;
  StateReader r(w.bytes());
  c.pci.load_state(r);
  EXPECT_EQ(r.remaining(), 0u);
  EXPECT_EQ(c.sb.io.read(0xCF8, 4), address(0, 0, 0, 0));
  EXPECT_EQ(c.read(address(0, 1, 0, 0x60), 0, 4), 0x0B0A0B0Au);
}

}  // namespace
}  // namespace mkemu
