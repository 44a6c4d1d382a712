// Console behaviour that needs no script: inspection never changes the
// machine's state hash, every command has help with an example, and the
// hostile-input paths return errors instead of crashing.
#include <gtest/gtest.h>

#include "frontend/debugger/console.h"
#include "frontend/gdb/gdb_packet.h"
#include "frontend/gdb/gdb_stub.h"
#include "test_machine.h"

namespace mkemu {
namespace {

std::string run(Console& c, const std::string& line,
                Console::Result expect = Console::Result::kOk) {
  std::string out;
  EXPECT_EQ(c.execute(line, out), expect) << line << "\n" << out;
  return out;
}

TEST(DebuggerConsole, InspectionLeavesTheStateHashUnchanged) {
  BootedMachine booted = test::boot_kernel_image();
  Machine& m = *booted.machine;
  Debugger dbg(m);
  Console console(dbg);
  // Run into paged protected mode (the kernel's magic breakpoint) first.
  run(console, "magic on");
  std::string out = run(console, "continue");
  ASSERT_NE(out.find("magic breakpoint"), std::string::npos) << out;
  run(console, "magic off");
  const uint64_t before = m.digest().total;

  const char* commands[] = {"regs",
                            "sregs",
                            "cregs",
                            "fpu",
                            "gdt",
                            "idt",
                            "ldt",
                            "tss",
                            "tlb",
                            "counters",
                            "history 256",
                            "breakpoints",
                            "symbols",
                            "devices",
                            "pic",
                            "pit",
                            "apic",
                            "ioapic",
                            "uart",
                            "pci",
                            "rtc",
                            "timers",
                            "translate 0x40000010",
                            "translate 0x80000000",
                            "disas eip 50",
                            "x/64i 0x100000",
                            "print eax + cr3",
                            "hash",
                            "help"};
  for (const char* c : commands) run(console, c);
  // Every physical byte of RAM and the whole linear space that is mapped.
  const uint32_t ram = static_cast<uint32_t>(m.memory.ram().size());
  for (uint32_t at = 0; at < ram; at += 0x80000) run(console, "xp/65536g " + std::to_string(at));
  for (uint32_t at = 0; at < 0x00400000; at += 0x80000) {
    run(console, "x/65536g " + std::to_string(at));
  }
  // Every I/O port, each size, read the side-effect-free way the console uses.
  for (uint32_t port = 0; port < 0x10000; ++port) {
    for (unsigned size : {1u, 2u, 4u}) (void)m.io.peek(static_cast<uint16_t>(port), size);
  }
  // And gdb's view: all registers and memory reads across RAM.
  GdbStub stub(dbg, console);
  stub.handle("g");
  char packet[40];
  for (uint32_t at = 0; at < ram; at += 0x1000) {
    std::snprintf(packet, sizeof packet, "m%x,1000", at);
    stub.handle(packet);
  }
  EXPECT_EQ(m.digest().total, before);
}

// The devices image stops at its magic breakpoint with a poll command
// pending in the PIC, PIT latches half read, a UART with an overrun, a
// THR-empty interrupt, modem-status deltas and received bytes, RTC flags, and
// programmed APICs: every read the guest could make would change something.
TEST(DebuggerConsole, DeviceViewsAndRegisterReadsLeaveTheStateHashUnchanged) {
  BootedMachine booted = test::boot_kernel_image("devices.elf");
  Machine& m = *booted.machine;
  Debugger dbg(m);
  Console console(dbg);
  run(console, "magic on");
  ASSERT_NE(run(console, "continue").find("magic breakpoint"), std::string::npos);
  run(console, "magic off");
  const uint64_t before = m.digest().total;

  const std::vector<std::string> views = {"pic", "pit", "apic",   "ioapic",  "uart",
                                          "pci", "rtc", "timers", "devices", "state"};
  std::vector<std::string> commands = views;
  for (const Stateful* part : m.stateful_parts()) {
    commands.push_back("state " + std::string(part->state_name()));
  }
  // The local APIC and I/O APIC windows, physical and linear (no paging here).
  commands.insert(commands.end(), {"xp/1024w 0xfee00000", "xp/64w 0xfec00000", "x/1024w 0xfee00000",
                                   "x/64w 0xfec00000"});
  for (const std::string& c : commands) run(console, c);
  for (uint32_t port = 0; port < 0x10000; ++port) {
    for (unsigned size : {1u, 2u, 4u}) (void)m.io.peek(static_cast<uint16_t>(port), size);
  }
  // gdb: every view through `monitor`, and memory reads of the APIC windows.
  GdbStub stub(dbg, console);
  for (const std::string& v : views) {
    GdbStub::Reply r = stub.handle("qRcmd," + to_hex(v));
    ASSERT_FALSE(r.payloads.empty()) << v;
    EXPECT_EQ(r.payloads.back(), "OK") << v;
  }
  EXPECT_NE(stub.handle("mfee00000,1000").payloads.at(0), "E14");
  EXPECT_NE(stub.handle("mfec00000,100").payloads.at(0), "E14");
  EXPECT_EQ(m.digest().total, before);

  // The guest then reads those registers itself and exits with 0x11 only if
  // each held what it holds in an uninspected run.
  std::string out = run(console, "continue");
  EXPECT_NE(out.find("the guest wrote 0x11 to the isa-debug-exit port"), std::string::npos) << out;
}

TEST(DebuggerConsole, EveryCommandHasHelpWithAnExample) {
  auto m = test::boot_reset_vector_code({0xEB, 0xFE});  // jmp $
  Debugger dbg(*m);
  Console console(dbg);
  std::string list = run(console, "help");
  size_t commands = 0;
  size_t at = list.find('\n') + 1;  // skip the heading
  at = list.find('\n', at) + 1;
  while (at < list.size()) {
    size_t end = list.find('\n', at);
    std::string line = list.substr(at, end - at);
    at = end + 1;
    size_t start = line.find_first_not_of(' ');
    std::string name = line.substr(start, line.find_first_of(" /", start) - start);
    std::string help = console.help_text(name);
    EXPECT_NE(help.find("usage: "), std::string::npos) << name;
    EXPECT_NE(help.find("example: "), std::string::npos) << name;
    ++commands;
  }
  EXPECT_GE(commands, 40u);
}

TEST(DebuggerConsole, StepReportsRegistersAfterEachInstruction) {
  // B8 34 12: mov ax, 0x1234; 40: inc ax; EB FE: jmp $ (Intel SDM vol. 2 encodings).
  auto m = test::boot_reset_vector_code({0xB8, 0x34, 0x12, 0x40, 0xEB, 0xFE});
  Debugger dbg(*m);
  Console console(dbg);
  std::string out = run(console, "step");
  EXPECT_NE(out.find("stopped: step: 1 instruction\n"), std::string::npos) << out;
  EXPECT_EQ(m->cpu.state().gpr[kEax] & 0xFFFF, 0x1234u);
  EXPECT_EQ(m->cpu.state().eip, 0xFFF3u);
  run(console, "step");
  EXPECT_EQ(m->cpu.state().gpr[kEax] & 0xFFFF, 0x1235u);
  out = run(console, "step 10");
  EXPECT_NE(out.find("step: 10 instructions"), std::string::npos) << out;
  EXPECT_EQ(m->cpu.state().eip, 0xFFF4u);  // the jmp $ loops in place
}

TEST(DebuggerConsole, FpuShowsThePowerOnState) {
  // Power-on x87 state (Intel SDM vol. 3, table 9-1): FCW 0040h, FSW 0,
  // FTW 5555h (all registers +0.0, tagged zero), pointers 0.
  auto m = test::boot_reset_vector_code({0xEB, 0xFE});
  Debugger dbg(*m);
  Console console(dbg);
  std::string out = run(console, "fpu");
  EXPECT_NE(out.find("fctrl=0040 fstat=0000 (TOP=0"), std::string::npos) << out;
  EXPECT_NE(out.find("ftag=5555"), std::string::npos) << out;
  EXPECT_NE(out.find("st0 (R0) 0000:0000000000000000  zero"), std::string::npos) << out;
  // gdb's view: fctrl (24) and ftag (26), 32-bit little-endian.
  GdbStub stub(dbg, console);
  EXPECT_EQ(stub.handle("p18").payloads.at(0), "40000000");
  EXPECT_EQ(stub.handle("p1a").payloads.at(0), "55550000");
  EXPECT_EQ(stub.handle("p10").payloads.at(0), std::string(20, '0'));  // st0 = +0.0
}

TEST(DebuggerConsole, ConditionalBreakpointStopsOnlyWhenTrue) {
  // 40: inc ax; EB FD: jmp back to the inc (rel8 -3).
  auto m = test::boot_reset_vector_code({0x40, 0xEB, 0xFD});
  Debugger dbg(*m);
  Console console(dbg);
  run(console, "break 0xfffffff0 if ax == 5");
  std::string out = run(console, "continue");
  EXPECT_NE(out.find("stopped: breakpoint 1 at 0xfffffff0"), std::string::npos) << out;
  EXPECT_EQ(m->cpu.state().gpr[kEax] & 0xFFFF, 5u);
  run(console, "break 0xfffffff0 if nosuch", Console::Result::kError);
}

TEST(DebuggerConsole, HostileLinesAreErrorsNotCrashes) {
  auto m = test::boot_reset_vector_code({0xEB, 0xFE});
  Debugger dbg(*m);
  Console console(dbg);
  const std::string lines[] = {std::string(100000, 'x'),
                               "x/" + std::string(50, '9') + "b 0",
                               "info " + std::string(1000, 'i'),
                               "print " + std::string(5000, '('),
                               "idt 0xffffffff 5",
                               "watch -p",
                               "iobreak 5-1",
                               "set = 5",
                               std::string("\0\1\2", 3)};
  for (const std::string& l : lines) {
    std::string out;
    EXPECT_EQ(console.execute(l, out), Console::Result::kError) << l.substr(0, 40);
    EXPECT_NE(out.find("error: "), std::string::npos) << l.substr(0, 40);
  }
}

}  // namespace
}  // namespace mkemu
