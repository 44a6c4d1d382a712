#include "frontend/run_command.h"

#include <cstdio>
#include <memory>

#include "frontend/exit_status.h"
#include "frontend/output_sink.h"
#include "frontend/stop_report.h"
#include "platform/boot/multiboot_loader.h"
#include "platform/boot/rom_loader.h"
#include "platform/core/host_file.h"
#include "platform/machine.h"

namespace mkemu {
namespace {

void boot(Machine& machine, const MachineConfig& config) {
  if (!config.rom.empty()) {
    map_rom(machine.memory, read_host_file(config.rom), config.rom);
    machine.reset();
  } else {
    boot_multiboot(machine, config.kernel, config.append, config.modules);
  }
}

std::string hex32(uint32_t v) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%x", v);
  return text;
}

}  // namespace

int run_command(MachineOptions& options) {
  // Open outputs before building anything, so a bad path fails fast.
  std::unique_ptr<OutputSink> serial = OutputSink::open(options.serial, "--serial");
  std::unique_ptr<OutputSink> debugcon = OutputSink::open(options.debugcon, "--debugcon");

  Machine machine(options.config);
  machine.on_output = [&](OutputChannel channel, uint8_t byte) {
    OutputSink* sink = channel == OutputChannel::kSerial ? serial.get() : debugcon.get();
    if (sink) sink->put(byte);
  };
  if (!options.stop_on.empty()) machine.set_stop_text(options.stop_on);
  boot(machine, options.config);

  RunLimits limits;
  if (options.max_insns) limits.max_instructions = options.max_insns;
  if (options.max_cycles) limits.max_cycles = options.max_cycles;
  RunResult result = machine.run(limits);
  if (serial) serial->flush();
  if (debugcon) debugcon->flush();

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
      reason = "stopped by an observer with none attached";
      break;
  }
  std::fputs(
      format_stop_report(machine, reason + " (exit status " + std::to_string(status) + ")").c_str(),
      stderr);
  return status;
}

}  // namespace mkemu
