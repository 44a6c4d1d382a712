// Multiboot v1 parsing and loading, against the Multiboot 0.6.96 spec: header
// search and checksum, ELF program headers at physical addresses with the
// entry translated through its segment, the a.out kludge, modules and the
// information structure; and clear errors for bad images.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "platform/boot/multiboot_image.h"
#include "platform/boot/multiboot_loader.h"
#include "platform/boot/rom_loader.h"
#include "platform/core/errors.h"

namespace mkemu {
namespace {

void put32(std::vector<uint8_t>& b, size_t off, uint32_t v) {
  std::memcpy(&b[off], &v, 4);
}
void put16(std::vector<uint8_t>& b, size_t off, uint16_t v) {
  std::memcpy(&b[off], &v, 2);
}
uint32_t get32(std::span<const uint8_t> b, size_t off) {
  uint32_t v;
  std::memcpy(&v, &b[off], 4);
  return v;
}

struct Segment {
  uint32_t vaddr, paddr, filesz, memsz;
  uint8_t fill;
};

// A minimal ELF32 i386 executable with a Multiboot header at offset 0x1000
// (inside the first segment's bytes) and the given PT_LOAD segments.
std::vector<uint8_t> make_elf(uint32_t entry, const std::vector<Segment>& segs,
                              uint32_t flags = 3) {
  std::vector<uint8_t> b(0x1000, 0);
  std::memcpy(b.data(),
              "\x7F"
              "ELF",
              4);
  b[4] = 1;  // ELFCLASS32
  b[5] = 1;  // little-endian
  b[6] = 1;
  put16(b, 16, 2);  // ET_EXEC
  put16(b, 18, 3);  // EM_386
  put32(b, 20, 1);
  put32(b, 24, entry);
  put32(b, 28, 52);  // phoff
  put16(b, 40, 52);
  put16(b, 42, 32);
  put16(b, 44, static_cast<uint16_t>(segs.size()));
  uint32_t offset = 0x1000;
  for (size_t i = 0; i < segs.size(); ++i) {
    size_t ph = 52 + 32 * i;
    put32(b, ph, 1);  // PT_LOAD
    put32(b, ph + 4, offset);
    put32(b, ph + 8, segs[i].vaddr);
    put32(b, ph + 12, segs[i].paddr);
    put32(b, ph + 16, segs[i].filesz);
    put32(b, ph + 20, segs[i].memsz);
    b.resize(offset + segs[i].filesz, segs[i].fill);
    offset += segs[i].filesz;
  }
  // Multiboot header at the start of the first segment's bytes.
  put32(b, 0x1000, kMultibootHeaderMagic);
  put32(b, 0x1004, flags);
  put32(b, 0x1008, 0u - kMultibootHeaderMagic - flags);
  return b;
}

std::string write_temp(const std::string& name, const std::vector<uint8_t>& bytes) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  return path;
}

TEST(MultibootImage, HigherHalfEntryIsTranslatedThroughItsSegment) {
  // GNU Mach style: linked at 0xC0100000, loaded at 0x100000.
  auto img = make_elf(0xC0100020, {{0xC0100000, 0x100000, 0x100, 0x3000, 0x90}});
  MultibootKernel k = parse_multiboot_kernel(img, "k.elf");
  ASSERT_EQ(k.segments.size(), 1u);
  EXPECT_EQ(k.segments[0].phys, 0x100000u);
  EXPECT_EQ(k.entry_phys, 0x100020u);
  EXPECT_EQ(k.end_phys, 0x103000u);
}

TEST(MultibootImage, RejectsNonMultibootTruncatedAndOverlapping) {
  std::vector<uint8_t> junk(10000, 0x42);
  EXPECT_THROW(parse_multiboot_kernel(junk, "junk"), InputError);

  auto bad_checksum = make_elf(0x100000, {{0x100000, 0x100000, 0x100, 0x100, 0}});
  put32(bad_checksum, 0x1008, 0);
  EXPECT_THROW(parse_multiboot_kernel(bad_checksum, "x"), InputError);

  auto truncated = make_elf(0x100000, {{0x100000, 0x100000, 0x2000, 0x2000, 0}});
  truncated.resize(0x1800);
  try {
    parse_multiboot_kernel(truncated, "trunc.elf");
    FAIL() << "truncated image accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("trunc.elf"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos);
  }

  auto overlap = make_elf(
      0x100000, {{0x100000, 0x100000, 0x100, 0x2000, 0}, {0x101000, 0x101000, 0x100, 0x100, 0}});
  EXPECT_THROW(parse_multiboot_kernel(overlap, "o"), InputError);

  auto unknown_requirement = make_elf(0x100000, {{0x100000, 0x100000, 0x100, 0x100, 0}}, 0x8);
  EXPECT_THROW(parse_multiboot_kernel(unknown_requirement, "u"), InputError);
}

TEST(MultibootImage, AoutKludgeUsesHeaderAddresses) {
  std::vector<uint8_t> img(0x3000, 0xCC);
  const uint32_t flags = 0x10003;
  put32(img, 0x40, kMultibootHeaderMagic);
  put32(img, 0x44, flags);
  put32(img, 0x48, 0u - kMultibootHeaderMagic - flags);
  put32(img, 0x4C, 0x200040);  // header_addr
  put32(img, 0x50, 0x200000);  // load_addr: file offset 0
  put32(img, 0x54, 0x202000);  // load_end_addr
  put32(img, 0x58, 0x205000);  // bss_end_addr
  put32(img, 0x5C, 0x200100);  // entry
  MultibootKernel k = parse_multiboot_kernel(img, "aout");
  ASSERT_EQ(k.segments.size(), 1u);
  EXPECT_EQ(k.segments[0].phys, 0x200000u);
  EXPECT_EQ(k.segments[0].file_offset, 0u);
  EXPECT_EQ(k.segments[0].file_size, 0x2000u);
  EXPECT_EQ(k.segments[0].mem_size, 0x5000u);
  EXPECT_EQ(k.entry_phys, 0x200100u);
}

TEST(MultibootLoader, LoadsKernelModulesAndInformationStructure) {
  auto img = make_elf(0xC0100010, {{0xC0100000, 0x100000, 0x1800, 0x4000, 0x90}});
  std::string kernel = write_temp("mb_kernel.elf", img);
  std::string mod_a = write_temp("mb_mod_a", std::vector<uint8_t>(5000, 0xAA));
  std::string mod_b = write_temp("mb_mod_b", std::vector<uint8_t>(10, 0xBB));

  MachineConfig config;
  config.ram_mib = 16;
  Machine m(config);
  MultibootBootInfo info =
      boot_multiboot(m, kernel, "console=com0", {{mod_a, mod_a + " one two"}, {mod_b, mod_b}});
  auto ram = m.memory.ram();

  // Segment bytes and zeroed BSS.
  EXPECT_EQ(ram[0x100000 + 0x17FF], 0x90);
  EXPECT_EQ(ram[0x100000 + 0x1800], 0x00);
  // Modules page-aligned after the kernel's end (0x104000).
  ASSERT_EQ(info.module_starts.size(), 2u);
  EXPECT_EQ(info.module_starts[0], 0x104000u);
  EXPECT_EQ(info.module_starts[1], 0x106000u);  // 5000 bytes round up to 0x2000
  EXPECT_EQ(ram[0x104000], 0xAA);
  EXPECT_EQ(ram[0x106000], 0xBB);

  // The information structure (Multiboot spec section 3.3).
  const uint32_t mbi = info.info_address;
  uint32_t flags = get32(ram, mbi);
  EXPECT_TRUE(flags & (1u << 0));  // mem_lower/upper
  EXPECT_TRUE(flags & (1u << 2));  // cmdline
  EXPECT_TRUE(flags & (1u << 3));  // mods
  EXPECT_TRUE(flags & (1u << 6));  // mmap
  EXPECT_TRUE(flags & (1u << 9));  // boot loader name
  EXPECT_EQ(get32(ram, mbi + 4), 639u);
  EXPECT_EQ(get32(ram, mbi + 8), 15u * 1024);
  std::string cmdline(reinterpret_cast<const char*>(&ram[get32(ram, mbi + 16)]));
  EXPECT_EQ(cmdline, kernel + " console=com0");
  ASSERT_EQ(get32(ram, mbi + 20), 2u);
  uint32_t mods = get32(ram, mbi + 24);
  EXPECT_EQ(get32(ram, mods), 0x104000u);
  EXPECT_EQ(get32(ram, mods + 4), 0x104000u + 5000);
  std::string mod_cmdline(reinterpret_cast<const char*>(&ram[get32(ram, mods + 8)]));
  EXPECT_EQ(mod_cmdline, mod_a + " one two");
  std::string loader(reinterpret_cast<const char*>(&ram[get32(ram, mbi + 64)]));
  EXPECT_EQ(loader, "mkemu");
  // Memory map: the last entry covers extended memory up to the end of RAM.
  uint32_t mmap = get32(ram, mbi + 48), mmap_len = get32(ram, mbi + 44);
  ASSERT_EQ(mmap_len % 24, 0u);
  uint32_t last = mmap + mmap_len - 24;
  EXPECT_EQ(get32(ram, last + 4), 0x100000u);
  EXPECT_EQ(get32(ram, last + 12), 15u << 20);
  EXPECT_EQ(get32(ram, last + 20), 1u);

  // CPU state at entry (spec section 3.2).
  const CpuState& s = m.cpu.state();
  EXPECT_EQ(s.gpr[kEax], kMultibootBootMagic);
  EXPECT_EQ(s.gpr[kEbx], mbi);
  EXPECT_EQ(s.eip, 0x100010u);
  EXPECT_EQ(s.cr0 & 0x80000001u, 1u);  // PE on, PG off
  EXPECT_EQ(s.seg[kCs].base, 0u);
  EXPECT_EQ(s.seg[kCs].limit, 0xFFFFFFFFu);
  EXPECT_EQ(m.cpu.eflags() & 0x200u, 0u);  // IF clear
}

TEST(MultibootLoader, KernelLargerThanRamIsAClearError) {
  auto img = make_elf(0x100000, {{0x100000, 0x100000, 0x100, 0x800000, 0}});
  std::string kernel = write_temp("mb_big.elf", img);
  MachineConfig config;
  config.ram_mib = 4;
  Machine m(config);
  try {
    boot_multiboot(m, kernel, "", {});
    FAIL() << "oversized kernel accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("does not fit"), std::string::npos) << e.what();
  }
}

TEST(RomLoader, MapsAtTopOfMemoryWithLowMirror) {
  std::vector<uint8_t> rom(256 * 1024, 0);
  rom.back() = 0x5A;                    // last byte: just below 4 GiB
  rom[rom.size() - 0x10] = 0xEA;        // reset vector at FFFFFFF0
  rom[rom.size() - 128 * 1024] = 0x77;  // first mirrored byte
  rom[0] = 0x11;                        // only at the top mapping
  MachineConfig config;
  Machine m(config);
  map_rom(m.memory, rom, "test.rom");
  EXPECT_EQ(m.memory.read(0xFFFFFFF0u, 1), 0xEAu);
  EXPECT_EQ(m.memory.read(0xFFFFFFFFu, 1), 0x5Au);
  EXPECT_EQ(m.memory.read(0xFFFC0000u, 1), 0x11u);
  EXPECT_EQ(m.memory.read(0xFFFF0u, 1), 0xEAu);  // mirrored F000:FFF0
  EXPECT_EQ(m.memory.read(0xE0000u, 1), 0x77u);  // mirror starts 128 KiB below 1 MiB
  EXPECT_THROW(map_rom(m.memory, std::vector<uint8_t>(100), "odd.rom"), InputError);
  EXPECT_THROW(map_rom(m.memory, std::vector<uint8_t>{}, "empty.rom"), InputError);
}

}  // namespace
}  // namespace mkemu
