#pragma once
// A PS/2 keyboard behind the 8042: the command set a driver uses during
// initialisation (reset with BAT, identify, enable/disable, defaults, LEDs,
// typematic rate, scan code set, echo). It answers into a byte queue the
// controller drains; typing comes later as a recorded external input.
#include <cstdint>
#include <deque>

#include "platform/core/state_io.h"

namespace mkemu {

class Ps2Keyboard {
 public:
  static constexpr size_t kQueueLimit = 16;

  void reset();
  // A byte the host (via the controller) sends to the keyboard.
  void write(uint8_t byte, bool translated);
  void queue_scancodes(const uint8_t* bytes, size_t count);
  bool has_output() const { return !queue_.empty(); }
  uint8_t pop() {
    uint8_t b = queue_.front();
    queue_.pop_front();
    return b;
  }
  bool scanning() const { return scanning_; }

  void save(StateWriter& out) const;
  void load(StateReader& in);

 private:
  void reply(uint8_t byte) {
    if (queue_.size() < kQueueLimit) queue_.push_back(byte);
  }
  std::deque<uint8_t> queue_;
  uint8_t pending_command_ = 0;  // a command waiting for its parameter byte
  uint8_t scancode_set_ = 2;
  uint8_t leds_ = 0;
  uint8_t typematic_ = 0x2B;
  bool scanning_ = true;
};

}  // namespace mkemu
