#include "platform/machine.h"

#include <algorithm>
#include <cstdio>

#include "platform/core/errors.h"
#include "platform/devices/debug_console.h"
#include "platform/devices/exit_device.h"
#include "platform/devices/io_apic.h"
#include "platform/devices/kbc8042.h"
#include "platform/devices/local_apic.h"
#include "platform/devices/pci_host.h"
#include "platform/devices/pic8259.h"
#include "platform/devices/pit8254.h"
#include "platform/devices/post_port.h"
#include "platform/devices/reset_control.h"
#include "platform/devices/rtc_cmos.h"
#include "platform/devices/system_control_a.h"
#include "platform/devices/uart16550.h"
#include "platform/devices/vga_text.h"
#include "platform/interrupt_routing.h"

namespace mkemu {

// --log int,exc: what the CPU reports through the observer hub. Attached only
// when one of those categories is on, so it costs nothing otherwise.
class Machine::LogObserver final : public Observer {
 public:
  explicit LogObserver(const MachineLog& log) : log_(log) {}
  bool wants_instructions() const override { return false; }
  void on_exception(uint8_t vector, bool has_error_code, uint32_t error) override {
    if (!log_.enabled(LogCategory::kExc)) return;
    char text[64];
    if (has_error_code) {
      std::snprintf(text, sizeof text, "exception %u error 0x%x", vector, error);
    } else {
      std::snprintf(text, sizeof text, "exception %u", vector);
    }
    log_.write(LogCategory::kExc, text);
  }
  void on_interrupt(uint8_t vector) override {
    if (!log_.enabled(LogCategory::kInt)) return;
    char text[48];
    std::snprintf(text, sizeof text, "interrupt vector 0x%02x", vector);
    log_.write(LogCategory::kInt, text);
  }

