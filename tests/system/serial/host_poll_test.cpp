// The run loop's host-input hook (traces::HostPoll) on the echo ROM: polls
// come at instruction boundaries no further apart than the interval; an
// idle guest reports how long it will idle, never more than the interval,
// so idle fast-forward cannot skip past the chance to see host input; and
// the inputs a poll stamps, fed back as a schedule without the host,
// reproduce the run exactly. The ROM exits with the count of bytes it
// received before 'q' (tests/system/serial/echo_rom.S).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "frontend/machine_setup.h"
#include "traces/run_driver.h"

namespace mkemu {
namespace {

using traces::ExternalInput;
using traces::HostPoll;
using traces::InputQueue;

constexpr uint64_t kInterval = 100'000;  // cycles (1 ms at the default 100 MHz)

struct EchoMachine {
  BootedMachine booted;
  std::string output;
};

EchoMachine boot_echo_rom() {
  MachineOptions options;
  options.config.rom = MKEMU_SERIAL_ECHO_ROM;
  options.serial = "none";
  finish_machine_options(options);
  EchoMachine echo{build_and_boot(options), {}};
  return echo;
}

struct PollCall {
  uint64_t cycle, wait;
};

// Host input that "arrives" at given poll numbers.
struct ScriptedHost {
  std::vector<std::pair<size_t, std::string>> arrivals;  // (poll index, bytes)
  std::vector<PollCall> calls;
  HostPoll hook() {
    HostPoll h;
    h.interval = kInterval;
    h.poll = [this](Machine& m, InputQueue& inputs, uint64_t wait) {
      calls.push_back({m.clock.cycles, wait});
      for (const auto& [index, bytes] : arrivals) {
        if (index + 1 != calls.size()) continue;
        ExternalInput input;
        input.cycle = m.clock.cycles;
        input.bytes.assign(bytes.begin(), bytes.end());
        inputs.add(input);
      }
      return true;
    };
    return h;
  }
};

TEST(HostPoll, IdleGuestIsPolledEveryIntervalAndSeesInputAtItsStamp) {
  EchoMachine echo = boot_echo_rom();
  Machine& m = *echo.booted.machine;
  m.on_output = [&](OutputChannel, uint8_t byte) {
    echo.output.push_back(static_cast<char>(byte));
  };
  ScriptedHost host;
  host.arrivals = {{50, "hi"}, {120, "q"}};
  traces::DriveHooks hooks;
  hooks.host_poll = host.hook();
  InputQueue inputs;
  RunLimits limits;
  limits.max_cycles = 1'000'000'000;
  RunResult result = traces::drive_machine(m, inputs, limits, hooks);

  ASSERT_EQ(result.stop, MachineStop::kGuestExit);
  EXPECT_EQ(result.exit_value, 2u);  // "hi" before 'q'
  EXPECT_EQ(echo.output, "hi");
  ASSERT_GE(host.calls.size(), 121u);
  EXPECT_EQ(host.calls[0].cycle, 0u);  // before the first instruction
  for (size_t i = 1; i < host.calls.size(); ++i) {
    uint64_t gap = host.calls[i].cycle - host.calls[i - 1].cycle;
    EXPECT_GE(gap, kInterval) << "poll " << i;
    // The ROM idles in HLT: slices end exactly at the poll point, except
    // right after input, when the echo's instructions may overshoot a little.
    EXPECT_LT(gap, kInterval + 1'000) << "poll " << i;
    EXPECT_LE(host.calls[i].wait, kInterval) << "poll " << i;
  }
  // Idle between the polls long after boot: each reports a wait (the guest
  // would otherwise skip ahead to its next timer event).
  EXPECT_GT(host.calls[100].wait, 0u);
  // 'q' arrived at poll 120's cycle; the guest saw it one character time
  // later (10 bits at 115200 baud = 8680 cycles at 100 MHz), not after an
  // idle skip to some later event.
  uint64_t stamp = host.calls[120].cycle;
  EXPECT_GE(m.clock.cycles, stamp + 8'680);
  EXPECT_LT(m.clock.cycles, stamp + 8'680 + 2'000);
}

TEST(HostPoll, StampedInputsReplayWithoutTheHost) {
  EchoMachine live = boot_echo_rom();
  Machine& a = *live.booted.machine;
  a.on_output = [&](OutputChannel, uint8_t byte) {
    live.output.push_back(static_cast<char>(byte));
  };
  ScriptedHost host;
  host.arrivals = {{3, "abc"}, {7, "d"}, {7, "e\r"}, {40, "xq"}};
  traces::DriveHooks hooks;
  hooks.host_poll = host.hook();
  std::vector<ExternalInput> delivered;
  hooks.on_input = [&](Machine&, const ExternalInput& input) { delivered.push_back(input); };
  InputQueue none;
  RunResult recorded = traces::drive_machine(a, none, {}, hooks);
  ASSERT_EQ(recorded.stop, MachineStop::kGuestExit);
  EXPECT_EQ(recorded.exit_value, 7u);
  ASSERT_EQ(delivered.size(), 4u);
  EXPECT_EQ(delivered[1].cycle, delivered[2].cycle);  // one poll, two arrivals

  EchoMachine replay = boot_echo_rom();
  Machine& b = *replay.booted.machine;
  b.on_output = [&](OutputChannel, uint8_t byte) {
    replay.output.push_back(static_cast<char>(byte));
  };
  InputQueue schedule(delivered);
  RunResult replayed = traces::drive_machine(b, schedule, {});
  EXPECT_EQ(replayed.stop, recorded.stop);
  EXPECT_EQ(replayed.exit_value, recorded.exit_value);
  EXPECT_EQ(replay.output, "abcde\rx");
  EXPECT_EQ(replay.output, live.output);
  EXPECT_EQ(b.clock.cycles, a.clock.cycles);
  EXPECT_EQ(b.cpu.instructions_retired(), a.cpu.instructions_retired());
  EXPECT_EQ(b.digest().total, a.digest().total);
}

}  // namespace
}  // namespace mkemu
