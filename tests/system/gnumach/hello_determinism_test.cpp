// Determinism of a whole GNU Mach boot (issue 5): booting the hello task twice
// must give byte-identical serial output and the same final state hash, cycle
// count and instruction count. The machine is built exactly as `mkemu run`
// builds it (frontend/machine_setup.h).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "frontend/machine_setup.h"
#include "hello_machine.h"

namespace mkemu {
namespace {

struct BootOutcome {
  MachineStop stop = MachineStop::kObserver;
  std::string serial;
  uint64_t state_hash = 0;
  uint64_t cycles = 0;
  uint64_t instructions = 0;
};

BootOutcome boot_hello() {
  MachineOptions options =
      hello_options(MKEMU_GNUMACH_KERNEL, MKEMU_GNUMACH_HELLO, {"--max-insns", "1500000000"});
  BootedMachine booted = build_and_boot(options);
  BootOutcome outcome;
  booted.machine->on_output = [&outcome](OutputChannel channel, uint8_t byte) {
    if (channel == OutputChannel::kSerial) outcome.serial.push_back(static_cast<char>(byte));
  };
  outcome.stop = booted.machine->run(run_limits(options)).stop;
  outcome.state_hash = booted.machine->digest().total;
  outcome.cycles = booted.machine->clock.cycles;
  outcome.instructions = booted.machine->cpu.instructions_retired();
  return outcome;
}

TEST(GnumachHello, TwoBootsAreIdentical) {
  if (!std::filesystem::exists(MKEMU_GNUMACH_KERNEL))
    GTEST_SKIP() << "GNU Mach kernel not found at " << MKEMU_GNUMACH_KERNEL
                 << " (run setup.sh or set MKEMU_GNUMACH)";
  BootOutcome first = boot_hello();
  BootOutcome second = boot_hello();
  // The run must be the real one: the task's reboot ended it, after its line.
  ASSERT_EQ(first.stop, MachineStop::kResetRequest);
  ASSERT_NE(first.serial.find(kHelloLine), std::string::npos) << first.serial;
  EXPECT_EQ(second.stop, first.stop);
  EXPECT_EQ(second.serial, first.serial);
  EXPECT_EQ(second.state_hash, first.state_hash);
  EXPECT_EQ(second.cycles, first.cycles);
  EXPECT_EQ(second.instructions, first.instructions);
  std::printf("instructions %llu, cycles %llu, state hash %016llx\n",
              static_cast<unsigned long long>(first.instructions),
              static_cast<unsigned long long>(first.cycles),
              static_cast<unsigned long long>(first.state_hash));
}

}  // namespace
}  // namespace mkemu
