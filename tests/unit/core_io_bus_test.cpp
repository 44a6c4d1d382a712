// IoBus: claiming, widths, unclaimed ports, splitting across ranges, peeks.
#include <gtest/gtest.h>

#include <vector>

#include "platform/core/io_bus.h"

namespace mkemu {
namespace {

class PortLog : public IoHandler {
 public:
  uint32_t io_read(uint16_t port, unsigned size) override {
    accesses.push_back({port, size, 0, false});
    return 0x44332211u & (size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1);
  }
  void io_write(uint16_t port, unsigned size, uint32_t value) override {
    accesses.push_back({port, size, value, true});
  }
  uint32_t io_peek(uint16_t, unsigned) const override { return 0x5A5A5A5Au; }
  struct Access {
    uint16_t port;
    unsigned size;
    uint32_t value;
    bool write;
  };
  std::vector<Access> accesses;
};

TEST(IoBus, UnclaimedPortsReadAllOnesAtEveryWidth) {
  IoBus bus;
  EXPECT_EQ(bus.read(0x80, 1), 0xFFu);
  EXPECT_EQ(bus.read(0x80, 2), 0xFFFFu);
  EXPECT_EQ(bus.read(0x80, 4), 0xFFFF'FFFFu);
  bus.write(0x80, 4, 0);  // ignored, must not crash
}

TEST(IoBus, UnclaimedAccessesAreReported) {
  IoBus bus;
  int count = 0;
  bus.on_unclaimed = [&](uint16_t, unsigned, bool, uint32_t) { ++count; };
  bus.read(0x300, 2);
  EXPECT_EQ(count, 2);  // reported per byte
}

TEST(IoBus, WholeAccessInsideOneRangeReachesHandlerOnce) {
  IoBus bus;
  PortLog dev;
  bus.claim(0xCF8, 8, &dev, "pci");
  EXPECT_EQ(bus.read(0xCFC, 4), 0x44332211u);
  bus.write(0xCFE, 2, 0xABCD);
  ASSERT_EQ(dev.accesses.size(), 2u);
  EXPECT_EQ(dev.accesses[1].port, 0xCFE);
  EXPECT_EQ(dev.accesses[1].size, 2u);
  EXPECT_EQ(dev.accesses[1].value, 0xABCDu);
}

TEST(IoBus, AccessStraddlingRangeEndIsSplitIntoBytes) {
  IoBus bus;
  PortLog dev;
  bus.claim(0x60, 1, &dev, "kbd");
  // 0x60 claimed, 0x61 not: low byte from the device, high byte all ones.
  EXPECT_EQ(bus.read(0x60, 2), 0xFF11u);
  ASSERT_EQ(dev.accesses.size(), 1u);
  EXPECT_EQ(dev.accesses[0].size, 1u);
}

TEST(IoBus, DoubleClaimIsAConfigurationError) {
  IoBus bus;
  PortLog a, b;
  bus.claim(0x3F8, 8, &a, "com1");
  EXPECT_THROW(bus.claim(0x3FF, 1, &b, "other"), std::invalid_argument);
  EXPECT_THROW(bus.claim(0xFFFF, 2, &b, "past-end"), std::invalid_argument);
}

TEST(IoBus, PeekUsesSideEffectFreePath) {
  IoBus bus;
  PortLog dev;
  bus.claim(0x3F8, 8, &dev, "com1");
  EXPECT_EQ(bus.peek(0x3F8, 1), 0x5A5A5A5Au);
  EXPECT_EQ(bus.peek(0x3F7, 2), 0x5AFFu);
  EXPECT_TRUE(dev.accesses.empty());
}

TEST(IoBus, ReleaseMakesPortsUnclaimed) {
  IoBus bus;
  PortLog dev;
  bus.claim(0x70, 2, &dev, "rtc");
  bus.release(0x70, 2);
  EXPECT_EQ(bus.read(0x70, 1), 0xFFu);
  EXPECT_TRUE(dev.accesses.empty());
}

}  // namespace
}  // namespace mkemu
