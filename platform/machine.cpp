#include "platform/machine.h"

#include <algorithm>

#include "platform/devices/debug_console.h"
#include "platform/devices/exit_device.h"

namespace mkemu {

Machine::Machine(const MachineConfig& config)
    : memory(config.ram_mib * 1024u * 1024u),
      mmu(memory, clock, observers),
      cpu(config.cpu, mmu, io, clock, observers),
      config_(config),
      bus_{clock, scheduler, io, memory, *this, {}} {
  clock.hz = config.clock_hz;
  scheduler.on_earlier_deadline = [this](uint64_t deadline) { cpu.lower_deadline(deadline); };
  memory.on_code_page_marked = [this](uint32_t page) { mmu.drop_fast_writes_to(page); };
  add_device(std::make_unique<DebugConsole>());
  add_device(std::make_unique<ExitDevice>());
}

Machine::~Machine() = default;

void Machine::add_device(std::unique_ptr<Device> device) {
  device->attach(bus_);
  devices_.push_back(std::move(device));
}

void Machine::reset() {
  cpu.reset();
  for (auto& d : devices_) d->reset();
}

void Machine::guest_output(OutputChannel channel, uint8_t byte) {
  if (on_output) on_output(channel, byte);
  if (stop_text_.empty()) return;
  recent_output_.push_back(static_cast<char>(byte));
  if (recent_output_.size() > 2 * stop_text_.size() + 256) {
    recent_output_.erase(0, recent_output_.size() - stop_text_.size());
  }
  if (recent_output_.find(stop_text_) != std::string::npos) {
    stop_text_seen_ = true;
    cpu.lower_deadline(0);
  }
}

void Machine::request_exit(uint32_t value) {
  exit_requested_ = true;
  exit_value_ = value;
  cpu.lower_deadline(0);
}

void Machine::request_reset() {
  reset_requested_ = true;
  cpu.lower_deadline(0);
}

RunResult Machine::run(const RunLimits& limits) {
  for (;;) {
    if (exit_requested_) {
      exit_requested_ = false;
      return {MachineStop::kGuestExit, exit_value_};
    }
    if (stop_text_seen_) {
      stop_text_seen_ = false;
      return {MachineStop::kStopText};
    }
    if (reset_requested_) {
      reset_requested_ = false;
      if (config_.no_reboot) return {MachineStop::kResetRequest};
      reset();
      continue;
    }
    uint64_t retired = cpu.instructions_retired();
    if (retired >= limits.max_instructions || clock.cycles >= limits.max_cycles) {
      return {MachineStop::kLimit};
    }
    uint64_t deadline = std::min(scheduler.next_deadline(), limits.max_cycles);
    CpuStop stop = cpu.run(deadline, limits.max_instructions - retired);
    scheduler.run_due(clock.cycles);
    switch (stop) {
      case CpuStop::kTripleFault: return {MachineStop::kTripleFault};
      case CpuStop::kObserver: return {MachineStop::kObserver};
      case CpuStop::kHalted:
        if (!cpu.halted()) break;  // an event during run_due woke it
        if (!cpu.interrupts_enabled() || scheduler.next_deadline() == kNever) {
          if (exit_requested_ || stop_text_seen_ || reset_requested_) break;
          return {MachineStop::kHaltedForever};
        }
        // Idle: jump virtual time to the next event instead of spinning.
        clock.cycles = std::max(clock.cycles, std::min(scheduler.next_deadline(), limits.max_cycles));
        ++idle_skips_;
        scheduler.run_due(clock.cycles);
        break;
      case CpuStop::kDeadline:
      case CpuStop::kInsnLimit: break;
    }
  }
}

std::vector<const Stateful*> Machine::stateful_parts() const {
  std::vector<const Stateful*> parts{&cpu, &mmu, &scheduler};
  for (const auto& d : devices_) parts.push_back(d.get());
  return parts;
}

StateDigest Machine::digest() const {
  auto parts = stateful_parts();
  return compute_state_digest(parts, memory.ram());
}

}  // namespace mkemu
