#pragma once
// The I/O APIC at 0xFEC00000 (82093AA register layout, QEMU's version 0x20
// with its EOI register): IOREGSEL at +0x00, IOWIN at +0x10, EOI at +0x40;
// ID, version, arbitration ID and 24 redirection entries. Inputs are ISA
// IRQs (IRQ0 arrives on pin 2, the usual interrupt source override) and
// later PCI lines; messages go to the local APIC. Edge requests arriving
// while masked stay pending until unmasked; level requests set remote IRR
// until the local APIC's EOI. Input polarity is not modelled (the lines are
// active-high, as QEMU treats them).
#include <array>
#include <cstdint>

#include "platform/core/irq_line.h"
#include "platform/core/phys_memory.h"
#include "platform/device.h"
#include "platform/devices/local_apic.h"
#include "platform/machine_bus.h"

namespace mkemu {

class IoApic final : public Device, public MmioHandler, public IrqSink {
 public:
  static constexpr uint32_t kBase = 0xFEC0'0000u;
  static constexpr unsigned kPins = 24;
  static constexpr uint32_t kVersion = 0x0017'0020u;  // 24 entries, version 20h

  explicit IoApic(LocalApic& lapic) : lapic_(lapic) {}

  void attach(MachineBus& bus) override;
  void reset() override;

  void irq_input_changed(unsigned pin, bool level) override;
  // The local APIC EOIed a level-triggered vector.
  void end_of_interrupt(uint8_t vector);

  uint32_t mmio_read(uint32_t offset, unsigned size) override { return mmio_peek(offset, size); }
  void mmio_write(uint32_t offset, unsigned size, uint32_t value) override;
  uint32_t mmio_peek(uint32_t offset, unsigned size) const override;

  uint32_t read_indirect(uint8_t index) const;
  void write_indirect(uint8_t index, uint32_t value);
  uint64_t entry(unsigned pin) const { return redirection_[pin]; }
  uint8_t register_select() const { return select_; }  // IOREGSEL
  uint32_t pending_requests() const { return irr_; }   // per pin, not yet delivered
  uint32_t input_levels() const { return levels_; }    // per pin

  std::string_view state_name() const override { return "ioapic"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

 private:
  void service();  // delivers every pending, unmasked request

  LocalApic& lapic_;
  uint8_t select_ = 0;
  uint32_t id_ = 0;
  uint32_t irr_ = 0;     // pending requests per pin
  uint32_t levels_ = 0;  // input line levels
  std::array<uint64_t, kPins> redirection_{};
};

}  // namespace mkemu
