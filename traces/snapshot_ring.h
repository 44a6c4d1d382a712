#pragma once
// In-memory snapshots ordered by instruction count, for fast restarts (fault
// campaigns) and reverse execution: to go back to instruction T, restore
// the newest snapshot at or before T and re-execute T - snapshot.instructions
// instructions (determinism makes that land on the same state). Snapshots
// share unchanged RAM pages with their predecessor; the oldest is dropped
// when the ring is full.
#include <cstddef>
#include <cstdint>
#include <deque>

#include "traces/snapshot.h"

namespace mkemu::traces {

class SnapshotRing {
 public:
  explicit SnapshotRing(size_t capacity) : capacity_(capacity ? capacity : 1) {}

  // Captures the machine now (sharing pages with the newest snapshot).
  // Snapshots after the current instruction count are dropped first: after
  // going back in time, the old future is no longer the future.
  const MachineSnapshot& capture(const Machine& machine, const InputQueue* inputs);
  void add(MachineSnapshot snapshot);

  // Newest snapshot taken at or before `instruction`, or null.
  const MachineSnapshot* at_or_before(uint64_t instruction) const;
  void drop_after(uint64_t instruction);

  size_t size() const { return ring_.size(); }
  const MachineSnapshot& operator[](size_t i) const { return ring_[i]; }
  // Host bytes held by the RAM pages (shared pages counted once).
  uint64_t ram_bytes() const;

 private:
  size_t capacity_;
  std::deque<MachineSnapshot> ring_;
};

}  // namespace mkemu::traces
