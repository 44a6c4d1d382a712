#pragma once
// External inputs: everything the host feeds the guest (serial bytes today;
// keyboard and NIC receive later) plus deliberate injections (RAM patches for
// divergence tests and fault campaigns). Each is stamped with the virtual
// cycle at which the guest sees it and delivered at the first instruction
// boundary at or after that cycle. The queue is part of a snapshot, so a
// restored machine continues the same schedule.
#include <cstdint>
#include <string>
#include <vector>

#include "platform/core/state_io.h"

namespace mkemu {
class Machine;
}

namespace mkemu::traces {

enum class InputKind : uint8_t {
  kSerial = 1,  // bytes arriving on COM1's receive line
  kPoke = 2,    // bytes written into guest physical RAM (injection)
};

const char* input_kind_name(InputKind kind);

struct ExternalInput {
  uint64_t cycle = 0;  // the guest sees it at the first boundary >= cycle
  InputKind kind = InputKind::kSerial;
  uint32_t address = 0;  // kPoke: physical address
  std::vector<uint8_t> bytes;

  bool operator==(const ExternalInput&) const = default;
};

void write_input(StateWriter& out, const ExternalInput& input);
// Validates the kind; throws InputError naming the offset.
ExternalInput read_input(StateReader& in);

// Pending inputs in delivery order: by cycle, then in the order given.
class InputQueue {
 public:
  InputQueue() = default;
  explicit InputQueue(std::vector<ExternalInput> inputs);

  // Adds an input, keeping (cycle, arrival) order.
  void add(ExternalInput input);
  bool empty() const { return next_ >= items_.size(); }
  uint64_t next_cycle() const;  // UINT64_MAX when empty
  // Removes and returns the next input.
  ExternalInput pop();
  // Drops inputs stamped before `cycle` (already delivered in an earlier run).
  void drop_before(uint64_t cycle);
  std::vector<ExternalInput> pending() const;

 private:
  std::vector<ExternalInput> items_;
  size_t next_ = 0;
};

// Hands one input to the machine. Throws InputError when the machine has no
// device for it (e.g. serial input on a machine without a UART) or a poke
// falls outside RAM.
void deliver_input(Machine& machine, const ExternalInput& input);

}  // namespace mkemu::traces
