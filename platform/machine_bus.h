#pragma once
// The view of the machine a device gets when it attaches: buses, clock,
// scheduler, interrupt inputs and the guest-output channels. Devices never
// see the CPU.
#include <cstdint>
#include <functional>
#include <string_view>

#include "platform/core/clock.h"
#include "platform/core/io_bus.h"
#include "platform/core/irq_line.h"
#include "platform/core/phys_memory.h"
#include "platform/core/scheduler.h"
#include "platform/machine_log.h"

namespace mkemu {

class PciBus;  // platform/devices/pci_bus.h

// Where guest text goes: the serial port, the 0xE9 debug console.
enum class OutputChannel : uint8_t { kSerial, kDebugConsole };

// Requests a device can make of the machine as a whole.
class MachineControl {
 public:
  virtual ~MachineControl() = default;
  virtual void guest_output(OutputChannel channel, uint8_t byte) = 0;
  virtual void request_exit(uint32_t value) = 0;  // isa-debug-exit
  virtual void request_reset() = 0;               // 8042 0xFE, port 0x92, 0xCF9
  virtual void set_a20(bool enabled) = 0;
};

struct MachineBus {
  Clock& clock;
  Scheduler& scheduler;
  IoBus& io;
  PhysicalMemoryMap& memory;
  MachineControl& control;
  // Interrupt controller inputs by ISA IRQ number (0-15), valid once the
  // interrupt controllers attached; null without a PIC.
  std::function<IrqSink*(unsigned irq, unsigned& input)> isa_irq_sink;
  const MachineLog* log = nullptr;
  // The PCI bus, once the host bridge attached (null on machines without PCI).
  PciBus* pci = nullptr;

  // Connects `line` to ISA IRQ `irq` (does nothing without an interrupt
  // controller, so a device works on any machine).
  void connect_isa_irq(IrqLine& line, unsigned irq) const {
    if (!isa_irq_sink) return;
    unsigned input = 0;
    if (IrqSink* sink = isa_irq_sink(irq, input)) line.connect(sink, input);
  }
  bool logging(LogCategory c) const { return log && log->enabled(c); }
};

}  // namespace mkemu