 private:
  const MachineLog& log_;
};

Machine::Machine(const MachineConfig& config)
    : memory(config.ram_mib * 1024u * 1024u),
      mmu(memory, clock, observers),
      cpu(config.cpu, mmu, io, clock, observers),
      log(clock),
      config_(config),
      description_(&find_machine(config.machine)),
      bus_{clock, scheduler, io, memory, *this, {}, &log, nullptr} {
  clock.hz = config.clock_hz;
  scheduler.on_earlier_deadline = [this](uint64_t deadline) { cpu.lower_deadline(deadline); };
  memory.on_code_page_marked = [this](uint32_t page) { mmu.drop_fast_writes_to(page); };
  wire_logging();
  build_devices();
  cpu.set_msr_platform(this);
}

Machine::~Machine() {
  // Observers and the CPU may still point at parts that go first.
  if (log_observer_) observers.detach(log_observer_.get());
  cpu.set_interrupt_controller(nullptr);
  cpu.set_msr_platform(nullptr);
}

void Machine::wire_logging() {
  log.set_categories(config_.log_categories);
  log.eip = [this] { return cpu.state().eip; };
  io.on_unclaimed = [this](uint16_t port, unsigned size, bool is_write, uint32_t value) {
    if (!log.enabled(LogCategory::kUnclaimed)) return;
    char text[80];
    if (is_write) {
      std::snprintf(text, sizeof text, "io write port 0x%04x size %u value 0x%x", port, size,
                    value);
    } else {
      std::snprintf(text, sizeof text, "io read port 0x%04x size %u", port, size);
    }
    log.write(LogCategory::kUnclaimed, text);
  };
  memory.on_unclaimed = [this](uint32_t paddr, unsigned size, bool is_write) {
    if (!log.enabled(LogCategory::kUnclaimed)) return;
    char text[64];
    std::snprintf(text, sizeof text, "memory %s 0x%08x size %u", is_write ? "write" : "read", paddr,
                  size);
    log.write(LogCategory::kUnclaimed, text);
  };
  if (log.enabled(LogCategory::kExc) || log.enabled(LogCategory::kInt)) {
    log_observer_ = std::make_unique<LogObserver>(log);
    observers.attach(log_observer_.get());
  }
}

void Machine::build_devices() {
  const MachineDescription& d = *description_;
  bool cpu_has_apic = (config_.cpu.features_edx >> 9) & 1;
  if (config_.apic == ApicMode::kOn && !d.has(DeviceKind::kLocalApic)) {
    throw InputError("--apic on: machine '" + std::string(d.name) + "' has no APIC");
  }
  if (config_.apic == ApicMode::kOn && !cpu_has_apic) {
    throw InputError("--apic on: the CPU model has no local APIC (add +apic to --cpu)");
  }
  bool apic = d.has(DeviceKind::kLocalApic) && config_.apic != ApicMode::kOff && cpu_has_apic;
  std::string rtc_text = config_.rtc;
  RtcTime rtc_start = parse_rtc_time(rtc_text);

  // Interrupt controllers first: the other devices connect their IRQ lines.
  if (d.has(DeviceKind::kPic)) {
    auto pic = std::make_unique<Pic8259Pair>();
    pic_ = pic.get();
    add_device(std::move(pic));
  }
  if (apic) {
    bool tsc_deadline = (config_.cpu.features_ecx >> 24) & 1;
    auto lapic = std::make_unique<LocalApic>(tsc_deadline);
    lapic_ = lapic.get();
    add_device(std::move(lapic));
    if (d.has(DeviceKind::kIoApic)) {
      auto ioapic = std::make_unique<IoApic>(*lapic_);
      ioapic_ = ioapic.get();
      add_device(std::move(ioapic));
    }
  }
  isa_fanout_ = std::make_unique<IsaIrqFanout>(pic_, ioapic_);
  if (pic_ || ioapic_) {
    bus_.isa_irq_sink = [this](unsigned irq, unsigned& input) -> IrqSink* {
      if (irq >= 16) return nullptr;
      input = irq;
      return isa_fanout_.get();
    };
  }
  pins_ = std::make_unique<CpuInterruptPins>(pic_, lapic_, log);
  pins_->set_intr = [this](bool level) { cpu.set_intr(level); };
  if (pic_) {
    pic_->on_int_output = [this](bool level) {
      if (lapic_) lapic_->lint_changed(0, level);
      pins_->update();
    };
  }
  if (lapic_) {
    lapic_->on_state_change = [this] { pins_->update(); };
    lapic_->on_nmi = [this] { cpu.raise_nmi(); };
    if (ioapic_)
      lapic_->on_level_eoi = [this](uint8_t vector) { ioapic_->end_of_interrupt(vector); };
  }
  cpu.set_interrupt_controller(pins_.get());

  ResetControl* reset_control = nullptr;
  for (const DeviceEntry& entry : d.devices) {
    switch (entry.kind) {
      case DeviceKind::kPic:
      case DeviceKind::kLocalApic:
      case DeviceKind::kIoApic: break;  // built above
      case DeviceKind::kPit: {
        auto pit = std::make_unique<Pit8254>();
        pit_ = pit.get();
        add_device(std::move(pit));
        break;
      }
      case DeviceKind::kRtc: {
        auto rtc = std::make_unique<RtcCmos>(rtc_start, config_.ram_mib * 1024u * 1024u);
        rtc_ = rtc.get();
        add_device(std::move(rtc));
        break;
      }
      case DeviceKind::kUart: {
        auto uart = std::make_unique<Uart16550>();
        uart_ = uart.get();
        add_device(std::move(uart));
        break;
      }
      case DeviceKind::kKbc: {
        auto kbc = std::make_unique<Kbc8042>();
        kbc_ = kbc.get();
        add_device(std::move(kbc));
        break;
      }
      case DeviceKind::kPort92: add_device(std::make_unique<SystemControlA>()); break;
      case DeviceKind::kResetControl: {
        // With PCI, 0xCF9 sits inside the host bridge's ports, which forward it.
        auto rc = std::make_unique<ResetControl>(!d.has(DeviceKind::kPci));
        reset_control = rc.get();
        add_device(std::move(rc));
        break;
      }
      case DeviceKind::kPci: {
        auto pci = std::make_unique<PciHost>(reset_control);
        pci_ = pci.get();
        add_device(std::move(pci));
        break;
      }
      case DeviceKind::kPostPort: {
        auto post = std::make_unique<PostPort>();
        post_ = post.get();
        add_device(std::move(post));
        break;
      }
      case DeviceKind::kVgaText: {
        auto vga = std::make_unique<VgaText>();
        vga_ = vga.get();
        add_device(std::move(vga));
        break;
      }
      case DeviceKind::kDebugConsole: add_device(std::make_unique<DebugConsole>()); break;
      case DeviceKind::kExitDevice: add_device(std::make_unique<ExitDevice>()); break;
    }
  }
  // The PIC starts with no latched requests: lines that devices raised while
  // attaching (the PIT's OUT0 is high at power-on) are levels, not edges.
  if (pic_) pic_->reset();
  pins_->update(true);
}

void Machine::add_device(std::unique_ptr<Device> device) {
  device->attach(bus_);
  devices_.push_back(std::move(device));
}

PciBus* Machine::pci_bus() const {
  return pci_ ? &pci_->bus() : nullptr;
}

void Machine::reset() {
  cpu.reset();
  mmu.set_a20(true);  // A20 is enabled at power-on (as QEMU)
  for (auto& d : devices_) {
    if (d.get() != pic_) d->reset();
  }
  if (pic_) pic_->reset();  // last, as at power-on (see build_devices)
  if (pins_) pins_->update(true);
}

void Machine::serial_input(std::span<const uint8_t> bytes) {
  if (uart_) uart_->host_input(bytes);
}

uint64_t Machine::apic_base_msr() const {
  return lapic_ ? lapic_->base_msr() : LocalApic::kDefaultBase | 0x100;
}

void Machine::set_apic_base_msr(uint64_t value) {
  if (lapic_) lapic_->set_base_msr(value);
}

void Machine::log_unknown_msr(uint32_t msr, bool is_write, uint64_t value) {
  if (!log.enabled(LogCategory::kMsr)) return;
  char text[80];
  if (is_write) {
    std::snprintf(text, sizeof text, "wrmsr 0x%08x value 0x%016llx (unknown)", msr,
                  static_cast<unsigned long long>(value));
  } else {
    std::snprintf(text, sizeof text, "rdmsr 0x%08x (unknown)", msr);
  }
  log.write(LogCategory::kMsr, text);
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
  bool wake_tried = false;  // a halted CPU was given one chance to take INTR
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
        if (exit_requested_ || stop_text_seen_ || reset_requested_) break;
        // An interrupt is already waiting: let the CPU take it before skipping time.
        if (cpu.interrupts_enabled() && pins_ && pins_->intr() && !wake_tried) {
          wake_tried = true;
          continue;
        }
        if (!cpu.interrupts_enabled() || scheduler.next_deadline() == kNever) {
          return {MachineStop::kHaltedForever};
        }
        // Idle: jump virtual time to the next event instead of spinning.
        clock.cycles =
            std::max(clock.cycles, std::min(scheduler.next_deadline(), limits.max_cycles));
        ++idle_skips_;
        scheduler.run_due(clock.cycles);
        break;
      case CpuStop::kDeadline:
      case CpuStop::kInsnLimit: break;
    }
    wake_tried = false;
  }
}

std::vector<const Stateful*> Machine::stateful_parts() const {
  std::vector<const Stateful*> parts{&cpu, &mmu, &scheduler};
  for (const auto& d : devices_) parts.push_back(d.get());
  return parts;
}

std::vector<Stateful*> Machine::restorable_parts() {
  std::vector<Stateful*> parts{&cpu, &mmu, &scheduler};
  for (auto& d : devices_) parts.push_back(d.get());
  return parts;
}

void Machine::state_restored() {
  if (pins_) pins_->update(true);
}

StateDigest Machine::digest() const {
  auto parts = stateful_parts();
  return compute_state_digest(parts, memory.ram());
}

}  // namespace mkemu
