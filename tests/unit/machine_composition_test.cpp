// Machine composition: the declarative descriptions, which devices each
// machine gets, configuration errors, the run loop's stops driven by
// devices, --log output, determinism of the state digest, and idle
// fast-forwarding (HLT with interrupts enabled skips to the next event).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/core/errors.h"
#include "platform/devices/pci_host.h"
#include "platform/machine.h"

namespace mkemu {
namespace {

MachineConfig pc_config(const char* cpu = "p6") {
  MachineConfig c;
  c.cpu = parse_cpu_option(cpu);
  return c;
}

TEST(MachineDescription, NamesAndHelp) {
  EXPECT_EQ(find_machine("pc").name, "pc");
  EXPECT_TRUE(find_machine("pc").has(DeviceKind::kPci));
  EXPECT_FALSE(find_machine("isapc").has(DeviceKind::kPci));
  EXPECT_FALSE(find_machine("isapc").has(DeviceKind::kLocalApic));
  EXPECT_THROW(find_machine("q35"), InputError);
  std::string help = machine_help_text();
  EXPECT_NE(help.find("pc:"), std::string::npos);
  EXPECT_NE(help.find("isapc:"), std::string::npos);
  EXPECT_NE(help.find("0xCF8"), std::string::npos);
}

TEST(MachineComposition, PcHasEveryDevice) {
  Machine m(pc_config());
  EXPECT_NE(m.pic(), nullptr);
  EXPECT_NE(m.pit(), nullptr);
  EXPECT_NE(m.rtc(), nullptr);
  EXPECT_NE(m.uart(), nullptr);
  EXPECT_NE(m.kbc(), nullptr);
  EXPECT_NE(m.pci_host(), nullptr);
  EXPECT_NE(m.local_apic(), nullptr);  // p6 reports an APIC
  EXPECT_NE(m.io_apic(), nullptr);
  EXPECT_NE(m.vga_text(), nullptr);
  EXPECT_EQ(m.io.name_at(0x3F8), "uart");
  EXPECT_EQ(m.io.name_at(0xCF9), "pci-config");
  EXPECT_EQ(m.io.read(0xCFC, 4), 0xFFFF'FFFFu);  // address register disabled
  m.io.write(0xCF8, 4, 0x8000'0800u);
  EXPECT_EQ(m.io.read(0xCFC, 4), 0x7000'8086u);
  EXPECT_EQ(m.memory.read(0xFEE0'0030u, 4), 0x0005'0014u);
  EXPECT_EQ(m.memory.read(0xFEC0'0000u, 4), 0u);
}

TEST(MachineComposition, IsaPcHasNoPciNoApic) {
  MachineConfig c = pc_config();
  c.machine = "isapc";
  Machine m(c);
  EXPECT_EQ(m.pci_host(), nullptr);
  EXPECT_EQ(m.local_apic(), nullptr);
  EXPECT_EQ(m.io.handler_at(0xCF8), nullptr);
  EXPECT_EQ(m.io.name_at(0xCF9), "reset-control");
  EXPECT_EQ(m.memory.read(0xFEE0'0030u, 4), 0xFFFF'FFFFu);
}

TEST(MachineComposition, ApicFollowsTheCpuModelAndConfig) {
  EXPECT_EQ(Machine(pc_config("i486")).local_apic(), nullptr);
  MachineConfig off = pc_config();
  off.apic = ApicMode::kOff;
  EXPECT_EQ(Machine(off).local_apic(), nullptr);
  MachineConfig on = pc_config("i486");
  on.apic = ApicMode::kOn;
  EXPECT_THROW(Machine{on}, InputError);
  MachineConfig forced = pc_config("i486,+apic");
  forced.apic = ApicMode::kOn;
  EXPECT_NE(Machine(forced).local_apic(), nullptr);
}

TEST(MachineComposition, BadNamesAndTimesAreInputErrors) {
  MachineConfig c = pc_config();
  c.machine = "nope";
  EXPECT_THROW(Machine{c}, InputError);
  c = pc_config();
  c.rtc = "yesterday";
  EXPECT_THROW(Machine{c}, InputError);
}

TEST(MachineComposition, CmosReportsTheRamSize) {
  MachineConfig c = pc_config();
  c.ram_mib = 32;
  Machine m(c);
  m.io.write(0x70, 1, 0x34);
  uint32_t lo = m.io.read(0x71, 1);
  m.io.write(0x70, 1, 0x35);
  uint32_t hi = m.io.read(0x71, 1);
  EXPECT_EQ(lo | hi << 8, 256u);  // (32 - 16) MiB in 64 KiB blocks
}

TEST(MachineRun, ResetRequestsStopUnderNoReboot) {
  for (uint16_t port : {uint16_t{0xCF9}, uint16_t{0x64}, uint16_t{0x92}}) {
    MachineConfig c = pc_config();
    c.no_reboot = true;
    Machine m(c);
    m.io.write(port, 1, port == 0x64 ? 0xFE : (port == 0x92 ? 0x01 : 0x06));
    EXPECT_EQ(m.run({}).stop, MachineStop::kResetRequest) << port;
  }
}

TEST(MachineRun, SerialOutputReachesSinksAndStopText) {
  Machine m(pc_config());
  std::string serial;
  m.on_output = [&](OutputChannel ch, uint8_t b) {
    if (ch == OutputChannel::kSerial) serial.push_back(static_cast<char>(b));
  };
  m.set_stop_text("ok!");
  for (char ch : std::string("ok!")) {
    m.io.write(0x3F8, 1, static_cast<uint8_t>(ch));
    // Let the character leave the shift register (9600 baud: about 1 ms).
    m.clock.cycles += 200'000;
    m.scheduler.run_due(m.clock.cycles);
  }
  EXPECT_EQ(serial, "ok!");
  EXPECT_EQ(m.run({}).stop, MachineStop::kStopText);
}

TEST(MachineRun, ExitDeviceStatus) {
  Machine m(pc_config());
  m.io.write(0xF4, 1, 0x21);
  RunResult r = m.run({});
  EXPECT_EQ(r.stop, MachineStop::kGuestExit);
  EXPECT_EQ(r.exit_value, 0x21u);
}

TEST(MachineLogging, UnclaimedAndPciLinesCarryCycleAndEip) {
  MachineConfig c = pc_config();
  c.log_categories = parse_log_categories("unclaimed,pci");
  Machine m(c);
  std::vector<std::string> lines;
  m.log.sink = [&](std::string_view line) { lines.emplace_back(line); };
  m.clock.cycles = 1234;
  m.io.read(0x2F8, 1);
  m.memory.write(0xF000'0000u, 4, 1);
  m.io.write(0xCF8, 4, 0x8000'0000u);
  m.io.read(0xCFC, 4);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "[cycle 1234 eip 0x0000fff0] unclaimed: io read port 0x02f8 size 1");
  EXPECT_NE(lines[1].find("unclaimed: memory write 0xf0000000"), std::string::npos);
  EXPECT_NE(lines.back().find("pci: read 00:00.0 reg 0x00 size 4 -> 0x12378086"),
            std::string::npos);
  size_t before = lines.size();
  m.log_unknown_msr(0xC0000080u, false, 0);
  EXPECT_EQ(lines.size(), before);  // msr is not among the enabled categories
  m.log.set_categories(parse_log_categories("msr"));
  m.log_unknown_msr(0x1234, true, 5);
  EXPECT_NE(lines.back().find("msr: wrmsr 0x00001234 value 0x0000000000000005"), std::string::npos);
  EXPECT_THROW(parse_log_categories("int,bogus"), InputError);
}

TEST(MachineState, DigestIsDeterministicAndNamesDevices) {
  Machine a(pc_config()), b(pc_config());
  EXPECT_EQ(a.digest().total, b.digest().total);
  std::vector<std::string> names;
  for (const Stateful* s : a.stateful_parts()) names.emplace_back(s->state_name());
  for (const char* want :
       {"pic", "lapic", "ioapic", "pit", "rtc", "uart", "kbc", "pci", "vga-text"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  }
  a.io.write(0x3FF, 1, 0x55);  // UART scratch register
  EXPECT_NE(a.digest().total, b.digest().total);
}

TEST(MachineRun, HaltWithInterruptsOnSkipsToEachEvent) {
  // Real-mode ROM at the reset vector: mask both PICs, STI, then HLT forever.
  Machine m(pc_config());
  std::vector<uint8_t> rom(0x10000, 0x90);
  const uint8_t code[] = {0xB0, 0xFF, 0xE6, 0x21, 0xE6, 0xA1,  // mov al,ff; out 21; out a1
                          0xFB, 0xF4, 0xEB, 0xFD};             // sti; hlt; jmp hlt
  std::copy(std::begin(code), std::end(code), rom.begin() + 0xFFF0 - 0x10);
  rom[0xFFF0] = 0xEB;  // jmp short back to the code
  rom[0xFFF1] = static_cast<uint8_t>(-0x12);
  m.memory.add_rom(0xFFFF'0000u, rom, "test-rom");
  m.cpu.reset();
  RunResult r = m.run({UINT64_MAX, 100'000'000});  // one virtual second
  EXPECT_EQ(r.stop, MachineStop::kLimit);
  EXPECT_EQ(m.clock.cycles, 100'000'000u);
  // The only events: channel 0's power-on square wave (mode 3, 65536) changes
  // OUT every 32768 PIT clocks, 36 times in 1 193 182 clocks; one more skip
  // reaches the cycle limit.
  EXPECT_EQ(m.idle_skips(), 37u);
  EXPECT_LT(m.cpu.instructions_retired(), 100u);
}

}  // namespace
}  // namespace mkemu

namespace mkemu {
namespace {

// Every device's state goes through save_state/load_state: a machine restored
// from another's parts has the same digest and behaves the same from there.
TEST(MachineState, DeviceStateRestoresIntoAFreshMachine) {
  Machine a(pc_config());
  // Program a few devices: PIT rate, RTC periodic, UART FIFO + scratch,
  // PCI routing, IOAPIC entry, VGA text, CMOS RAM.
  a.io.write(0x43, 1, 0x34);
  a.io.write(0x40, 1, 0x9C);
  a.io.write(0x40, 1, 0x2E);
  a.io.write(0x70, 1, 0x0B);
  a.io.write(0x71, 1, 0x42);
  a.io.write(0x3FA, 1, 0x07);
  a.io.write(0x3FF, 1, 0x77);
  a.io.write(0xCF8, 4, 0x8000'0860u);
  a.io.write(0xCFC, 4, 0x0B0A'0B0Au);
  a.memory.write(0xFEC0'0000u, 4, 0x12);
  a.memory.write(0xFEC0'0010u, 4, 0x31);
  a.memory.write(0xB8000, 2, 0x0741);
  uint8_t in[] = {'h', 'i'};
  a.serial_input(in);
  a.clock.cycles = 12'345'678;
  a.scheduler.run_due(a.clock.cycles);

  Machine b(pc_config());
  b.clock.cycles = a.clock.cycles;
  auto from = a.stateful_parts();
  auto to = b.restorable_parts();
  ASSERT_EQ(from.size(), to.size());
  for (size_t i = 0; i < from.size(); ++i) {
    StateWriter w;
    from[i]->save_state(w);
    StateReader r(w.bytes(), std::string(from[i]->state_name()));
    to[i]->load_state(r);
    EXPECT_EQ(r.remaining(), 0u) << from[i]->state_name();
  }
  b.state_restored();
  StateDigest da = a.digest(), db = b.digest();
  for (size_t i = 0; i < da.components.size(); ++i) {
    if (da.components[i].name == "cpu") continue;  // RAM and CPU are outside this test
    EXPECT_EQ(da.components[i].hash, db.components[i].hash) << da.components[i].name;
  }
  // And they go on identically.
  for (Machine* m : {&a, &b}) {
    m->clock.cycles += 50'000'000;
    m->scheduler.run_due(m->clock.cycles);
  }
  EXPECT_EQ(a.io.read(0x40, 1), b.io.read(0x40, 1));
  a.io.write(0x70, 1, 0x0C);
  b.io.write(0x70, 1, 0x0C);
  EXPECT_EQ(a.io.read(0x71, 1), b.io.read(0x71, 1));
  EXPECT_EQ(a.io.read(0x3F8, 1), b.io.read(0x3F8, 1));
  EXPECT_EQ(a.io.read(0x3F8, 1), b.io.read(0x3F8, 1));
  EXPECT_EQ(b.io.read(0x3FF, 1), 0x77u);
  EXPECT_EQ(b.memory.read(0xB8000, 2), 0x0741u);
}

}  // namespace
}  // namespace mkemu
