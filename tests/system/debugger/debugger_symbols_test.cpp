// ELF32 symbol tables (System V gABI, "Symbol Table"): the test kernel's
// labels become named addresses; truncated or garbage files give fewer
// symbols and never a crash.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "frontend/debugger/symbols.h"
#include "test_machine.h"

namespace mkemu {
namespace {

std::vector<uint8_t> kernel_bytes() {
  std::ifstream in(test::image_path("kernel.elf"), std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

TEST(DebuggerSymbols, ReadsTheKernelSymbolTable) {
  SymbolTable t;
  t.load_elf(kernel_bytes());
  ASSERT_FALSE(t.empty());
  // kernel.ld links .text at 1 MiB and kernel.S starts it with the 12-byte
  // Multiboot header, so _start is at 0x10000c.
  EXPECT_EQ(t.find("_start"), 0x10000Cu);
  ASSERT_TRUE(t.find("kernel_main"));
  const uint32_t main = *t.find("kernel_main");
  EXPECT_EQ(t.label_for(main), "kernel_main");
  EXPECT_EQ(t.label_for(main + 5), "kernel_main+0x5");
  EXPECT_EQ(t.label_for(0x1000), "");  // below every symbol
  EXPECT_FALSE(t.find("no_such_symbol"));
}

TEST(DebuggerSymbols, TruncatedAndCorruptFilesNeverCrash) {
  const std::vector<uint8_t> elf = kernel_bytes();
  for (size_t n = 0; n < elf.size(); n += 7) {
    SymbolTable t;
    t.load_elf(std::span<const uint8_t>(elf.data(), n));
  }
  uint32_t x = 99;
  for (int round = 0; round < 300; ++round) {
    std::vector<uint8_t> bad = elf;
    for (int k = 0; k < 20; ++k) {
      x = x * 1664525u + 1013904223u;
      bad[(x >> 8) % bad.size()] = static_cast<uint8_t>(x >> 24);
    }
    SymbolTable t;
    t.load_elf(bad);
  }
  SymbolTable t;
  t.load_elf(std::vector<uint8_t>{0x7F, 'E', 'L', 'F'});
  EXPECT_TRUE(t.empty());
}

}  // namespace
}  // namespace mkemu
