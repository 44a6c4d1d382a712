#pragma once
// The debugger's execution history, which makes reverse execution exact:
// external inputs fed at their cycle stamps, in-memory snapshots taken
// automatically every N instructions (plus the origin, where the history
// begins), and the snapshots the user names. Going back to instruction T
// restores the newest snapshot at or before T and re-executes to T; the
// Debugger does the running (frontend/debugger/reverse_execution.cpp).
//
// Positions are instruction counts (Cpu::instructions_retired), not cycles.
// Guest output already produced is not produced again while history is
// re-executed: each snapshot remembers how many bytes each output channel
// had produced, and only bytes beyond the most ever produced reach the
// sinks.
//
// Changing the guest from outside (console `set`, gdb register or memory
// writes) is not an input re-execution could replay: snapshots from before
// the change do not lead to what follows it, so the history begins anew at
// the changed state (a new epoch).
#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/machine.h"
#include "traces/external_input.h"
#include "traces/snapshot.h"

namespace mkemu {

// Going back is not possible (before the start of the history, or reverse
// execution is off); nothing was changed.
class HistoryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ExecutionHistory {
 public:
  static constexpr uint64_t kDefaultInterval = 10'000'000;
  static constexpr size_t kDefaultCapacity = 32;

  struct Point {
    traces::MachineSnapshot snapshot;
    std::array<uint64_t, 2> output_bytes{};  // produced per OutputChannel before it
    uint64_t instructions() const { return snapshot.instructions; }
  };
  struct NamedSnapshot {
    std::string name;
    Point point;
    uint64_t epoch = 0;
  };

  explicit ExecutionHistory(Machine& machine);
  ~ExecutionHistory();
  ExecutionHistory(const ExecutionHistory&) = delete;
  ExecutionHistory& operator=(const ExecutionHistory&) = delete;

  // External inputs (from --input or a recording), delivered at the first
  // instruction boundary whose cycle is at or after their stamp.
  void set_inputs(std::vector<traces::ExternalInput> inputs);
  void deliver_due_inputs();
  uint64_t next_input_cycle() const { return inputs_.next_cycle(); }

  // Automatic snapshots every `interval` instructions (0: none, and no
  // reverse execution), keeping the newest `capacity` besides the origin.
  void configure(uint64_t interval, size_t capacity);
  bool enabled() const { return interval_ != 0; }
  // The instruction count at which the run loop pauses for the next one.
  uint64_t next_capture() const;
  // At an instruction boundary between two Machine::run calls (the last one
  // ended at its limit, so the machine has no transient stop flag set):
  // captures a snapshot when one is due and none exists at this count.
  void capture_if_due();

  // Begins the history here when it has not begun (or after a change from
  // outside). Called before anything runs or goes back.
  void begin_if_needed();
  void state_changed() { changed_ = true; }
  // Where the history begins: reverse execution cannot go before it.
  uint64_t start() const { return origin_ ? origin_->instructions() : current_instructions(); }
  // The newest snapshot at or before `instruction`, or null.
  const Point* nearest(uint64_t instruction) const;
  // Instruction counts of the snapshots before `instruction`, ascending.
  std::vector<uint64_t> positions_before(uint64_t instruction) const;
  // Puts the machine, the pending inputs and the output counters back to a
  // snapshot.
  void restore(const Point& point);
  // Going back step by step re-executes from the same snapshot each time:
  // a re-execution longer than twice this keeps one extra snapshot this
  // many instructions before its target (replacing the previous one).
  uint64_t near_distance() const { return std::max<uint64_t>(interval_ / 64, 1); }
  void keep_near() { near_ = capture(); }

  // Named snapshots (`snapshot save|restore|list`).
  const NamedSnapshot& save(const std::string& name);
  // False when there is no snapshot of that name.
  bool restore_named(const std::string& name);
  const std::vector<NamedSnapshot>& named() const { return named_; }
  size_t automatic_count() const { return ring_.size() + (origin_ ? 1 : 0); }
  uint64_t newest_automatic() const;

 private:
  Point capture() const;
  uint64_t current_instructions() const { return machine_.cpu.instructions_retired(); }
  void begin_epoch(Point origin);
  void output(OutputChannel channel, uint8_t byte);

  Machine& machine_;
  std::function<void(OutputChannel, uint8_t)> sink_;  // the machine's own on_output
  traces::InputQueue inputs_;
  uint64_t interval_ = kDefaultInterval;
  size_t capacity_ = kDefaultCapacity;
  std::optional<Point> origin_;
  std::deque<Point> ring_;     // ascending instruction counts, all after the origin
  std::optional<Point> near_;  // keep_near's
  bool changed_ = false;
  uint64_t epoch_ = 0;
  std::array<uint64_t, 2> produced_{};  // output bytes produced in this timeline
  std::array<uint64_t, 2> emitted_{};   // the most ever passed to the sinks
  std::vector<NamedSnapshot> named_;
};

}  // namespace mkemu
