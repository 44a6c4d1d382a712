// PhysicalMemoryMap: RAM/ROM/MMIO decoding, unclaimed accesses, page crossing,
// side-effect-free peeks and code-page write reporting.
#include <gtest/gtest.h>

#include <vector>

#include "platform/core/phys_memory.h"

namespace mkemu {
namespace {

// Records every access; reads return a value derived from the offset.
class RecordingMmio : public MmioHandler {
 public:
  uint32_t mmio_read(uint32_t offset, unsigned size) override {
    ++reads;
    last_size = size;
    return 0xA0000000u | offset;
  }
  void mmio_write(uint32_t offset, unsigned size, uint32_t value) override {
    writes.push_back({offset, size, value});
  }
  uint32_t mmio_peek(uint32_t offset, unsigned) const override { return 0xB0u + offset; }
  struct Write {
    uint32_t offset;
    unsigned size;
    uint32_t value;
  };
  int reads = 0;
  unsigned last_size = 0;
  std::vector<Write> writes;
};

TEST(PhysicalMemory, RamReadsBackLittleEndian) {
  PhysicalMemoryMap mem(1 << 20);
  mem.write(0x1000, 4, 0x11223344);
  EXPECT_EQ(mem.read(0x1000, 1), 0x44u);
  EXPECT_EQ(mem.read(0x1001, 2), 0x2233u);
  EXPECT_EQ(mem.read(0x1000, 4), 0x11223344u);
  EXPECT_EQ(mem.ram()[0x1003], 0x11);
}

TEST(PhysicalMemory, UnclaimedReadsAllOnesAndIgnoresWrites) {
  PhysicalMemoryMap mem(1 << 20);
  int unclaimed = 0;
  mem.on_unclaimed = [&](uint32_t, unsigned, bool) { ++unclaimed; };
  EXPECT_EQ(mem.read(0x0200'0000, 4), 0xFFFF'FFFFu);
  mem.write(0x0200'0000, 4, 0);
  EXPECT_EQ(mem.read(0x0200'0000, 2), 0xFFFFu);
  EXPECT_GT(unclaimed, 0);
}

TEST(PhysicalMemory, AccessCrossingFromRamIntoUnmappedSplits) {
  PhysicalMemoryMap mem(0x2000);
  mem.write(0x1FFE, 2, 0xBEEF);
  // Two bytes of RAM, two unmapped bytes reading as 0xFF.
  EXPECT_EQ(mem.read(0x1FFE, 4), 0xFFFF'BEEFu);
}

TEST(PhysicalMemory, AccessCrossingTwoRamPagesIsSeamless) {
  PhysicalMemoryMap mem(0x3000);
  mem.write(0x0FFE, 4, 0xCAFEBABE);
  EXPECT_EQ(mem.read(0x0FFE, 4), 0xCAFEBABEu);
  EXPECT_EQ(mem.read(0x1000, 2), 0xCAFEu);
}

TEST(PhysicalMemory, RomIsReadOnlyAndHidesRam) {
  PhysicalMemoryMap mem(1 << 20);
  std::vector<uint8_t> rom = {0xEA, 0x5B, 0xE0};
  mem.add_rom(0xF0000, rom, "bios");
  EXPECT_EQ(mem.read(0xF0000, 1), 0xEAu);
  mem.write(0xF0000, 1, 0x90);
  EXPECT_EQ(mem.read(0xF0000, 1), 0xEAu);
  // The rest of the ROM's page is padded with 0xFF, as an erased flash.
  EXPECT_EQ(mem.read(0xF0003, 1), 0xFFu);
  EXPECT_EQ(mem.writable_page(0xF0000), nullptr);
  EXPECT_NE(mem.readable_page(0xF0000), nullptr);
}

TEST(PhysicalMemory, MmioGetsOffsetsAndWholeAccesses) {
  PhysicalMemoryMap mem(1 << 20);
  RecordingMmio dev;
  mem.add_mmio(0xFEE0'0000, 0x1000, &dev, "apic");
  EXPECT_EQ(mem.read(0xFEE0'0020, 4), 0xA000'0020u);
  EXPECT_EQ(dev.last_size, 4u);
  mem.write(0xFEE0'00B0, 4, 0);
  ASSERT_EQ(dev.writes.size(), 1u);
  EXPECT_EQ(dev.writes[0].offset, 0xB0u);
  EXPECT_EQ(dev.writes[0].size, 4u);
  EXPECT_EQ(mem.writable_page(0xFEE0'0000), nullptr);
  EXPECT_EQ(mem.readable_page(0xFEE0'0000), nullptr);
}

TEST(PhysicalMemory, PeekHasNoSideEffects) {
  PhysicalMemoryMap mem(1 << 20);
  RecordingMmio dev;
  mem.add_mmio(0xFEC0'0000, 0x1000, &dev, "ioapic");
  uint8_t buf[2] = {};
  mem.peek(0xFEC0'0010, buf);
  EXPECT_EQ(dev.reads, 0);
  EXPECT_EQ(buf[0], 0xC0);  // mmio_peek(0x10) = 0xC0
  EXPECT_EQ(buf[1], 0xC1);
}

TEST(PhysicalMemory, OverlappingMisalignedRegionIsRejected) {
  PhysicalMemoryMap mem(1 << 20);
  RecordingMmio dev;
  EXPECT_THROW(mem.add_mmio(0x1234, 0x1000, &dev, "bad"), std::invalid_argument);
  EXPECT_THROW(PhysicalMemoryMap(0x1001), std::invalid_argument);
}

TEST(PhysicalMemory, WritesToCodePagesAreReported) {
  PhysicalMemoryMap mem(1 << 20);
  std::vector<uint32_t> reported;
  std::vector<uint32_t> marked;
  mem.on_code_write = [&](uint32_t paddr, unsigned) { reported.push_back(paddr); };
  mem.on_code_page_marked = [&](uint32_t page) { marked.push_back(page); };
  mem.mark_code_page(0x5123);
  mem.mark_code_page(0x5FFF);  // same page: reported once
  ASSERT_EQ(marked, std::vector<uint32_t>{0x5000});
  mem.write(0x4000, 4, 1);  // not a code page
  mem.write(0x5010, 2, 1);
  const uint8_t byte = 0x90;
  mem.poke(0x5020, {&byte, 1});
  EXPECT_EQ(reported, (std::vector<uint32_t>{0x5010, 0x5020}));
}

}  // namespace
}  // namespace mkemu

namespace mkemu {
namespace {

TEST(PhysicalMemory, LayoutChangesAreAnnounced) {
  PhysicalMemoryMap mem(1 << 20);
  int calls = 0;
  mem.on_layout_changed = [&] { ++calls; };
  uint64_t before = mem.layout_generation();
  RecordingMmio dev;
  mem.add_mmio(0xFEB0'0000, 0x1000, &dev, "bar0");
  EXPECT_EQ(calls, 1);
  EXPECT_GT(mem.layout_generation(), before);
}

}  // namespace
}  // namespace mkemu
