#include "platform/devices/pit8254.h"

namespace mkemu {

void Pit8254::attach(MachineBus& bus) {
  bus_ = &bus;
  bus.io.claim(0x40, 4, this, "pit");
  bus.io.claim(0x61, 1, this, "port61");
  bus.connect_isa_irq(irq0_, 0);
  timer_ = bus.scheduler.add_timer("pit-irq0", [this](uint64_t) { update_irq0(); });
  reset();
}

uint64_t Pit8254::now_ticks() const {
  return Clock::to_device_ticks(bus_->clock.cycles, bus_->clock.hz, kHz);
}

void Pit8254::reset() {
  uint64_t now = now_ticks();
  for (unsigned i = 0; i < 3; ++i) channels_[i].power_on(i != 2, now);
  port61_ = 0;
  update_irq0();
}

void Pit8254::update_irq0() {
  uint64_t now = now_ticks();
  irq0_.set(channels_[0].out(now));
  uint64_t next = channels_[0].next_out_change(now);
  if (next == PitChannel::kNoChange) {
    bus_->scheduler.disarm(timer_);
  } else {
    bus_->scheduler.arm(timer_, Clock::from_device_ticks(next, bus_->clock.hz, kHz));
  }
}

uint8_t Pit8254::peek_byte(uint16_t port) const {
  uint64_t now = now_ticks();
  if (port == 0x61) {
    bool refresh = (now / kRefreshClocks) & 1;
    return static_cast<uint8_t>((port61_ & 0x0F) | (refresh ? 0x10 : 0) |
                                (channels_[2].out(now) ? 0x20 : 0));
  }
  if (port == 0x43) return 0xFF;  // the control register cannot be read
  return channels_[port - 0x40].peek_byte(now);
}

uint32_t Pit8254::io_peek(uint16_t port, unsigned size) const {
  uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i)
    value |= uint32_t{peek_byte(static_cast<uint16_t>(port + i))} << (8 * i);
  return value;
}

uint32_t Pit8254::io_read(uint16_t port, unsigned size) {
  uint32_t value = 0;
  for (unsigned i = 0; i < size; ++i) {
    auto p = static_cast<uint16_t>(port + i);
    uint8_t byte =
        p >= 0x40 && p <= 0x42 ? channels_[p - 0x40].read_byte(now_ticks()) : peek_byte(p);
    value |= uint32_t{byte} << (8 * i);
  }
  return value;
}

void Pit8254::io_write(uint16_t port, unsigned size, uint32_t value) {
  for (unsigned i = 0; i < size; ++i) {
    write_byte(static_cast<uint16_t>(port + i), static_cast<uint8_t>(value >> (8 * i)));
  }
  update_irq0();
}

void Pit8254::write_byte(uint16_t port, uint8_t value) {
  uint64_t now = now_ticks();
  if (port == 0x61) {
    port61_ = value & 0x0F;
    channels_[2].set_gate(value & 1, now);
    return;
  }
  if (port != 0x43) {
    channels_[port - 0x40].write_count_byte(value, now);
    return;
  }
  unsigned select = value >> 6;
  if (select == 3) {
    // Read-back: bit 5 low latches counts, bit 4 low latches status, bits
    // 1-3 select counters 0-2.
    for (unsigned c = 0; c < 3; ++c) {
      if (!(value & (2u << c))) continue;
      if (!(value & 0x20)) channels_[c].latch_count(now);
      if (!(value & 0x10)) channels_[c].latch_status(now);
    }
    return;
  }
  if ((value & 0x30) == 0) {
    channels_[select].latch_count(now);  // counter latch command
  } else {
    channels_[select].write_control(value, now);
  }
}

void Pit8254::save_state(StateWriter& out) const {
  for (const PitChannel& c : channels_) c.save(out);
  out.put(port61_);
  out.put<uint8_t>(irq0_.level());
}

void Pit8254::load_state(StateReader& in) {
  for (PitChannel& c : channels_) c.load(in);
  port61_ = in.get<uint8_t>() & 0x0F;
  irq0_.restore_level(in.get<uint8_t>() != 0);
}

}  // namespace mkemu
