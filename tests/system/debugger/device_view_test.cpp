// Device views for what the devices image does not cover: a PCI function
// with BARs and an interrupt pin, RTC formats, PIT BCD counting, and machines
// without an APIC or PCI (a clear error, never a crash).
#include <gtest/gtest.h>

#include "frontend/debugger/console.h"
#include "frontend/debugger/device_view.h"
#include "platform/boot/rom_loader.h"
#include "platform/devices/pci_bus.h"
#include "platform/devices/pci_function.h"

namespace mkemu {
namespace {

// A machine that spins at the reset vector (EB FE: jmp $).
std::unique_ptr<Machine> spinning_machine(const std::string& name) {
  MachineConfig config;
  config.machine = name;
  auto m = std::make_unique<Machine>(config);
  std::vector<uint8_t> rom(0x10000, 0xF4);
  rom[0xFFF0] = 0xEB;
  rom[0xFFF1] = 0xFE;
  map_rom(m->memory, rom, "test-rom");
  m->reset();
  return m;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(DeviceView, PciFunctionWithBarsAndARoutedInterruptPin) {
  // Identity of QEMU's e1000 (82540EM: 8086:100E, class 020000).
  PciFunction nic("test-nic");
  nic.set_identity(0x8086, 0x100E, 0x03, 0x020000, 0x00);
  nic.set_bar(0, 0x20000, false);
  nic.set_bar(1, 0x40, true);
  nic.set_interrupt_pin(1);
  nic.capture_reset_values();
  auto m = spinning_machine("pc");
  m->pci_bus()->add_function(3, 0, &nic);
  nic.config_write(0x10, 4, 0xFEBC0000);
  nic.config_write(0x14, 4, 0xC001);
  nic.config_write(PciFunction::kCommand, 2, 0x0002);  // memory decoding only
  nic.config_write(PciFunction::kInterruptLine, 1, 10);
  // Device 3's INTA swizzles to PIRQ (3 + 1 - 1) mod 4 = D; PIIX3 register
  // 0x63 routes PIRQD to IRQ 10.
  m->pci_bus()->find(1, 0)->config_write(0x63, 1, 10);

  const std::string v = format_pci_view(*m);
  EXPECT_TRUE(contains(v, "PIRQ routing: A->none B->none C->none D->10\n")) << v;
  EXPECT_TRUE(contains(v,
                       "00:03.0 test-nic: vendor 8086 device 100e revision 03, class 020000 "
                       "(Ethernet controller), header type 0x00\n"))
      << v;
  EXPECT_TRUE(contains(v, "  command 0x0002: memory; status 0x0000: DEVSEL fast\n")) << v;
  // A BAR keeps only the address bits above its size.
  EXPECT_TRUE(contains(v, "  BAR0 memory at 0xfebc0000, size 0x20000 (decoded)\n")) << v;
  EXPECT_TRUE(contains(v, "  BAR1 I/O at 0x0000c000, size 0x40 (not decoded: command bit clear)\n"))
      << v;
  EXPECT_TRUE(
      contains(v, "  interrupt pin INTA -> PIRQD -> IRQ 10, interrupt line register 0x0a\n"))
      << v;
}

TEST(DeviceView, RtcShowsTheConfiguredTimeInTheGuestsFormat) {
  auto m = spinning_machine("pc");
  // Power-on: BCD, 24-hour; 2026-01-01 is a Thursday (day 5, Sunday = 1).
  std::string v = format_rtc_view(*m);
  EXPECT_TRUE(contains(v, "  time 00:00:00  date 2026-01-01  day of week 05  alarm 00:00:00\n"))
      << v;
  EXPECT_TRUE(contains(v,
                       "  A 0x26: UIP 0, divider 010 (32.768 kHz time base, running), "
                       "periodic rate 6 (1024 Hz)\n"))
      << v;
  // Register B = SET | binary | 12-hour, then hour 12 PM written in binary
  // (0x8C). Changing the data mode converts nothing (MC146818A): the date
  // bytes written as BCD 20 26 now read as binary 32 38.
  m->io.write(0x70, 1, 0x0B);
  m->io.write(0x71, 1, 0x84);
  m->io.write(0x70, 1, 0x04);
  m->io.write(0x71, 1, 0x8C);
  v = format_rtc_view(*m);
  EXPECT_TRUE(contains(v, "  time 12 PM:00:00  date 3238-01-01")) << v;
  EXPECT_TRUE(contains(v, "  B 0x84: SET 1, PIE 0, AIE 0, UIE 0, SQWE 0, binary, 12-hour, DSE 0\n"))
      << v;
  EXPECT_TRUE(contains(v, "MC146818 RTC (ports 0x70-0x71, IRQ 8): index 0x04, NMI enabled\n")) << v;
}

TEST(DeviceView, PitShowsBcdCountsAsDigits) {
  auto m = spinning_machine("pc");
  // Control word 0xB1: counter 2, LSB then MSB, mode 0, BCD; count 1234 (BCD).
  m->io.write(0x43, 1, 0xB1);
  m->io.write(0x42, 1, 0x34);
  m->io.write(0x42, 1, 0x12);
  const std::string v = format_pit_view(*m);
  EXPECT_TRUE(contains(v,
                       "  channel 2: mode 0 (interrupt on terminal count), BCD, access LSB then "
                       "MSB\n"))
      << v;
  EXPECT_TRUE(contains(v, "    reload (count register) 1234 (BCD)")) << v;
}

TEST(DeviceView, MachinesWithoutADeviceGetAnErrorNotACrash) {
  auto m = spinning_machine("isapc");
  Debugger dbg(*m);
  Console console(dbg);
  for (const char* missing : {"apic", "ioapic", "pci"}) {
    std::string out;
    EXPECT_EQ(console.execute(missing, out), Console::Result::kError) << missing;
    EXPECT_TRUE(contains(out, "error: this machine has no ")) << out;
  }
  for (const char* present : {"pic", "pit", "uart", "rtc", "timers"}) {
    std::string out;
    EXPECT_EQ(console.execute(present, out), Console::Result::kOk) << present << "\n" << out;
  }
  std::string out;
  EXPECT_EQ(console.execute("pic 1", out), Console::Result::kError);
  EXPECT_TRUE(contains(out, "error: pic takes no arguments")) << out;
}

}  // namespace
}  // namespace mkemu
