#pragma once
// A 16550A UART (National Semiconductor datasheet): receive and transmit
// FIFOs of 16 bytes with trigger levels, the interrupt identification
// priorities (line status, received data, character timeout, THR empty,
// modem status), loopback, scratch register and the DLAB divisor latch.
// Character timing follows the divisor and line format on a 1.8432 MHz
// baud clock. On a PC the interrupt reaches the PIC only while MCR.OUT2 is
// set. Transmitted bytes go to the serial output channel; host input is
// queued and arrives one character time apart (it waits, instead of
// overrunning, while the receive FIFO is full).
#include <array>
#include <cstdint>
#include <deque>
#include <span>

#include "platform/core/io_bus.h"
#include "platform/core/irq_line.h"
#include "platform/device.h"
#include "platform/machine_bus.h"

namespace mkemu {

class Uart16550 final : public Device, public IoHandler {
 public:
  static constexpr uint64_t kBaudClockHz = 1'843'200;
  static constexpr unsigned kFifoSize = 16;

  Uart16550(uint16_t base = 0x3F8, unsigned irq = 4) : base_(base), irq_number_(irq) {}

  void attach(MachineBus& bus) override;
  void reset() override;

  // Bytes from the host side of the line (serial input).
  void host_input(std::span<const uint8_t> bytes);
  size_t host_input_pending() const { return host_queue_.size(); }
  // Cycles one character takes with the current divisor and line format.
  uint64_t character_cycles() const;

  // Every register as the guest would read it now, the write-only FCR and
  // divisor latch, and the FIFO levels: the debugger's view. Reading it
  // changes nothing (no byte popped, no interrupt or error acknowledged).
  struct Registers {
    uint8_t rbr = 0;  // the receive FIFO's head, or the last byte read when empty
    uint8_t ier = 0, iir = 0, fcr = 0, lcr = 0, mcr = 0, lsr = 0, msr = 0, scr = 0;
    uint16_t divisor = 0;
    unsigned rx_level = 0, tx_level = 0, rx_trigger = 0;
    size_t host_pending = 0;    // host input not yet received
    bool shift_busy = false;    // a character is in the transmit shift register
    bool thre_pending = false;  // the THR-empty interrupt condition
    bool timeout = false;       // the character timeout condition
    bool irq_level = false;     // the IRQ line as the PIC sees it
  };
  Registers registers() const;
  uint16_t base() const { return base_; }
  unsigned irq_number() const { return irq_number_; }

  uint32_t io_read(uint16_t port, unsigned size) override;
  void io_write(uint16_t port, unsigned size, uint32_t value) override;
  uint32_t io_peek(uint16_t port, unsigned size) const override;

  std::string_view state_name() const override { return "uart"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

 private:
  uint8_t read_register(unsigned reg);
  uint8_t peek_register(unsigned reg) const;
  void write_register(unsigned reg, uint8_t value);
  uint8_t interrupt_id() const;  // IIR bits 3-0
  uint8_t line_status() const;
  uint8_t modem_inputs() const;  // MSR bits 7-4 as the pins are now
  void set_modem_inputs();       // latches deltas after MCR changes
  void update_irq();
  bool fifo_enabled() const { return fcr_ & 1; }
  unsigned rx_capacity() const { return fifo_enabled() ? kFifoSize : 1; }
  unsigned rx_trigger() const;
  void start_transmit();
  void transmit_done();
  void receive(uint8_t byte);
  void deliver_host_byte();
  void restart_timeout();
  void arm_after(TimerId timer, uint64_t cycles);

  uint16_t base_;
  unsigned irq_number_;
  std::deque<uint8_t> rx_fifo_;
  std::deque<uint8_t> tx_fifo_;
  std::deque<uint8_t> host_queue_;
  bool tsr_busy_ = false;
  uint8_t tsr_ = 0;
  uint8_t last_rbr_ = 0;
  uint8_t ier_ = 0, fcr_ = 0, lcr_ = 0, mcr_ = 0, scr_ = 0;
  uint8_t lsr_errors_ = 0;  // OE/PE/FE/BI until LSR is read
  uint8_t msr_deltas_ = 0;  // MSR bits 3-0 until MSR is read
  uint8_t msr_inputs_ = 0;  // MSR bits 7-4 last latched
  uint16_t divisor_ = 12;
  bool thr_interrupt_ = false;  // THRE interrupt pending (cleared by IIR read or THR write)
  bool timeout_ = false;        // character timeout indication
  IrqLine irq_;
  TimerId tx_timer_ = 0, rx_timer_ = 0, timeout_timer_ = 0;
  MachineBus* bus_ = nullptr;
};

}  // namespace mkemu
