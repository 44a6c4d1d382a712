#include "frontend/machine_setup.h"

#include <cstdio>

#include "frontend/exit_status.h"
#include "frontend/serial_backend.h"
#include "frontend/stop_report.h"
#include "platform/boot/multiboot_loader.h"
#include "platform/boot/rom_loader.h"
#include "platform/core/host_file.h"

namespace mkemu {
namespace {

std::string hex32(uint32_t v) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%x", v);
  return text;
}

}  // namespace

void BootedMachine::flush_outputs() {
  if (serial) serial->flush();
  if (debugcon) debugcon->flush();
}

traces::HostPoll BootedMachine::host_poll() {
  if (!host_input_) {
    host_input_ = std::make_unique<SerialHostInput>(serial.get(), serial_input_from_stdin,
                                                    machine->config().clock_hz);
  }
  return host_input_->host_poll();
}

BootedMachine build_and_boot(const MachineOptions& options) {
  BootedMachine booted;
  // Outputs first, so a bad path fails before anything is built.
  booted.serial = open_serial_backend(options.serial);
  booted.debugcon = OutputSink::open(options.debugcon, "--debugcon");
  booted.machine = std::make_unique<Machine>(options.config);
  Machine& m = *booted.machine;
  OutputSink* serial = booted.serial.get();
  OutputSink* debugcon = booted.debugcon.get();
  m.on_output = [serial, debugcon](OutputChannel channel, uint8_t byte) {
    OutputSink* sink = channel == OutputChannel::kSerial ? serial : debugcon;
    if (sink) sink->put(byte);
  };
  if (!options.stop_on.empty()) m.set_stop_text(options.stop_on);
  const MachineConfig& config = options.config;
  if (!config.rom.empty()) {
    map_rom(m.memory, read_host_file(config.rom), config.rom);
    m.reset();
  } else {
    boot_multiboot(m, config.kernel, config.append, config.modules);
  }
  if (options.serial_input == "-") {
    booted.serial_input_from_stdin = true;
  } else if (!options.serial_input.empty()) {
    m.serial_input(read_host_file(options.serial_input));
  }
  if (booted.serial) booted.serial->before_run();
  return booted;
}

std::vector<traces::ExternalInput> take_serial_input_file(MachineOptions& options) {
  if (options.serial_input.empty() || options.serial_input == "-") return {};
  traces::ExternalInput input;
  input.kind = traces::InputKind::kSerial;
  input.bytes = read_host_file(options.serial_input);
  options.serial_input.clear();
  if (input.bytes.empty()) return {};
  return {std::move(input)};
}

RunLimits run_limits(const MachineOptions& options) {
  RunLimits limits;
  if (options.max_insns) limits.max_instructions = options.max_insns;
  if (options.max_cycles) limits.max_cycles = options.max_cycles;
  return limits;
}

void print_run_stats(const Machine& machine) {
  std::fprintf(
      stderr, "mkemu: stats: instructions %llu, cycles %llu, idle skips %llu, state hash %016llx\n",
      static_cast<unsigned long long>(machine.cpu.instructions_retired()),
      static_cast<unsigned long long>(machine.clock.cycles),
      static_cast<unsigned long long>(machine.idle_skips()),
      static_cast<unsigned long long>(machine.digest().total));
}

int exit_status_for(const RunResult& result, const Machine& machine) {
  int status = kExitOk;
  std::string reason;
  switch (result.stop) {
    case MachineStop::kStopText:
    case MachineStop::kResetRequest:
    case MachineStop::kHaltedForever: return kExitOk;
    case MachineStop::kGuestExit:
      status = guest_exit_status(result.exit_value);
      reason = "guest wrote " + hex32(result.exit_value) + " to the isa-debug-exit port";
      break;
    case MachineStop::kTripleFault:
      status = kExitTripleFault;
      reason = "triple fault";
      break;
    case MachineStop::kLimit:
      status = kExitLimit;
      reason = "instruction or cycle limit reached";
      break;
    case MachineStop::kObserver:
      status = kExitInternalError;
      reason = "stopped by an observer that nobody attached";
      break;
  }
  std::string report =
      format_stop_report(machine, reason + " (exit status " + std::to_string(status) + ")");
  std::fputs(report.c_str(), stderr);
  return status;
}

}  // namespace mkemu
