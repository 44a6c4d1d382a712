#include "platform/devices/kbc8042.h"

namespace mkemu {

void Kbc8042::attach(MachineBus& bus) {
  bus_ = &bus;
  bus.io.claim(0x60, 1, this, "kbc-data");
  bus.io.claim(0x64, 1, this, "kbc-command");
  bus.connect_isa_irq(irq1_, 1);
  bus.connect_isa_irq(irq12_, 12);
  reset();
}

void Kbc8042::reset() {
  // Power-on values as QEMU's i8042 (keyboard and aux interrupts enabled,
  // output port with A20 on and the reset line inactive).
  keyboard_.reset();
  command_byte_ = 0x03;
  output_port_ = 0xCF;
  pending_ = 0;
  output_ = 0;
  output_full_ = output_aux_ = false;
  last_was_command_ = true;
  system_flag_ = false;
  update();
}

uint8_t Kbc8042::status() const {
  return static_cast<uint8_t>((output_full_ ? 0x01 : 0) | (system_flag_ ? 0x04 : 0) |
                              (last_was_command_ ? 0x08 : 0) | 0x10 /* not inhibited */ |
                              (output_full_ && output_aux_ ? 0x20 : 0));
}

void Kbc8042::controller_reply(uint8_t value, bool aux) {
  if (output_full_) return;
  output_ = value;
  output_full_ = true;
  output_aux_ = aux;
}

void Kbc8042::update() {
  bool keyboard_enabled = !(command_byte_ & 0x10);
  if (!output_full_ && keyboard_enabled && keyboard_.has_output()) {
    output_ = keyboard_.pop();
    output_full_ = true;
    output_aux_ = false;
  }
  irq1_.set(output_full_ && !output_aux_ && (command_byte_ & 0x01));
  irq12_.set(output_full_ && output_aux_ && (command_byte_ & 0x02));
}

void Kbc8042::write_output_port(uint8_t value) {
  output_port_ = value;
  bus_->control.set_a20(value & 0x02);
  // Bit 0 drives the CPU reset line (active low).
  if (!(value & 0x01)) bus_->control.request_reset();
}

void Kbc8042::controller_command(uint8_t command) {
  if (command >= 0xF0) {
    // Pulse output port bits 0-3 low for each 0 bit; bit 0 is reset.
    if (!(command & 0x01)) bus_->control.request_reset();
    return;
  }
  switch (command) {
    case 0x20: controller_reply(command_byte_); break;
    case 0x60:
    case 0xD1:
    case 0xD2:
    case 0xD3:
    case 0xD4: pending_ = command; break;
    case 0xA7: command_byte_ |= 0x20; break;
    case 0xA8: command_byte_ &= ~0x20; break;
    case 0xA9: controller_reply(0x00); break;  // aux interface test: ok
    case 0xAA:                                 // controller self-test
      system_flag_ = true;
      controller_reply(0x55);
      break;
    case 0xAB: controller_reply(0x00); break;  // keyboard interface test: ok
    case 0xAD: command_byte_ |= 0x10; break;
    case 0xAE: command_byte_ &= ~0x10; break;
    case 0xC0: controller_reply(0x80); break;  // input port: keyboard not inhibited
    case 0xD0: controller_reply(output_port_); break;
    case 0xDD: write_output_port(output_port_ & ~0x02); break;
    case 0xDF: write_output_port(output_port_ | 0x02); break;
    case 0xE0: controller_reply(0x00); break;  // test inputs
    default: break;
  }
}

void Kbc8042::data_write(uint8_t value) {
  uint8_t command = pending_;
  pending_ = 0;
  switch (command) {
    case 0x60:
      command_byte_ = value;
      system_flag_ = value & 0x04;
      break;
    case 0xD1: write_output_port(value); break;
    case 0xD2: controller_reply(value); break;
    case 0xD3: controller_reply(value, true); break;
    case 0xD4: controller_reply(0xFE, true); break;  // no auxiliary device
    default: keyboard_.write(value, command_byte_ & 0x40); break;
  }
}

void Kbc8042::key_input(const uint8_t* bytes, size_t count) {
  keyboard_.queue_scancodes(bytes, count);
  update();
}

uint32_t Kbc8042::io_peek(uint16_t port, unsigned size) const {
  (void)size;
  return port == 0x64 ? status() : output_;
}

uint32_t Kbc8042::io_read(uint16_t port, unsigned size) {
  uint32_t value = io_peek(port, size);
  if (port == 0x60) {
    output_full_ = false;
    update();
  }
  return value;
}

void Kbc8042::io_write(uint16_t port, unsigned size, uint32_t value) {
  (void)size;
  auto byte = static_cast<uint8_t>(value);
  last_was_command_ = port == 0x64;
  if (port == 0x64) {
    controller_command(byte);
  } else {
    data_write(byte);
  }
  update();
}

void Kbc8042::save_state(StateWriter& out) const {
  keyboard_.save(out);
  for (uint8_t v : {command_byte_, output_port_, pending_, output_}) out.put(v);
  for (bool b : {output_full_, output_aux_, last_was_command_, system_flag_, irq1_.level(),
                 irq12_.level()}) {
    out.put<uint8_t>(b);
  }
}

void Kbc8042::load_state(StateReader& in) {
  keyboard_.load(in);
  for (uint8_t* v : {&command_byte_, &output_port_, &pending_, &output_}) *v = in.get<uint8_t>();
  output_full_ = in.get<uint8_t>() != 0;
  output_aux_ = in.get<uint8_t>() != 0;
  last_was_command_ = in.get<uint8_t>() != 0;
  system_flag_ = in.get<uint8_t>() != 0;
  irq1_.restore_level(in.get<uint8_t>() != 0);
  irq12_.restore_level(in.get<uint8_t>() != 0);
}

}  // namespace mkemu
