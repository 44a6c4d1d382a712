#include "platform/devices/ps2_keyboard.h"

namespace mkemu {
namespace {
constexpr uint8_t kAck = 0xFA, kResend = 0xFE, kBatOk = 0xAA;
}

void Ps2Keyboard::reset() {
  *this = Ps2Keyboard{};
}

void Ps2Keyboard::write(uint8_t byte, bool translated) {
  if (pending_command_) {
    uint8_t command = pending_command_;
    pending_command_ = 0;
    switch (command) {
      case 0xED:
        leds_ = byte & 7;
        reply(kAck);
        return;
      case 0xF3:
        typematic_ = byte & 0x7F;
        reply(kAck);
        return;
      case 0xF0:
        reply(kAck);
        if (byte == 0) {
          reply(scancode_set_);  // query the current set
        } else if (byte <= 3) {
          scancode_set_ = byte;
        }
        return;
      default: break;
    }
  }
  switch (byte) {
    case 0xED:  // set LEDs
    case 0xF3:  // typematic rate/delay
    case 0xF0:  // scan code set
      pending_command_ = byte;
      reply(kAck);
      return;
    case 0xEE: reply(0xEE); return;  // echo
    case 0xF2:                       // identify: MF2 keyboard
      reply(kAck);
      reply(0xAB);
      reply(translated ? 0x41 : 0x83);
      return;
    case 0xF4:
      scanning_ = true;
      reply(kAck);
      return;
    case 0xF5:  // disable and restore defaults
      scancode_set_ = 2;
      leds_ = 0;
      typematic_ = 0x2B;
      scanning_ = false;
      reply(kAck);
      return;
    case 0xF6:  // defaults
      scancode_set_ = 2;
      leds_ = 0;
      typematic_ = 0x2B;
      scanning_ = true;
      reply(kAck);
      return;
    case 0xFF:  // reset: acknowledge, then the basic assurance test passes
      queue_.clear();
      scancode_set_ = 2;
      leds_ = 0;
      typematic_ = 0x2B;
      scanning_ = true;
      reply(kAck);
      reply(kBatOk);
      return;
    case 0xFE: return;  // resend: nothing was lost here
    default: reply(kResend); return;
  }
}

void Ps2Keyboard::queue_scancodes(const uint8_t* bytes, size_t count) {
  if (!scanning_) return;
  for (size_t i = 0; i < count; ++i) reply(bytes[i]);
}

void Ps2Keyboard::save(StateWriter& out) const {
  out.put<uint8_t>(static_cast<uint8_t>(queue_.size()));
  for (uint8_t b : queue_) out.put(b);
  for (uint8_t v : {pending_command_, scancode_set_, leds_, typematic_}) out.put(v);
  out.put<uint8_t>(scanning_);
}

void Ps2Keyboard::load(StateReader& in) {
  auto n = in.get<uint8_t>();
  in.expect(n <= kQueueLimit, "keyboard queue too long");
  queue_.clear();
  for (unsigned i = 0; i < n; ++i) queue_.push_back(in.get<uint8_t>());
  for (uint8_t* v : {&pending_command_, &scancode_set_, &leds_, &typematic_})
    *v = in.get<uint8_t>();
  scanning_ = in.get<uint8_t>() != 0;
}

}  // namespace mkemu
