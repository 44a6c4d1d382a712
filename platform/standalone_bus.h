#pragma once
// A MachineBus with its own clock, scheduler and buses and a MachineControl
// that records requests: for driving devices without a CPU (unit tests,
// fuzzers). `advance_to` plays the role of the machine's run loop.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "platform/machine_bus.h"

namespace mkemu {

class RecordingControl : public MachineControl {
 public:
  void guest_output(OutputChannel channel, uint8_t byte) override {
    (channel == OutputChannel::kSerial ? serial : debugcon).push_back(static_cast<char>(byte));
  }
  void request_exit(uint32_t value) override { exits.push_back(value); }
  void request_reset() override { ++resets; }
  void set_a20(bool enabled) override { a20 = enabled; }

  std::string serial;
  std::string debugcon;
  std::vector<uint32_t> exits;
  unsigned resets = 0;
  bool a20 = true;
};

struct StandaloneBus {
  explicit StandaloneBus(uint64_t hz = 100'000'000, uint32_t ram_bytes = 1u << 20)
      : memory(ram_bytes), log(clock) {
    clock.hz = hz;
    bus.log = &log;
  }
  // Moves virtual time to `cycle`, firing every event due on the way at its
  // own deadline (as the run loop does between instructions).
  void advance_to(uint64_t cycle) {
    while (scheduler.next_deadline() <= cycle) {
      clock.cycles = std::max(clock.cycles, scheduler.next_deadline());
      scheduler.run_due(clock.cycles);
    }
    clock.cycles = std::max(clock.cycles, cycle);
  }
  void advance_by(uint64_t cycles) { advance_to(clock.cycles + cycles); }

  Clock clock;
  Scheduler scheduler;
  IoBus io;
  PhysicalMemoryMap memory;
  RecordingControl control;
  MachineLog log;
  MachineBus bus{clock, scheduler, io, memory, control, {}};
};

}  // namespace mkemu
