#pragma once
// The records of a trace and their encodings (docs/trace-format.md).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/machine.h"
#include "traces/checkpoint.h"
#include "traces/external_input.h"
#include "traces/machine_identity.h"
#include "traces/trace_file.h"

namespace mkemu::traces {

inline constexpr uint32_t kHeaderFlagInstructions = 1;  // per-instruction records present

struct TraceHeader {
  std::string producer;  // "mkemu 0.1.0"
  MachineIdentity identity;
  uint64_t checkpoint_interval = 0;  // instructions between checkpoints
  uint32_t flags = 0;
  std::vector<std::string> register_names;
  std::string stop_on;  // --stop-on text of the recorded run ("" if none)
};

// An external input as the recorded run delivered it.
struct InputEvent {
  ExternalInput input;           // with its requested stamp
  uint64_t delivered_cycle = 0;  // the boundary where it was delivered
  uint64_t delivered_instructions = 0;
  bool operator==(const InputEvent&) const = default;
};

struct OutputEvent {
  uint8_t channel = 0;        // OutputChannel
  uint64_t instructions = 0;  // retired when these bytes were flushed
  std::vector<uint8_t> bytes;
};

// One retired (or faulted) instruction and everything since the previous
// record: an interrupt delivered before it, register changes, memory writes,
// port I/O.
struct InstructionEvent {
  uint64_t index = 0;  // instructions retired before it
  uint64_t cycle = 0;  // cycle counter before it
  uint32_t eip = 0;    // linear address
  bool code32 = false;
  std::vector<uint8_t> bytes;
  struct RegisterChange {
    uint8_t reg;  // index into the header's register names
    uint32_t value;
    bool operator==(const RegisterChange&) const = default;
  };
  struct MemoryWrite {
    uint32_t linear, phys;
    uint8_t size;
    uint32_t value;
    bool operator==(const MemoryWrite&) const = default;
  };
  struct PortAccess {
    uint16_t port;
    uint8_t size;
    bool write;
    uint32_t value;
    bool operator==(const PortAccess&) const = default;
  };
  struct Event {
    uint8_t kind;  // 1: interrupt, 2: exception
    uint8_t vector;
    bool has_error;
    uint32_t error;
    bool operator==(const Event&) const = default;
  };
  std::vector<RegisterChange> registers;
  std::vector<MemoryWrite> writes;
  std::vector<PortAccess> ports;
  std::vector<Event> events;
  bool operator==(const InstructionEvent&) const = default;
};

struct EndEvent {
  MachineStop stop = MachineStop::kLimit;
  uint32_t exit_value = 0;
  Checkpoint final_state;
};

std::vector<uint8_t> encode_header(const TraceHeader& header);
TraceHeader decode_header(StateReader& in);
std::vector<uint8_t> encode_input(const InputEvent& event);
InputEvent decode_input(StateReader& in);
std::vector<uint8_t> encode_output(const OutputEvent& event);
OutputEvent decode_output(StateReader& in);
void encode_instruction(StateWriter& out, const InstructionEvent& event);
InstructionEvent decode_instruction(StateReader& in);
void encode_end(StateWriter& out, const EndEvent& event, CheckpointCodec& codec);
EndEvent decode_end(StateReader& in, CheckpointCodec& codec);

const char* stop_name(MachineStop stop);

// A whole trace, decoded. Checkpoints include the final state of the End
// record only in `end`.
struct TraceContents {
  TraceHeader header;
  std::vector<InputEvent> inputs;
  std::vector<Checkpoint> checkpoints;
  std::vector<OutputEvent> outputs;
  std::vector<InstructionEvent> instructions;
  std::optional<EndEvent> end;
  bool truncated = false;
  uint64_t complete_bytes = 0;
};

// Instruction records of a trace, one at a time (a long --insns trace does
// not fit in memory decoded). Throws InputError like read_trace.
class InstructionStream {
 public:
  InstructionStream(std::span<const uint8_t> file, std::string origin)
      : reader_(file, std::move(origin)) {}
  // The next instruction record, or false at the end.
  bool next(InstructionEvent& event);

 private:
  TraceReader reader_;
  TraceRecord record_;
};

// Reads and decodes a trace file; InputError (with offsets) when it is
// corrupt, has no header, or records are out of order.
TraceContents read_trace(std::span<const uint8_t> file, const std::string& origin,
                         bool with_instructions = true);
TraceContents read_trace_file(const std::string& path, bool with_instructions = true);

}  // namespace mkemu::traces
