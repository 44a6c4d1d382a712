#pragma once
// The composed machine: clock, scheduler, buses, MMU, CPU and devices, and
// the run loop that interleaves CPU execution with device events.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cpu/cpu.h"
#include "mmu/mmu.h"
#include "platform/core/io_bus.h"
#include "platform/core/observer.h"
#include "platform/core/phys_memory.h"
#include "platform/core/scheduler.h"
#include "platform/core/state_hash.h"
#include "platform/device.h"
#include "platform/machine_bus.h"
#include "platform/machine_config.h"

namespace mkemu {

// Why Machine::run returned; each maps to one documented exit status.
enum class MachineStop : uint8_t {
  kGuestExit,      // isa-debug-exit write: status (value << 1) | 1
  kStopText,       // --stop-on text seen: status 0
  kResetRequest,   // reset requested under --no-reboot: status 0
  kHaltedForever,  // HLT with IF=0 (or nothing left to wake it): status 0
  kTripleFault,    // status 4
  kLimit,          // --max-insns / --max-cycles: status 6
  kObserver,       // an observer (debugger) asked to stop
};

struct RunLimits {
  uint64_t max_instructions = UINT64_MAX;
  uint64_t max_cycles = UINT64_MAX;
};

struct RunResult {
  MachineStop stop;
  uint32_t exit_value = 0;  // for kGuestExit
};

class Machine : private MachineControl {
 public:
  explicit Machine(const MachineConfig& config);
  ~Machine() override;

  RunResult run(const RunLimits& limits);
  // Power-on reset of CPU and devices (RAM keeps its contents, as on a PC).
  void reset();

  // Guest output: every byte on a channel is passed to these sinks.
  std::function<void(OutputChannel, uint8_t)> on_output;
  // Stop with MachineStop::kStopText once this text appears in the serial or
  // debug-console output.
  void set_stop_text(std::string text) { stop_text_ = std::move(text); }

  StateDigest digest() const;
  std::vector<const Stateful*> stateful_parts() const;
  uint64_t idle_skips() const { return idle_skips_; }

  const MachineConfig& config() const { return config_; }
  Clock clock;
  Scheduler scheduler;
  ObserverHub observers;
  PhysicalMemoryMap memory;
  IoBus io;
  Mmu mmu;
  Cpu cpu;

 private:
  void guest_output(OutputChannel channel, uint8_t byte) override;
  void request_exit(uint32_t value) override;
  void request_reset() override;
  void set_a20(bool enabled) override { mmu.set_a20(enabled); }
  void add_device(std::unique_ptr<Device> device);

  MachineConfig config_;
  MachineBus bus_;
  std::vector<std::unique_ptr<Device>> devices_;
  std::string stop_text_;
  std::string recent_output_;  // tail of guest output, for --stop-on
  bool exit_requested_ = false;
  uint32_t exit_value_ = 0;
  bool reset_requested_ = false;
  bool stop_text_seen_ = false;
  uint64_t idle_skips_ = 0;
};

}  // namespace mkemu
