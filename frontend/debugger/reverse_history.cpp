#include "frontend/debugger/reverse_history.h"

#include <algorithm>

namespace mkemu {

ExecutionHistory::ExecutionHistory(Machine& machine) : machine_(machine) {
  sink_ = machine_.on_output;
  machine_.on_output = [this](OutputChannel channel, uint8_t byte) { output(channel, byte); };
}

ExecutionHistory::~ExecutionHistory() {
  machine_.on_output = sink_;
}

void ExecutionHistory::output(OutputChannel channel, uint8_t byte) {
  const size_t c = channel == OutputChannel::kSerial ? 0 : 1;
  // Bytes the sinks already have come again when history is re-executed.
  if (produced_[c]++ < emitted_[c]) return;
  emitted_[c] = produced_[c];
  if (sink_) sink_(channel, byte);
}

void ExecutionHistory::set_inputs(std::vector<traces::ExternalInput> inputs) {
  inputs_ = traces::InputQueue(std::move(inputs));
}

void ExecutionHistory::deliver_due_inputs() {
  while (!inputs_.empty() && inputs_.next_cycle() <= machine_.clock.cycles) {
    traces::deliver_input(machine_, inputs_.pop());
  }
}

void ExecutionHistory::configure(uint64_t interval, size_t capacity) {
  interval_ = interval;
  capacity_ = std::max<size_t>(capacity, 1);
  while (ring_.size() > capacity_) ring_.pop_front();
}

uint64_t ExecutionHistory::next_capture() const {
  if (!interval_) return UINT64_MAX;
  const uint64_t now = current_instructions();
  const uint64_t next = (now / interval_ + 1) * interval_;
  return next < now ? UINT64_MAX : next;
}

ExecutionHistory::Point ExecutionHistory::capture() const {
  const traces::MachineSnapshot* previous = !ring_.empty() ? &ring_.back().snapshot
                                            : origin_      ? &origin_->snapshot
                                                           : nullptr;
  return {traces::capture_snapshot(machine_, &inputs_, previous), produced_};
}

void ExecutionHistory::begin_epoch(Point origin) {
  ++epoch_;
  ring_.clear();
  near_.reset();
  produced_ = emitted_ = origin.output_bytes;
  origin_ = std::move(origin);
  changed_ = false;
}

void ExecutionHistory::begin_if_needed() {
  if (!interval_) return;
  if (!origin_ || changed_) begin_epoch(capture());
}

void ExecutionHistory::capture_if_due() {
  if (!interval_ || !origin_) return;
  const uint64_t now = current_instructions();
  if (now % interval_ != 0 || now <= origin_->instructions()) return;
  // Going back and running forward again reaches the same states: keep what
  // is there. Anything after `now` stays valid too (the future is the same).
  auto at = std::lower_bound(ring_.begin(), ring_.end(), now,
                             [](const Point& p, uint64_t n) { return p.instructions() < n; });
  if (at != ring_.end() && at->instructions() == now) return;
  const traces::MachineSnapshot* previous =
      at != ring_.begin() ? &std::prev(at)->snapshot : &origin_->snapshot;
  ring_.insert(at, Point{traces::capture_snapshot(machine_, &inputs_, previous), produced_});
  while (ring_.size() > capacity_) ring_.pop_front();
}

const ExecutionHistory::Point* ExecutionHistory::nearest(uint64_t instruction) const {
  const Point* best = nullptr;
  for (auto it = ring_.rbegin(); it != ring_.rend() && !best; ++it) {
    if (it->instructions() <= instruction) best = &*it;
  }
  if (!best && origin_ && origin_->instructions() <= instruction) best = &*origin_;
  if (near_ && near_->instructions() <= instruction &&
      (!best || near_->instructions() > best->instructions())) {
    best = &*near_;
  }
  return best;
}

std::vector<uint64_t> ExecutionHistory::positions_before(uint64_t instruction) const {
  std::vector<uint64_t> out;
  if (origin_ && origin_->instructions() < instruction) out.push_back(origin_->instructions());
  for (const Point& p : ring_) {
    if (p.instructions() < instruction) out.push_back(p.instructions());
  }
  return out;
}

void ExecutionHistory::restore(const Point& point) {
  traces::restore_snapshot(machine_, point.snapshot, &inputs_, "in-memory snapshot");
  produced_ = point.output_bytes;
}

uint64_t ExecutionHistory::newest_automatic() const {
  if (!ring_.empty()) return ring_.back().instructions();
  return origin_ ? origin_->instructions() : 0;
}

const ExecutionHistory::NamedSnapshot& ExecutionHistory::save(const std::string& name) {
  begin_if_needed();
  NamedSnapshot snap{name, capture(), epoch_};
  auto it = std::find_if(named_.begin(), named_.end(),
                         [&](const NamedSnapshot& s) { return s.name == name; });
  if (it != named_.end()) {
    *it = std::move(snap);
    return *it;
  }
  named_.push_back(std::move(snap));
  return named_.back();
}

bool ExecutionHistory::restore_named(const std::string& name) {
  auto it = std::find_if(named_.begin(), named_.end(),
                         [&](const NamedSnapshot& s) { return s.name == name; });
  if (it == named_.end()) return false;
  restore(it->point);
  // A snapshot from another timeline (taken before a change from outside)
  // begins a new history; one from this timeline is a point on it (and
  // undoes a change not yet run).
  if (it->epoch != epoch_ || !origin_) {
    begin_epoch(it->point);
  } else {
    changed_ = false;
  }
  return true;
}

}  // namespace mkemu
