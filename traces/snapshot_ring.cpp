#include "traces/snapshot_ring.h"

#include "platform/machine.h"

namespace mkemu::traces {

const MachineSnapshot& SnapshotRing::capture(const Machine& machine, const InputQueue* inputs) {
  drop_after(machine.cpu.instructions_retired());
  add(capture_snapshot(machine, inputs, ring_.empty() ? nullptr : &ring_.back()));
  return ring_.back();
}

void SnapshotRing::add(MachineSnapshot snapshot) {
  drop_after(snapshot.instructions);
  // One snapshot per instruction count: the newer one (a halted CPU moves
  // time without retiring instructions) replaces the older.
  if (!ring_.empty() && ring_.back().instructions == snapshot.instructions) ring_.pop_back();
  ring_.push_back(std::move(snapshot));
  while (ring_.size() > capacity_) ring_.pop_front();
}

const MachineSnapshot* SnapshotRing::at_or_before(uint64_t instruction) const {
  for (auto it = ring_.rbegin(); it != ring_.rend(); ++it) {
    if (it->instructions <= instruction) return &*it;
  }
  return nullptr;
}

void SnapshotRing::drop_after(uint64_t instruction) {
  while (!ring_.empty() && ring_.back().instructions > instruction) ring_.pop_back();
}

uint64_t SnapshotRing::ram_bytes() const {
  uint64_t total = 0;
  const RamImage* previous = nullptr;
  for (const MachineSnapshot& s : ring_) {
    total += s.ram.unshared_bytes(previous);
    previous = &s.ram;
  }
  return total;
}

}  // namespace mkemu::traces
