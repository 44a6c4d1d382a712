#include "traces/trace_records.h"

#include <iterator>

#include "platform/core/errors.h"
#include "platform/core/host_file.h"

namespace mkemu::traces {

const char* stop_name(MachineStop stop) {
  switch (stop) {
    case MachineStop::kGuestExit: return "guest-exit";
    case MachineStop::kStopText: return "stop-text";
    case MachineStop::kResetRequest: return "reset-request";
    case MachineStop::kHaltedForever: return "halted";
    case MachineStop::kTripleFault: return "triple-fault";
    case MachineStop::kLimit: return "limit";
    case MachineStop::kObserver: return "observer";
  }
  return "?";
}

std::vector<uint8_t> encode_header(const TraceHeader& h) {
  StateWriter out;
  out.put_string(h.producer);
  write_identity(out, h.identity);
  out.put(h.checkpoint_interval);
  out.put(h.flags);
  out.put<uint32_t>(static_cast<uint32_t>(h.register_names.size()));
  for (const std::string& name : h.register_names) out.put_string(name);
  out.put_string(h.stop_on);
  return out.bytes();
}

TraceHeader decode_header(StateReader& in) {
  TraceHeader h;
  h.producer = in.get_string(256);
  h.identity = read_identity(in);
  h.checkpoint_interval = in.get<uint64_t>();
  h.flags = in.get<uint32_t>();
  auto n = in.get<uint32_t>();
  in.expect(n <= 255, "implausible register count " + std::to_string(n));
  for (uint32_t i = 0; i < n; ++i) h.register_names.push_back(in.get_string(64));
  h.stop_on = in.get_string(1 << 16);
  return h;
}

std::vector<uint8_t> encode_input(const InputEvent& e) {
  StateWriter out;
  write_input(out, e.input);
  out.put(e.delivered_cycle);
  out.put(e.delivered_instructions);
  return out.bytes();
}

InputEvent decode_input(StateReader& in) {
  InputEvent e;
  e.input = read_input(in);
  e.delivered_cycle = in.get<uint64_t>();
  e.delivered_instructions = in.get<uint64_t>();
  return e;
}

std::vector<uint8_t> encode_output(const OutputEvent& e) {
  StateWriter out;
  out.put(e.channel);
  out.put(e.instructions);
  out.put<uint32_t>(static_cast<uint32_t>(e.bytes.size()));
  out.put_bytes(e.bytes);
  return out.bytes();
}

OutputEvent decode_output(StateReader& in) {
  OutputEvent e;
  e.channel = in.get<uint8_t>();
  in.expect(e.channel <= 1, "unknown output channel " + std::to_string(e.channel));
  e.instructions = in.get<uint64_t>();
  auto n = in.get<uint32_t>();
  in.expect(n <= in.remaining(), "output bytes run past the record");
  e.bytes.resize(n);
  if (n) in.get_bytes(e.bytes);
  return e;
}

void encode_instruction(StateWriter& out, const InstructionEvent& e) {
  out.put(e.index);
  out.put(e.cycle);
  out.put(e.eip);
  out.put<uint8_t>(e.code32 ? 1 : 0);
  out.put<uint8_t>(static_cast<uint8_t>(e.bytes.size()));
  out.put_bytes(e.bytes);
  out.put<uint8_t>(static_cast<uint8_t>(e.registers.size()));
  for (const auto& r : e.registers) {
    out.put(r.reg);
    out.put(r.value);
  }
  out.put<uint32_t>(static_cast<uint32_t>(e.writes.size()));
  for (const auto& w : e.writes) {
    out.put(w.linear);
    out.put(w.phys);
    out.put(w.size);
    out.put(w.value);
  }
  out.put<uint32_t>(static_cast<uint32_t>(e.ports.size()));
  for (const auto& p : e.ports) {
    out.put(p.port);
    out.put(p.size);
    out.put<uint8_t>(p.write ? 1 : 0);
    out.put(p.value);
  }
  out.put<uint8_t>(static_cast<uint8_t>(e.events.size()));
  for (const auto& v : e.events) {
    out.put(v.kind);
    out.put(v.vector);
    out.put<uint8_t>(v.has_error ? 1 : 0);
    out.put(v.error);
  }
}

InstructionEvent decode_instruction(StateReader& in) {
  InstructionEvent e;
  e.index = in.get<uint64_t>();
  e.cycle = in.get<uint64_t>();
  e.eip = in.get<uint32_t>();
  auto code32 = in.get<uint8_t>();
  in.expect(code32 <= 1, "bad code-size flag");
  e.code32 = code32 != 0;
  auto nbytes = in.get<uint8_t>();
  in.expect(nbytes <= 15, "instruction longer than 15 bytes");
  e.bytes.resize(nbytes);
  if (nbytes) in.get_bytes(e.bytes);
  auto nregs = in.get<uint8_t>();
  for (unsigned i = 0; i < nregs; ++i) {
    InstructionEvent::RegisterChange r;
    r.reg = in.get<uint8_t>();
    r.value = in.get<uint32_t>();
    e.registers.push_back(r);
  }
  auto nwrites = in.get<uint32_t>();
  in.expect(nwrites <= in.remaining() / 13, "implausible memory write count");
  for (uint32_t i = 0; i < nwrites; ++i) {
    InstructionEvent::MemoryWrite w;
    w.linear = in.get<uint32_t>();
    w.phys = in.get<uint32_t>();
    w.size = in.get<uint8_t>();
    w.value = in.get<uint32_t>();
    e.writes.push_back(w);
  }
  auto nports = in.get<uint32_t>();
  in.expect(nports <= in.remaining() / 8, "implausible port access count");
  for (uint32_t i = 0; i < nports; ++i) {
    InstructionEvent::PortAccess p;
    p.port = in.get<uint16_t>();
    p.size = in.get<uint8_t>();
    auto write = in.get<uint8_t>();
    in.expect(write <= 1, "bad port direction");
    p.write = write != 0;
    p.value = in.get<uint32_t>();
    e.ports.push_back(p);
  }
  auto nevents = in.get<uint8_t>();
  for (unsigned i = 0; i < nevents; ++i) {
    InstructionEvent::Event v;
    v.kind = in.get<uint8_t>();
    in.expect(v.kind == 1 || v.kind == 2, "unknown event kind " + std::to_string(v.kind));
    v.vector = in.get<uint8_t>();
    auto has_error = in.get<uint8_t>();
    in.expect(has_error <= 1, "bad error-code flag");
    v.has_error = has_error != 0;
    v.error = in.get<uint32_t>();
    e.events.push_back(v);
  }
  return e;
}

namespace {

// Stop reasons in the file have their own stable codes (docs/trace-format.md).
constexpr MachineStop kStopCodes[] = {MachineStop::kGuestExit,    MachineStop::kStopText,
                                      MachineStop::kResetRequest, MachineStop::kHaltedForever,
                                      MachineStop::kTripleFault,  MachineStop::kLimit,
                                      MachineStop::kObserver};

uint8_t stop_code(MachineStop stop) {
  for (uint8_t i = 0; i < std::size(kStopCodes); ++i) {
    if (kStopCodes[i] == stop) return i;
  }
  return 0xFF;
}

}  // namespace

void encode_end(StateWriter& out, const EndEvent& e, CheckpointCodec& codec) {
  out.put(stop_code(e.stop));
  out.put(e.exit_value);
  codec.encode(out, e.final_state);
}

EndEvent decode_end(StateReader& in, CheckpointCodec& codec) {
  EndEvent e;
  auto stop = in.get<uint8_t>();
  in.expect(stop < std::size(kStopCodes), "unknown stop reason " + std::to_string(stop));
  e.stop = kStopCodes[stop];
  e.exit_value = in.get<uint32_t>();
  e.final_state = codec.decode(in);
  return e;
}

TraceContents read_trace(std::span<const uint8_t> file, const std::string& origin,
                         bool with_instructions) {
  TraceReader reader(file, origin);
  TraceContents t;
  CheckpointCodec codec;
  TraceRecord record;
  bool have_header = false;
  while (reader.next(record)) {
    std::string where = origin + " (chunk at offset " + std::to_string(record.chunk_offset) + ")";
    StateReader in(record.body, where, record.payload_offset);
    if (!have_header && record.type != RecordType::kHeader) {
      in.fail("the first record is not the trace header");
    }
    if (t.end) in.fail("record after the end record");
    switch (record.type) {
      case RecordType::kHeader:
        in.expect(!have_header, "second trace header");
        t.header = decode_header(in);
        have_header = true;
        break;
      case RecordType::kInput: t.inputs.push_back(decode_input(in)); break;
      case RecordType::kCheckpoint: {
        Checkpoint c = codec.decode(in);
        in.expect(c.index == t.checkpoints.size(),
                  "checkpoint " + std::to_string(c.index) + " out of sequence");
        t.checkpoints.push_back(std::move(c));
        break;
      }
      case RecordType::kOutput: t.outputs.push_back(decode_output(in)); break;
      case RecordType::kInstruction:
        // Skipped unless wanted: InstructionStream reads them one at a time.
        if (with_instructions) t.instructions.push_back(decode_instruction(in));
        break;
      case RecordType::kEnd: t.end = decode_end(in, codec); break;
    }
    if (!with_instructions && record.type == RecordType::kInstruction) continue;
    if (!reader.newer_minor_version()) {
      in.expect(in.remaining() == 0, "unexpected bytes at the end of the record");
    }
  }
  if (!have_header) {
    throw InputError::at(
        origin, reader.complete_bytes(),
        reader.truncated() ? "truncated before the trace header" : "no trace header");
  }
  t.truncated = reader.truncated();
  t.complete_bytes = reader.complete_bytes();
  return t;
}

bool InstructionStream::next(InstructionEvent& event) {
  while (reader_.next(record_)) {
    if (record_.type != RecordType::kInstruction) continue;
    StateReader in(
        record_.body,
        reader_.origin() + " (chunk at offset " + std::to_string(record_.chunk_offset) + ")",
        record_.payload_offset);
    event = decode_instruction(in);
    return true;
  }
  return false;
}

TraceContents read_trace_file(const std::string& path, bool with_instructions) {
  return read_trace(read_host_file(path), path, with_instructions);
}

}  // namespace mkemu::traces
