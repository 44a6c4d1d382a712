#pragma once
// An interrupt request wire from a device to an interrupt controller input.
// The device drives the level; the controller decides edge or level semantics.
#include <cstdint>

namespace mkemu {

class IrqSink {
 public:
  virtual ~IrqSink() = default;
  virtual void irq_input_changed(unsigned input, bool level) = 0;
};

class IrqLine {
 public:
  void connect(IrqSink* sink, unsigned input) {
    sink_ = sink;
    input_ = input;
  }
  void set(bool level) {
    if (level == level_) return;
    level_ = level;
    if (sink_) sink_->irq_input_changed(input_, level);
  }
  void raise() { set(true); }
  void lower() { set(false); }
  // An edge for edge-triggered inputs: up and down again.
  void pulse() {
    set(true);
    set(false);
  }
  bool level() const { return level_; }
  // For snapshot restore: the sink restores its own view of the line.
  void restore_level(bool level) { level_ = level; }

 private:
  IrqSink* sink_ = nullptr;
  unsigned input_ = 0;
  bool level_ = false;
};

}  // namespace mkemu
