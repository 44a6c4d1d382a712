#pragma once
// A whole-machine snapshot in memory: the virtual clock, every stateful part
// (CPU with FPU and hidden descriptor state, MMU/TLB, scheduler, devices) in
// machine order, RAM, and the external inputs not yet delivered. Taken only
// between Machine::run calls (at an instruction boundary), so the machine's
// transient stop flags are clear. Restoring it and running on gives the
// same state hash as never having stopped.
#include <cstdint>
#include <string>
#include <vector>

#include "traces/external_input.h"
#include "traces/ram_image.h"

namespace mkemu {
class Machine;
}

namespace mkemu::traces {

struct PartState {
  std::string name;  // Stateful::state_name()
  std::vector<uint8_t> bytes;
  bool operator==(const PartState&) const = default;
};

struct MachineSnapshot {
  uint64_t cycles = 0;
  uint64_t instructions = 0;  // retired when taken (for lookup; the CPU state holds its own)
  uint64_t state_hash = 0;    // Machine::digest().total when taken
  std::vector<PartState> parts;
  RamImage ram;
  std::vector<ExternalInput> pending_inputs;
};

// `previous` (optional) shares unchanged RAM pages with an earlier snapshot.
MachineSnapshot capture_snapshot(const Machine& machine, const InputQueue* inputs,
                                 const MachineSnapshot* previous = nullptr);

// Checks that the snapshot fits the machine (same parts in the same order,
// same RAM size) before changing anything, then loads every part, RAM and
// the clock, and replaces `inputs` (when given) with the pending inputs.
// Throws InputError naming `origin` when it does not fit or a part rejects
// its bytes.
void restore_snapshot(Machine& machine, const MachineSnapshot& snapshot, InputQueue* inputs,
                      const std::string& origin = "snapshot");

}  // namespace mkemu::traces
