#pragma once
// Virtual time. The CPU advances `cycles` by each instruction's modelled cost;
// devices derive their own time bases from it and the configured clock rate.
#include <cstdint>

namespace mkemu {

struct Clock {
  uint64_t cycles = 0;
  uint64_t hz = 100'000'000;  // virtual CPU clock rate (--clock MHZ)

  // Converts a cycle count to ticks of a device clock running at `device_hz`,
  // rounding down. 128-bit to stay exact for any run length.
  static uint64_t to_device_ticks(uint64_t cycles, uint64_t cpu_hz, uint64_t device_hz) {
    return static_cast<uint64_t>(static_cast<unsigned __int128>(cycles) * device_hz / cpu_hz);
  }
  // The first CPU cycle at which `ticks` device ticks have elapsed (rounding up).
  static uint64_t from_device_ticks(uint64_t ticks, uint64_t cpu_hz, uint64_t device_hz) {
    unsigned __int128 n = static_cast<unsigned __int128>(ticks) * cpu_hz;
    return static_cast<uint64_t>((n + device_hz - 1) / device_hz);
  }
};

}  // namespace mkemu
