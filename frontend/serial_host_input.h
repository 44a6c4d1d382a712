#pragma once
// Host input for COM1 that arrives while the guest runs: what an
// interactive --serial backend (pty, tcp) receives, and stdin with
// `--serial-input -`. The run loop (traces/run_driver.h) polls it at slice
// boundaries; each poll that finds bytes adds one serial ExternalInput
// stamped with the current guest cycle, so a recording holds it and a replay
// delivers it at the same cycle. While the guest idles, a poll waits for
// input up to the real time of the idle span (at the --clock rate), so an
// idle guest costs no host CPU and meets input typed at human speed.
#include <chrono>
#include <cstdint>
#include <memory>

#include "frontend/output_sink.h"
#include "traces/run_driver.h"

namespace mkemu {

class SerialHostInput {
 public:
  // `backend` may be null or non-interactive; `from_stdin` reads stdin (a
  // terminal is put in raw mode for the run, minus Ctrl-C).
  SerialHostInput(OutputSink* backend, bool from_stdin, uint64_t clock_hz);
  ~SerialHostInput();
  SerialHostInput(const SerialHostInput&) = delete;
  SerialHostInput& operator=(const SerialHostInput&) = delete;

  // Whether anything can give input (else the hook is not needed).
  bool active() const { return interactive_backend_ || stdin_open_; }
  // The hook for DriveHooks / RecordSettings: polls every millisecond of
  // guest time. Empty when not active.
  traces::HostPoll host_poll();

 private:
  bool poll(Machine& machine, traces::InputQueue& inputs, uint64_t wait_cycles);
  // When an idle span of `wait_cycles` from `cycle` ends in real time.
  std::chrono::steady_clock::time_point idle_deadline(uint64_t cycle, uint64_t wait_cycles);

  OutputSink* backend_;
  bool interactive_backend_ = false;
  bool stdin_open_ = false;
  bool stdin_raw_ = false;
  uint64_t clock_hz_;
  // Pacing of idle guest time against the host's steady clock (it decides
  // only how long to sleep; the guest sees cycles alone).
  bool paced_ = false;
  std::chrono::steady_clock::time_point anchor_time_;
  uint64_t anchor_cycle_ = 0;
};

}  // namespace mkemu
