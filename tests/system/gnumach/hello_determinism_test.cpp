// Determinism of a whole GNU Mach boot (issue 5): booting the hello task twice
// must give byte-identical serial output and the same final state hash, cycle
// count and instruction count. The machine is built exactly as `mkemu run`
// builds it (frontend/machine_setup.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "frontend/machine_options.h"
#include "frontend/machine_setup.h"

namespace mkemu {
namespace {

constexpr const char* kHelloLine =
    "mkemu-hello: a line from the bootstrap task through GNU Mach's console";

struct BootOutcome {
  MachineStop stop = MachineStop::kObserver;
  std::string serial;
  uint64_t state_hash = 0;
  uint64_t cycles = 0;
  uint64_t instructions = 0;
};

BootOutcome boot_hello() {
  MachineOptions options;
  CLI::App app;
  add_machine_options(app, options);
  std::vector<std::string> args = {"--kernel",
                                   MKEMU_GNUMACH_KERNEL,
                                   "--append",
                                   "console=com0",
                                   "--module",
                                   std::string(MKEMU_GNUMACH_HELLO) +
                                       " ${device-port} ${host-port} $(task-create) $(task-resume)",
                                   "--serial",
                                   "none",
                                   "--no-reboot",
                                   "--max-insns",
                                   "1500000000"};
  std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
  app.parse(args);
  EXPECT_TRUE(finish_machine_options(options));
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
