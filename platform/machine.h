#pragma once
// The composed machine: clock, scheduler, buses, MMU, CPU and devices, and
// the run loop that interleaves CPU execution with device events. The
// devices come from the machine description named by MachineConfig::machine.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
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
#include "platform/machine_description.h"
#include "platform/machine_log.h"

namespace mkemu {

class Pic8259Pair;
class Pit8254;
class RtcCmos;
class Uart16550;
class Kbc8042;
class PciHost;
class PciBus;
class LocalApic;
class IoApic;
class VgaText;
class PostPort;
class IsaIrqFanout;
class CpuInterruptPins;

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

class Machine : private MachineControl, private MsrPlatform {
 public:
  // Throws InputError for a bad machine name, --rtc text or --apic request.
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

  // Bytes arriving on COM1's receive line, one character time apart on the
  // virtual clock from now (an external input: record it for replay).
  void serial_input(std::span<const uint8_t> bytes);

  // The APIC MSRs, for the CPU's RDMSR/WRMSR of IA32_APIC_BASE (0x1B) and
  // IA32_TSC_DEADLINE (0x6E0). Without a local APIC the base reads as the
  // power-on value with the enable bit clear and writes are ignored. The CPU
  // reaches the APIC base through MsrPlatform; the modelled CPUs have no
  // TSC-deadline timer (CPUID.1:ECX[24] = 0), so they raise #GP for 0x6E0.
  uint64_t apic_base_msr() const override;
  void set_apic_base_msr(uint64_t value) override;
  // --log msr: the CPU calls this for an RDMSR/WRMSR of an MSR it does not know.
  void log_unknown_msr(uint32_t msr, bool is_write, uint64_t value) override;

  StateDigest digest() const;
  std::vector<const Stateful*> stateful_parts() const;
  // The same parts, for restoring a snapshot: call load_state on each in
  // this order, then state_restored() so derived wiring (the CPU's INTR pin)
  // follows the restored devices.
  std::vector<Stateful*> restorable_parts();
  void state_restored();
  uint64_t idle_skips() const { return idle_skips_; }

  const MachineConfig& config() const { return config_; }
  const MachineDescription& description() const { return *description_; }

  // Devices of this machine (null when the description has none).
  Pic8259Pair* pic() const { return pic_; }
  Pit8254* pit() const { return pit_; }
  RtcCmos* rtc() const { return rtc_; }
  Uart16550* uart() const { return uart_; }
  Kbc8042* kbc() const { return kbc_; }
  PciHost* pci_host() const { return pci_; }
  PciBus* pci_bus() const;
  LocalApic* local_apic() const { return lapic_; }
  IoApic* io_apic() const { return ioapic_; }
  VgaText* vga_text() const { return vga_; }
  PostPort* post_port() const { return post_; }

  Clock clock;
  Scheduler scheduler;
  ObserverHub observers;
  PhysicalMemoryMap memory;
  IoBus io;
  Mmu mmu;
  Cpu cpu;
  // --log: set the categories from MachineConfig::log_categories; the
  // frontend may replace log.sink (stderr by default).
  MachineLog log;

 private:
  class LogObserver;
  void guest_output(OutputChannel channel, uint8_t byte) override;
  void request_exit(uint32_t value) override;
  void request_reset() override;
  void set_a20(bool enabled) override { mmu.set_a20(enabled); }
  void add_device(std::unique_ptr<Device> device);
  void build_devices();
  void wire_logging();

  MachineConfig config_;
  const MachineDescription* description_;
  MachineBus bus_;
  std::vector<std::unique_ptr<Device>> devices_;
  std::unique_ptr<IsaIrqFanout> isa_fanout_;
  std::unique_ptr<CpuInterruptPins> pins_;
  std::unique_ptr<LogObserver> log_observer_;
  Pic8259Pair* pic_ = nullptr;
  Pit8254* pit_ = nullptr;
  RtcCmos* rtc_ = nullptr;
  Uart16550* uart_ = nullptr;
  Kbc8042* kbc_ = nullptr;
  PciHost* pci_ = nullptr;
  LocalApic* lapic_ = nullptr;
  IoApic* ioapic_ = nullptr;
  VgaText* vga_ = nullptr;
  PostPort* post_ = nullptr;
  std::string stop_text_;
  std::string recent_output_;  // tail of guest output, for --stop-on
  bool exit_requested_ = false;
  uint32_t exit_value_ = 0;
  bool reset_requested_ = false;
  bool stop_text_seen_ = false;
  uint64_t idle_skips_ = 0;
};

}  // namespace mkemu
