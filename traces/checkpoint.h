#pragma once
// A checkpoint: the machine's state hash broken down so that a mismatch
// names what differs without storing the state. It holds the per-part hashes
// of the state digest (CPU, MMU, scheduler, each device), the architectural
// register values (so a report names the register and both values), one
// hash per 4 KiB RAM page under the RAM hash, and the length and CRC-32 of
// each guest output channel so far.
#include <cstdint>
#include <string>
#include <vector>

#include "platform/core/state_hash.h"
#include "platform/core/state_io.h"

namespace mkemu {
class Machine;
}

namespace mkemu::traces {

// Running length and CRC-32 of a guest output channel.
struct OutputTally {
  uint64_t bytes = 0;
  uint32_t crc = 0;
  void add(uint8_t byte);
  bool operator==(const OutputTally&) const = default;
};

struct Checkpoint {
  uint64_t index = 0;
  uint64_t instructions = 0;
  uint64_t cycles = 0;
  uint64_t total = 0;  // StateDigest::total: the state hash
  std::vector<ComponentHash> components;
  std::vector<uint32_t> registers;  // in register_names() order
  uint64_t ram = 0;
  std::vector<uint64_t> ram_pages;
  OutputTally serial;
  OutputTally debugcon;
};

// Names of the recorded architectural registers, in record order.
const std::vector<std::string>& register_names();
std::vector<uint32_t> read_registers(const Machine& machine);

Checkpoint take_checkpoint(const Machine& machine, uint64_t index, const OutputTally& serial,
                           const OutputTally& debugcon);

// Human-readable differences between a recorded and a replayed checkpoint,
// most specific first (registers, parts, RAM pages, output); empty if equal.
std::vector<std::string> compare_checkpoints(const Checkpoint& recorded, const Checkpoint& replayed,
                                             const std::vector<std::string>& register_names);

// Checkpoints in a trace store only the RAM page hashes that changed since
// the previous checkpoint (the first one: since all-zero RAM).
class CheckpointCodec {
 public:
  void encode(StateWriter& out, const Checkpoint& checkpoint);
  Checkpoint decode(StateReader& in);

 private:
  std::vector<uint64_t> pages_;
};

}  // namespace mkemu::traces
