#pragma once
// `mkemu trace dump`: a readable listing of a trace in file order, with
// filters; and `mkemu trace diff`: the first divergence between two traces.
#include <cstdint>
#include <functional>
#include <string>

#include "traces/instruction_diff.h"
#include "traces/trace_records.h"

namespace mkemu::traces {

struct DumpFilter {
  uint64_t from = 0;         // first instruction number shown
  uint64_t to = UINT64_MAX;  // last instruction number shown
  uint32_t eip_low = 0;      // instruction records: EIP range
  uint32_t eip_high = UINT32_MAX;
  int port = -1;  // instruction records touching this port (-1: any)
  bool header = true, inputs = true, checkpoints = true, instructions = true, output = true,
       end = true;
};

using LineSink = std::function<void(const std::string&)>;

// Streams the listing line by line; throws InputError on corruption (after
// emitting everything before it). Returns false if the trace is truncated.
bool dump_trace(std::span<const uint8_t> file, const std::string& origin, const DumpFilter& filter,
                const Disassembler& disassemble, const LineSink& emit);

struct TraceDiff {
  bool differ = false;
  std::string report;
};

// Instruction records one at a time (InstructionStream::next); when not
// given, the TraceContents' own (decoded) records are used.
using InstructionSource = std::function<bool(InstructionEvent&)>;

TraceDiff diff_traces(const TraceContents& a, const TraceContents& b,
                      const Disassembler& disassemble, InstructionSource next_a = {},
                      InstructionSource next_b = {});

}  // namespace mkemu::traces
