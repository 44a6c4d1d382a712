// RDMSR/WRMSR of MSRs that belong to the platform: IA32_APIC_BASE (0x1B) is
// the local APIC's (SDM vol. 3, 10.4.4: relocation and global disable), and
// an MSR the model does not have raises #GP(0) after `--log msr` reported it
// with the cycle and EIP of the instruction.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cpu/testing/cpu_test_machine.h"
#include "platform/devices/local_apic.h"
#include "platform/machine.h"

namespace mkemu {
namespace {

constexpr uint32_t kGpHandler = 0x600;  // real-mode #GP handler: HLT

// A 64 KiB ROM at the reset vector: `jmp 0100h` at FFF0h, `code` at 0100h.
// The real-mode IVT sends #GP to a HLT in RAM.
void boot_rom(Machine& m, std::initializer_list<uint8_t> code) {
  std::vector<uint8_t> rom(0x10000, 0xF4);
  std::copy(code.begin(), code.end(), rom.begin() + 0x100);
  const uint8_t jump[] = {0xE9, 0x0D, 0x01};  // jmp near 0100h (from FFF3h)
  std::copy(std::begin(jump), std::end(jump), rom.begin() + 0xFFF0);
  m.memory.add_rom(0xFFFF'0000u, rom, "msr-rom");
  m.memory.write(kGpHandler, 1, 0xF4);
  m.memory.write(13 * 4, 4, kGpHandler);  // IVT[13] = 0000:0600
  m.cpu.reset();
}

MachineConfig config_with_log(const char* categories) {
  MachineConfig c;
  c.cpu = parse_cpu_option("p6");
  c.log_categories = parse_log_categories(categories);
  return c;
}

// mov ecx,1Bh; rdmsr; mov ebx,eax; and eax,0FFFh; or eax,0FED00000h; wrmsr;
// rdmsr; mov esi,eax
#define RELOCATE_TO_FED00000                                                                   \
  0x66, 0xB9, 0x1B, 0, 0, 0, 0x0F, 0x32, 0x66, 0x89, 0xC3, 0x66, 0x25, 0xFF, 0x0F, 0, 0, 0x66, \
      0x0D, 0, 0, 0xD0, 0xFE, 0x0F, 0x30, 0x0F, 0x32, 0x66, 0x89, 0xC6

TEST(CpuMsrPlatform, ApicBaseWriteRelocatesTheLocalApic) {
  Machine m(config_with_log(""));
  boot_rom(m, {RELOCATE_TO_FED00000, 0xF4});
  EXPECT_EQ(m.run({}).stop, MachineStop::kHaltedForever);
  const CpuState& s = m.cpu.state();
  EXPECT_EQ(s.eip, 0x100u + 31);         // stopped after the HLT, not in the #GP handler
  EXPECT_EQ(s.gpr[kEbx], 0xFEE0'0900u);  // power-on: enabled, BSP
  EXPECT_EQ(s.gpr[kEsi], 0xFED0'0900u);
  EXPECT_EQ(m.apic_base_msr(), 0xFED0'0900u);
  EXPECT_EQ(m.local_apic()->base_msr(), 0xFED0'0900u);
  // The APIC's registers moved: version register (0x30) at the new base only.
  EXPECT_EQ(m.memory.read(0xFED0'0030u, 4), 0x0005'0014u);
  EXPECT_EQ(m.memory.read(0xFEE0'0030u, 4), 0xFFFF'FFFFu);
}

TEST(CpuMsrPlatform, ClearingTheEnableBitDisablesTheLocalApic) {
  Machine m(config_with_log(""));
  // ...then and eax,0FFFFF7FFh; wrmsr; rdmsr; hlt
  boot_rom(
      m, {RELOCATE_TO_FED00000, 0x66, 0x25, 0xFF, 0xF7, 0xFF, 0xFF, 0x0F, 0x30, 0x0F, 0x32, 0xF4});
  EXPECT_EQ(m.run({}).stop, MachineStop::kHaltedForever);
  EXPECT_EQ(m.cpu.state().gpr[kEax], 0xFED0'0100u);  // BSP, globally disabled
  EXPECT_EQ(m.apic_base_msr(), 0xFED0'0100u);
  EXPECT_EQ(m.memory.read(0xFED0'0030u, 4), 0xFFFF'FFFFu);  // no MMIO while disabled
  EXPECT_EQ(m.memory.read(0xFEE0'0030u, 4), 0xFFFF'FFFFu);
}

TEST(CpuMsrPlatform, TheApicBaseIsStateOfTheApicOnly) {
  Machine a(config_with_log(""));
  boot_rom(a, {RELOCATE_TO_FED00000, 0xF4});
  a.run({});
  Machine b(config_with_log(""));
  auto from = a.stateful_parts();
  auto to = b.restorable_parts();
  ASSERT_EQ(from.size(), to.size());
  for (size_t i = 0; i < from.size(); ++i) {
    StateWriter w;
    from[i]->save_state(w);
    StateReader r(w.bytes(), std::string(from[i]->state_name()));
    to[i]->load_state(r);
  }
  b.state_restored();
  EXPECT_EQ(b.apic_base_msr(), 0xFED0'0900u);
  EXPECT_EQ(b.memory.read(0xFED0'0030u, 4), 0x0005'0014u);
  // A reset returns the base to the power-on value (the APIC resets it).
  b.reset();
  EXPECT_EQ(b.apic_base_msr(), 0xFEE0'0900u);
}

TEST(CpuMsrPlatform, UnknownRdmsrIsLoggedWithCycleAndEipThenGp) {
  Machine m(config_with_log("msr"));
  std::vector<std::string> lines;
  m.log.sink = [&](std::string_view line) { lines.emplace_back(line); };
  m.clock.cycles = 5000;
  // mov ecx,12345678h; rdmsr
  boot_rom(m, {0x66, 0xB9, 0x78, 0x56, 0x34, 0x12, 0x0F, 0x32});
  EXPECT_EQ(m.run({}).stop, MachineStop::kHaltedForever);
  EXPECT_EQ(m.cpu.state().eip, kGpHandler + 1);  // #GP delivered through IVT[13]
  // JMP (1 cycle) and MOV (1 cycle) retired before the RDMSR at 0106h.
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "[cycle 5002 eip 0x00000106] msr: rdmsr 0x12345678 (unknown)");
}

TEST(CpuMsrPlatform, UnknownWrmsrIsLoggedWithItsValue) {
  Machine m(config_with_log("msr"));
  std::vector<std::string> lines;
  m.log.sink = [&](std::string_view line) { lines.emplace_back(line); };
  // mov ecx,6E0h (IA32_TSC_DEADLINE: no TSC-deadline timer in the model);
  // mov eax,5; mov edx,1; wrmsr
  boot_rom(m, {0x66, 0xB9, 0xE0, 0x06, 0, 0, 0x66, 0xB8, 5,    0,
               0,    0,    0x66, 0xBA, 1, 0, 0,    0,    0x0F, 0x30});
  EXPECT_EQ(m.run({}).stop, MachineStop::kHaltedForever);
  EXPECT_EQ(m.cpu.state().eip, kGpHandler + 1);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("eip 0x00000112] msr: wrmsr 0x000006e0 value 0x0000000100000005"),
            std::string::npos)
      << lines[0];
}

// The CPU side alone (protected-mode bench): the platform sees every access.
class FakePlatform : public MsrPlatform {
 public:
  uint64_t apic_base_msr() const override { return base; }
  void set_apic_base_msr(uint64_t value) override { base = value; }
  void log_unknown_msr(uint32_t msr, bool is_write, uint64_t value) override {
    unknown.push_back({msr, is_write, value});
  }
  struct Access {
    uint32_t msr;
    bool is_write;
    uint64_t value;
  };
  uint64_t base = 0xABCD'E900u;
  std::vector<Access> unknown;
};

TEST(CpuMsrPlatform, CpuReadsAndWritesTheBaseThroughThePlatform) {
  cputest::TestMachine m;
  FakePlatform p;
  m.cpu.set_msr_platform(&p);
  // mov ecx,1Bh; rdmsr; mov ebx,eax; mov eax,0FEC01800h (bit 12 set, BSP clear);
  // xor edx,edx; wrmsr
  EXPECT_EQ(m.run_ring0({0xB9, 0x1B, 0, 0, 0, 0x0F, 0x32, 0x89, 0xC3, 0xB8, 0x00, 0x18, 0xC0, 0xFE,
                         0x31, 0xD2, 0x0F, 0x30}),
            -1);
  EXPECT_EQ(m.cpu.state().gpr[kEbx], 0xABCD'E900u);
  EXPECT_EQ(p.base, 0xFEC0'1800u);
  EXPECT_TRUE(p.unknown.empty());
}

TEST(CpuMsrPlatform, ReservedApicBaseBitsAreGp) {
  for (uint32_t low : {0xFEE0'0901u, 0xFEE0'0B00u, 0xFEE0'0D00u}) {  // bits 0, 9, 10
    cputest::TestMachine m;
    FakePlatform p;
    m.cpu.set_msr_platform(&p);
    EXPECT_EQ(m.run_ring0({0xB9, 0x1B, 0, 0, 0, 0xB8, static_cast<uint8_t>(low),
                           static_cast<uint8_t>(low >> 8), static_cast<uint8_t>(low >> 16),
                           static_cast<uint8_t>(low >> 24), 0x31, 0xD2, 0x0F, 0x30}),
              13)
        << std::hex << low;
    EXPECT_EQ(p.base, 0xABCD'E900u);
  }
  cputest::TestMachine m;
  FakePlatform p;
  m.cpu.set_msr_platform(&p);
  // mov ecx,1Bh; mov eax,0FEE00900h; mov edx,10h (bit 36: above MAXPHYADDR); wrmsr
  EXPECT_EQ(m.run_ring0({0xB9, 0x1B, 0, 0, 0, 0xB8, 0x00, 0x09, 0xE0, 0xFE, 0xBA, 0x10, 0, 0, 0,
                         0x0F, 0x30}),
            13);
  // Bits 32..35 are part of the base (36-bit physical addresses with PAE).
  cputest::TestMachine ok;
  ok.cpu.set_msr_platform(&p);
  EXPECT_EQ(ok.run_ring0({0xB9, 0x1B, 0, 0, 0, 0xB8, 0x00, 0x09, 0xE0, 0xFE, 0xBA, 0x08, 0, 0, 0,
                          0x0F, 0x30}),
            -1);
  EXPECT_EQ(p.base, 0x8'FEE0'0900ull);
}

TEST(CpuMsrPlatform, UnknownMsrsReachThePlatformBeforeTheGp) {
  cputest::TestMachine m;
  FakePlatform p;
  m.cpu.set_msr_platform(&p);
  // mov ecx,6E0h; rdmsr
  EXPECT_EQ(m.run_ring0({0xB9, 0xE0, 0x06, 0, 0, 0x0F, 0x32}), 13);
  cputest::TestMachine w;
  w.cpu.set_msr_platform(&p);
  // mov ecx,0C0000080h (EFER: no long mode in the model); mov eax,1; xor edx,edx; wrmsr
  EXPECT_EQ(w.run_ring0({0xB9, 0x80, 0, 0, 0xC0, 0xB8, 1, 0, 0, 0, 0x31, 0xD2, 0x0F, 0x30}), 13);
  ASSERT_EQ(p.unknown.size(), 2u);
  EXPECT_EQ(p.unknown[0].msr, 0x6E0u);
  EXPECT_FALSE(p.unknown[0].is_write);
  EXPECT_EQ(p.unknown[1].msr, 0xC000'0080u);
  EXPECT_TRUE(p.unknown[1].is_write);
  EXPECT_EQ(p.unknown[1].value, 1u);
}

}  // namespace
}  // namespace mkemu
