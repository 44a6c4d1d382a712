#pragma once
// The 8042 keyboard controller at 0x60 (data) and 0x64 (status/command) with
// a PS/2 keyboard on its first port (IRQ1). Modelled: the controller command
// set a kernel uses (command byte, self-tests, interface enable/disable,
// output port with the A20 gate and the reset line, pulse-output commands,
// 0xDD/0xDF A20 shortcuts, writes into the output buffers). No mouse is
// attached: bytes for the auxiliary device are answered with 0xFE.
#include <cstdint>

#include "platform/core/io_bus.h"
#include "platform/core/irq_line.h"
#include "platform/device.h"
#include "platform/devices/ps2_keyboard.h"
#include "platform/machine_bus.h"

namespace mkemu {

class Kbc8042 final : public Device, public IoHandler {
 public:
  void attach(MachineBus& bus) override;
  void reset() override;

  // Scan codes from the (later, recorded) keyboard input.
  void key_input(const uint8_t* bytes, size_t count);

  uint32_t io_read(uint16_t port, unsigned size) override;
  void io_write(uint16_t port, unsigned size, uint32_t value) override;
  uint32_t io_peek(uint16_t port, unsigned size) const override;

  uint8_t command_byte() const { return command_byte_; }
  uint8_t output_port() const { return output_port_; }

  std::string_view state_name() const override { return "kbc"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

 private:
  uint8_t status() const;
  void controller_command(uint8_t command);
  void data_write(uint8_t value);
  void write_output_port(uint8_t value);
  // Puts a controller reply into the output buffer (dropped if it is full,
  // as the real controller would overwrite nothing until read).
  void controller_reply(uint8_t value, bool aux = false);
  // Moves keyboard bytes into a free output buffer and drives IRQ1/IRQ12.
  void update();

  Ps2Keyboard keyboard_;
  uint8_t command_byte_ = 0x03;
  uint8_t output_port_ = 0xCF;
  uint8_t pending_ = 0;  // controller command waiting for its data byte
  uint8_t output_ = 0;
  bool output_full_ = false;
  bool output_aux_ = false;
  bool last_was_command_ = true;  // status bit 3 (A2)
  bool system_flag_ = false;      // status bit 2
  IrqLine irq1_;
  IrqLine irq12_;
  MachineBus* bus_ = nullptr;
};

}  // namespace mkemu
