#pragma once
// What every modelled device is: a named, stateful part that attaches its
// ports, MMIO ranges, IRQ lines and timers to the machine when it is built.
// A device knows nothing about the CPU.
#include <string>

#include "platform/core/state_io.h"

namespace mkemu {

struct MachineBus;  // platform/machine_bus.h

class Device : public Stateful {
 public:
  // Claims ports/MMIO, registers timers, connects IRQ lines.
  virtual void attach(MachineBus& bus) = 0;
  // Machine reset (power-on or a reset request): back to power-on state.
  virtual void reset() = 0;
};

}  // namespace mkemu
