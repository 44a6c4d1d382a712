#include "platform/devices/pit_channel.h"

#include <algorithm>
#include <initializer_list>

namespace mkemu {
namespace {

uint32_t bcd_to_binary(uint16_t bcd) {
  return (bcd >> 12 & 0xF) * 1000u + (bcd >> 8 & 0xF) * 100u + (bcd >> 4 & 0xF) * 10u + (bcd & 0xF);
}

uint16_t binary_to_bcd(uint32_t value) {
  value %= 10000;
  return static_cast<uint16_t>((value / 1000) << 12 | (value / 100 % 10) << 8 |
                               (value / 10 % 10) << 4 | (value % 10));
}

}  // namespace

void PitChannel::power_on(bool gate, uint64_t now) {
  *this = PitChannel{};
  mode_ = 3;
  rw_ = 0;  // QEMU's reset leaves the access field 0: status reads 86h
  gate_ = gate;
  if (gate) {
    start_counting(now, true);
  } else {
    run_ = Run::kGateLow;
  }
}

uint32_t PitChannel::period_of(uint16_t raw) const {
  if (bcd_) {
    uint32_t value = bcd_to_binary(raw);
    return value ? value : 10000;
  }
  return raw ? raw : 65536;
}

uint32_t PitChannel::period() const {
  return period_of(active_count_);
}

uint16_t PitChannel::encode(uint32_t value) const {
  return bcd_ ? binary_to_bcd(value) : static_cast<uint16_t>(value);
}

int64_t PitChannel::elapsed(uint64_t now) const {
  uint64_t at = run_ == Run::kPaused ? paused_at_ : now;
  return static_cast<int64_t>(at) - static_cast<int64_t>(load_tick_);
}

void PitChannel::start_counting(uint64_t load_tick, bool out_before) {
  load_tick_ = load_tick;
  out_before_load_ = out_before;
  run_ = Run::kCounting;
  reload_pending_ = false;
}

void PitChannel::settle(uint64_t now) {
  if (reload_pending_ && run_ == Run::kCounting && (mode_ == 2 || mode_ == 3) &&
      now >= reload_tick_) {
    // The period in which the new count was written ended: CE reloads from CR.
    active_count_ = count_register_;
    start_counting(reload_tick_, true);
  }
}

void PitChannel::write_control(uint8_t control, uint64_t now) {
  (void)now;
  rw_ = (control >> 4) & 3;
  mode_ = (control >> 1) & 7;
  if (mode_ >= 6) mode_ -= 4;  // x1x: 6 and 7 alias modes 2 and 3
  bcd_ = (control & 1) != 0;
  // "All control logic is reset and OUT goes to its initial state": low in
  // mode 0, high otherwise. The count must be written again.
  run_ = Run::kNoCount;
  reload_pending_ = false;
  write_msb_next_ = false;
  read_msb_next_ = false;
  count_latched_ = false;
  status_latched_ = false;
  mode0_stopped_ = false;
}

void PitChannel::count_written(uint64_t now) {
  mode0_stopped_ = false;
  switch (mode_) {
    case 0:
    case 4:
      // Loaded on the next clock; mode 0 drives OUT low at once.
      active_count_ = count_register_;
      start_counting(now + 1, mode_ == 4);
      if (!gate_) {
        run_ = Run::kPaused;
        paused_at_ = load_tick_;
      }
      break;
    case 2:
    case 3:
      if (run_ == Run::kCounting && elapsed(now) >= 0) {
        // Takes effect when the current period ends.
        uint64_t p = period();
        auto e = static_cast<uint64_t>(elapsed(now));
        reload_pending_ = true;
        reload_tick_ = load_tick_ + (e / p + 1) * p;
      } else {
        active_count_ = count_register_;
        if (gate_) {
          start_counting(now + 1, true);
        } else {
          run_ = Run::kGateLow;
        }
      }
      break;
    default:  // 1, 5: loaded by the next gate trigger
      if (run_ == Run::kNoCount || run_ == Run::kWaitTrigger) {
        active_count_ = count_register_;
        run_ = Run::kWaitTrigger;
      } else {
        reload_pending_ = true;
      }
      break;
  }
}

void PitChannel::write_count_byte(uint8_t value, uint64_t now) {
  settle(now);
  if (rw_ == 1) {
    count_register_ = value;
  } else if (rw_ == 2) {
    count_register_ = static_cast<uint16_t>(value << 8);
  } else if (!write_msb_next_) {
    write_lsb_ = value;
    write_msb_next_ = true;
    if (mode_ == 0 && run_ == Run::kCounting) {
      // Mode 0: the first byte of a two-byte count stops counting and drives
      // OUT low at once.
      paused_at_ = std::max(now, load_tick_);
      run_ = Run::kPaused;
      mode0_stopped_ = true;
    }
    return;
  } else {
    count_register_ = static_cast<uint16_t>(write_lsb_ | value << 8);
    write_msb_next_ = false;
  }
  count_written(now);
}

void PitChannel::set_gate(bool level, uint64_t now) {
  settle(now);
  if (level == gate_) return;
  gate_ = level;
  switch (mode_) {
    case 0:
    case 4:
      if (!level && run_ == Run::kCounting) {
        paused_at_ = std::max(now, load_tick_);
        run_ = Run::kPaused;
      } else if (level && run_ == Run::kPaused && !mode0_stopped_) {
        load_tick_ += now > paused_at_ ? now - paused_at_ : 0;
        run_ = Run::kCounting;
      }
      break;
    case 2:
    case 3:
      if (!level && run_ == Run::kCounting) {
        run_ = Run::kGateLow;  // OUT high at once, counting stops
      } else if (level && run_ == Run::kGateLow) {
        active_count_ = count_register_;  // the rising gate reloads
        start_counting(now + 1, true);
      }
      break;
    default:  // 1, 5: a rising edge triggers (and retriggers)
      if (level && run_ != Run::kNoCount) {
        bool before = out_settled(now);
        active_count_ = count_register_;
        start_counting(now + 1, before);
      }
      break;
  }
}

bool PitChannel::out_settled(uint64_t now) const {
  switch (run_) {
    case Run::kNoCount: return mode_ != 0;
    case Run::kWaitTrigger:
    case Run::kGateLow: return true;
    case Run::kPaused:
      if (mode0_stopped_) return false;
      break;
    case Run::kCounting: break;
  }
  int64_t e = elapsed(now);
  if (e < 0) return mode_ == 0 ? false : out_before_load_;
  auto p = static_cast<int64_t>(period());
  switch (mode_) {
    case 0: return e >= p;
    case 1: return e >= p;
    case 2: return p == 1 || e % p != p - 1;
    case 3: return e % p < (p + 1) / 2;
    default: return e != p;  // 4, 5: low for the one clock after CE reaches 0
  }
}

bool PitChannel::out(uint64_t now) const {
  return settled(now).out_settled(now);
}

uint16_t PitChannel::count_settled(uint64_t now) const {
  if (run_ == Run::kNoCount || run_ == Run::kWaitTrigger || run_ == Run::kGateLow) {
    return run_ == Run::kGateLow ? active_count_ : count_register_;
  }
  int64_t e = elapsed(now);
  if (e < 0) return active_count_;
  uint64_t p = period();
  auto ue = static_cast<uint64_t>(e);
  uint64_t modulus = bcd_ ? 10000 : 65536;
  switch (mode_) {
    case 2: return encode(static_cast<uint32_t>(p - ue % p));
    case 3: {
      // Even counts step by two; odd counts load N, step by one (high half) or
      // three (low half) once, then by two (datasheet, mode 3).
      uint64_t phase = ue % p;
      uint64_t high = (p + 1) / 2;
      bool in_high = phase < high;
      uint64_t within = in_high ? phase : phase - high;
      uint64_t value;
      if (p % 2 == 0) {
        value = p - 2 * within;
      } else if (within == 0) {
        value = p;
      } else {
        value = in_high ? p + 1 - 2 * within : p - 1 - 2 * within;
      }
      return encode(static_cast<uint32_t>(value));
    }
    default:  // 0, 1, 4, 5: count down, wrapping after 0
      return encode(static_cast<uint32_t>((p % modulus + modulus - ue % modulus) % modulus));
  }
}

uint16_t PitChannel::count(uint64_t now) const {
  return settled(now).count_settled(now);
}

bool PitChannel::null_count(uint64_t now) const {
  PitChannel v = settled(now);
  switch (v.run_) {
    case Run::kNoCount:
    case Run::kWaitTrigger: return true;
    case Run::kGateLow: return false;
    default: return v.reload_pending_ || now < v.load_tick_ || v.mode0_stopped_;
  }
}

uint8_t PitChannel::status(uint64_t now) const {
  return static_cast<uint8_t>((out(now) ? 0x80 : 0) | (null_count(now) ? 0x40 : 0) | rw_ << 4 |
                              mode_ << 1 | (bcd_ ? 1 : 0));
}

void PitChannel::latch_count(uint64_t now) {
  if (count_latched_) return;  // a second latch before the read is ignored
  count_latched_ = true;
  latched_count_ = count(now);
  latch_msb_next_ = rw_ == 2;
}

void PitChannel::latch_status(uint64_t now) {
  if (status_latched_) return;
  status_latched_ = true;
  latched_status_ = status(now);
}

uint8_t PitChannel::peek_byte(uint64_t now) const {
  if (status_latched_) return latched_status_;
  if (count_latched_) {
    return static_cast<uint8_t>(latch_msb_next_ ? latched_count_ >> 8 : latched_count_);
  }
  uint16_t value = count(now);
  bool msb = rw_ == 2 || (rw_ == 3 && read_msb_next_);
  return static_cast<uint8_t>(msb ? value >> 8 : value);
}

uint8_t PitChannel::read_byte(uint64_t now) {
  uint8_t value = peek_byte(now);
  if (status_latched_) {
    status_latched_ = false;
  } else if (count_latched_) {
    if (rw_ == 3 && !latch_msb_next_) {
      latch_msb_next_ = true;
    } else {
      count_latched_ = false;
    }
  } else if (rw_ == 3) {
    read_msb_next_ = !read_msb_next_;
  }
  return value;
}

uint64_t PitChannel::next_out_change(uint64_t now) const {
  PitChannel v = settled(now);
  if (v.run_ != Run::kCounting) return kNoChange;
  uint64_t p = v.period();
  uint64_t load = v.load_tick_;
  bool current = v.out_settled(now);
  uint64_t best = kNoChange;
  auto consider = [&](uint64_t t) {
    if (t > now && t < best && v.out_settled(t) != current) best = t;
  };
  consider(load);
  if (v.mode_ == 2 || v.mode_ == 3) {
    uint64_t base = load + (now > load ? (now - load) / p * p : 0);
    uint64_t low_at = v.mode_ == 2 ? p - 1 : (p + 1) / 2;
    for (uint64_t k = 0; k < 3; ++k) {
      consider(base + k * p);
      consider(base + k * p + low_at);
    }
  } else {
    consider(load + p);
    consider(load + p + 1);
  }
  if (v.reload_pending_ && (v.mode_ == 2 || v.mode_ == 3) && v.reload_tick_ > now) {
    best = std::min(best, v.reload_tick_);
  }
  return best;
}

void PitChannel::save(StateWriter& out) const {
  out.put(mode_);
  out.put(rw_);
  for (bool b : {bcd_, gate_, reload_pending_, out_before_load_, write_msb_next_, read_msb_next_,
                 count_latched_, latch_msb_next_, status_latched_, mode0_stopped_}) {
    out.put<uint8_t>(b);
  }
  out.put(run_);
  out.put(count_register_);
  out.put(active_count_);
  out.put(load_tick_);
  out.put(paused_at_);
  out.put(reload_tick_);
  out.put(write_lsb_);
  out.put(latched_count_);
  out.put(latched_status_);
}

void PitChannel::load(StateReader& in) {
  mode_ = in.get<uint8_t>();
  rw_ = in.get<uint8_t>();
  in.expect(mode_ <= 5 && rw_ <= 3, "bad 8254 counter mode");
  for (bool* b :
       {&bcd_, &gate_, &reload_pending_, &out_before_load_, &write_msb_next_, &read_msb_next_,
        &count_latched_, &latch_msb_next_, &status_latched_, &mode0_stopped_}) {
    *b = in.get<uint8_t>() != 0;
  }
  run_ = in.get<Run>();
  in.expect(run_ <= Run::kGateLow, "bad 8254 counter state");
  count_register_ = in.get<uint16_t>();
  active_count_ = in.get<uint16_t>();
  load_tick_ = in.get<uint64_t>();
  paused_at_ = in.get<uint64_t>();
  reload_tick_ = in.get<uint64_t>();
  write_lsb_ = in.get<uint8_t>();
  latched_count_ = in.get<uint16_t>();
  latched_status_ = in.get<uint8_t>();
}

}  // namespace mkemu
