#pragma once
// One counter of the Intel 8254 (datasheet 231164): the six modes, binary and
// BCD counting, count latch, status read-back, gate behaviour and NULL COUNT,
// computed from the PIT tick count (1.193182 MHz ticks since power-on) rather
// than stepped, so a counter costs nothing while the guest runs.
//
// Timing convention (as the datasheet's waveforms): a count written during
// tick T is loaded into the counting element (CE) on the next clock, tick
// T+1; "elapsed" e counts clocks since that load. Mode 0's OUT rises when CE
// reaches 0, N clocks after the load (N+1 after the write).
#include <cstdint>

#include "platform/core/state_io.h"

namespace mkemu {

class PitChannel {
 public:
  static constexpr uint64_t kNoChange = ~uint64_t{0};

  // The state QEMU gives a counter at reset (the 8254's own is undefined):
  // mode 3, count 65536, counting from `now` when the gate is high.
  void power_on(bool gate, uint64_t now);
  // A control word for this counter (SC bits already decoded; RW != 0).
  void write_control(uint8_t control, uint64_t now);
  void latch_count(uint64_t now);
  void latch_status(uint64_t now);
  void write_count_byte(uint8_t value, uint64_t now);
  uint8_t read_byte(uint64_t now);
  uint8_t peek_byte(uint64_t now) const;
  void set_gate(bool level, uint64_t now);
  bool gate() const { return gate_; }

  bool out(uint64_t now) const;
  // The CE value as read (16 bits; BCD-encoded in BCD mode).
  uint16_t count(uint64_t now) const;
  bool null_count(uint64_t now) const;
  uint8_t status(uint64_t now) const;
  // The first tick after `now` at which OUT changes, or kNoChange.
  uint64_t next_out_change(uint64_t now) const;

  uint8_t mode() const { return mode_; }

  // Read-only views of the programming and the read/write latches (the
  // debugger's decoded view; reading them changes nothing).
  uint8_t access_mode() const { return rw_; }  // 1 LSB, 2 MSB, 3 LSB then MSB
  bool bcd() const { return bcd_; }
  uint16_t count_register() const { return count_register_; }  // the last count written
  bool count_latched() const { return count_latched_; }
  uint16_t latched_count() const { return latched_count_; }
  bool latched_msb_next() const { return latch_msb_next_; }
  bool status_latched() const { return status_latched_; }
  uint8_t latched_status() const { return latched_status_; }
  bool read_msb_next() const { return read_msb_next_; }    // rw 3: the next read is the MSB
  bool write_msb_next() const { return write_msb_next_; }  // rw 3: the next write is the MSB

  void save(StateWriter& out) const;
  void load(StateReader& in);

 private:
  enum class Run : uint8_t {
    kNoCount,      // control word written, no count yet
    kWaitTrigger,  // modes 1 and 5: count written, waiting for a gate edge
    kCounting,     // counting from load_tick_ (which may be the next tick)
    kPaused,       // modes 0/4 with gate low: frozen at paused_at_
    kGateLow,      // modes 2/3 with gate low: stopped, OUT high
  };

  uint32_t period() const;  // the count written, 0 meaning 65536 (10000 in BCD)
  uint32_t period_of(uint16_t raw) const;
  uint16_t encode(uint32_t value) const;  // value modulo 65536/10000, BCD-encoded if needed
  // Clocks since the load at `now` (negative before the load).
  int64_t elapsed(uint64_t now) const;
  // Applies a count written during counting in modes 2/3 once its period ended.
  void settle(uint64_t now);
  PitChannel settled(uint64_t now) const {
    PitChannel copy = *this;
    copy.settle(now);
    return copy;
  }
  void start_counting(uint64_t load_tick, bool out_before);
  void count_written(uint64_t now);
  bool out_settled(uint64_t now) const;
  uint16_t count_settled(uint64_t now) const;

  uint8_t mode_ = 0;
  uint8_t rw_ = 3;  // 1 LSB, 2 MSB, 3 LSB then MSB (0 only before the first control word)
  bool bcd_ = false;
  bool gate_ = true;
  Run run_ = Run::kNoCount;
  uint16_t count_register_ = 0;  // CR: the last count written
  uint16_t active_count_ = 0;    // the count CE is working with
  uint64_t load_tick_ = 0;
  uint64_t paused_at_ = 0;
  bool reload_pending_ = false;  // CR not yet in CE: modes 2/3 at reload_tick_, 1/5 at a trigger
  uint64_t reload_tick_ = 0;
  bool out_before_load_ = true;  // OUT between a (re)load being scheduled and the load
  bool write_msb_next_ = false;
  uint8_t write_lsb_ = 0;
  bool read_msb_next_ = false;
  bool count_latched_ = false;
  uint16_t latched_count_ = 0;
  bool latch_msb_next_ = false;
  bool status_latched_ = false;
  uint8_t latched_status_ = 0;
  bool mode0_stopped_ = false;  // mode 0: first byte of a two-byte count written
};

}  // namespace mkemu
