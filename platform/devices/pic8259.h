#pragma once
// The 8259A programmable interrupt controller pair of a PC: master at
// 0x20-0x21 (IRQ 0-7), slave at 0xA0-0xA1 (IRQ 8-15) cascaded on master IR2,
// and the PIIX edge/level control registers (ELCR) at 0x4D0/0x4D1.
// Modelled after the Intel 8259A datasheet (ICW1-4, OCW1-3, poll, special
// mask, specific/non-specific/rotating EOI, AEOI, special fully nested mode,
// spurious IRQ7/IRQ15) with QEMU's i8259 as the oracle for its corners.
#include <cstdint>
#include <functional>

#include "platform/core/io_bus.h"
#include "platform/core/irq_line.h"
#include "platform/device.h"
#include "platform/machine_bus.h"

namespace mkemu {

// One 8259A. Inputs are IR0-IR7; `int_output()` is its INT pin.
class Pic8259Chip {
 public:
  void reset_power_on();
  void set_input(unsigned ir, bool level);
  // The IR that would be delivered now, or -1.
  int pending_ir() const;
  // The acknowledge cycle for `ir` (sets ISR unless AEOI, clears an edge IRR).
  void acknowledge(unsigned ir);
  void write_command(uint8_t value);  // even port: ICW1, OCW2, OCW3
  void write_data(uint8_t value);     // odd port: ICW2-4, OCW1
  uint8_t read_port(bool odd);        // honours a pending poll command
  uint8_t peek_port(bool odd) const;
  void write_elcr(uint8_t value) { elcr = value & elcr_mask; }
  bool int_output() const { return pending_ir() >= 0; }
  uint8_t vector_base() const { return icw2 & 0xF8; }

  void save(StateWriter& out) const;
  void load(StateReader& in);

  // Registers, named as in the datasheet.
  uint8_t irr = 0;
  uint8_t isr = 0;
  uint8_t imr = 0;
  uint8_t elcr = 0;
  uint8_t elcr_mask = 0xFF;
  uint8_t input_levels = 0;  // the edge-sense latches: last level seen per IR
  uint8_t icw2 = 0;
  uint8_t icw3 = 0;
  uint8_t lowest_priority = 7;  // IR with the lowest priority (rotation)
  uint8_t init_step = 0;        // 0 ready, 2-4 expecting that ICW
  bool icw4_needed = false;
  bool single = false;
  bool level_mode = false;  // ICW1 LTIM: every input level-triggered
  bool auto_eoi = false;
  bool rotate_in_aeoi = false;
  bool special_fully_nested = false;
  bool special_mask = false;
  bool read_isr = false;
  bool poll = false;
  bool is_master = false;

 private:
  uint8_t priority_of(unsigned ir) const { return (ir - lowest_priority - 1) & 7; }
  int highest_in(uint8_t mask) const;  // IR with the highest priority in mask, or -1
  bool level_triggered(unsigned ir) const { return level_mode || ((elcr >> ir) & 1); }
};

class Pic8259Pair final : public Device, public IoHandler, public IrqSink {
 public:
  void attach(MachineBus& bus) override;
  void reset() override;

  // The INT pin of the master, as the CPU (or the local APIC's LINT0) sees it.
  std::function<void(bool level)> on_int_output;
  bool int_output() const { return master_.int_output(); }
  // The CPU's interrupt-acknowledge cycle: returns the vector.
  uint8_t acknowledge();

  // ISA IRQ n: 0-7 master, 8-15 slave (2 is the cascade and has no device).
  void irq_input_changed(unsigned input, bool level) override;

  uint32_t io_read(uint16_t port, unsigned size) override;
  void io_write(uint16_t port, unsigned size, uint32_t value) override;
  uint32_t io_peek(uint16_t port, unsigned size) const override;

  const Pic8259Chip& master() const { return master_; }
  const Pic8259Chip& slave() const { return slave_; }

  std::string_view state_name() const override { return "pic"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

 private:
  // Re-evaluates the cascade (slave INT -> master IR2) and the INT pin.
  void update();
  Pic8259Chip& chip_for(uint16_t port) { return (port & 0x80) ? slave_ : master_; }

  Pic8259Chip master_;
  Pic8259Chip slave_;
  bool output_ = false;
  const MachineBus* bus_ = nullptr;
};

}  // namespace mkemu
