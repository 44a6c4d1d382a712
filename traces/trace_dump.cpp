#include "traces/trace_dump.h"

#include "traces/hex_text.h"

namespace mkemu::traces {
namespace {

std::string quoted(std::span<const uint8_t> bytes) {
  std::string s = "\"";
  for (uint8_t b : bytes) {
    if (b == '\n') {
      s += "\\n";
    } else if (b == '\r') {
      s += "\\r";
    } else if (b == '\t') {
      s += "\\t";
    } else if (b == '"' || b == '\\') {
      s += '\\';
      s += static_cast<char>(b);
    } else if (b >= 0x20 && b < 0x7F) {
      s += static_cast<char>(b);
    } else {
      s += "\\x" + hex(b, 2).substr(2);
    }
  }
  return s + "\"";
}

std::string input_text(const ExternalInput& input) {
  std::string s = "stamp " + std::to_string(input.cycle) + " " + input_kind_name(input.kind);
  if (input.kind == InputKind::kPoke)
    s += " " + hex(input.address, 8) + " " + hex_bytes(input.bytes);
  else
    s += " " + quoted(input.bytes);
  return s;
}

std::string checkpoint_text(const Checkpoint& c) {
  return "checkpoint " + std::to_string(c.index) + ": instruction " +
         std::to_string(c.instructions) + ", cycle " + std::to_string(c.cycles) + ", state " +
         hex(c.total, 16) + ", ram " + hex(c.ram, 16) + ", serial " +
         std::to_string(c.serial.bytes) + " bytes";
}

bool wanted(const InstructionEvent& e, const DumpFilter& f) {
  if (e.index < f.from || e.index > f.to) return false;
  if (e.eip < f.eip_low || e.eip > f.eip_high) return false;
  if (f.port >= 0) {
    bool touches = false;
    for (const auto& p : e.ports) touches |= p.port == f.port;
    if (!touches) return false;
  }
  return true;
}

// The comparisons speak of "recorded" and "replay": in a diff they are A and B.
void as_a_and_b(std::vector<std::string>& lines) {
  for (std::string& line : lines) {
    for (auto [from, to] :
         {std::pair<std::string, std::string>{"recorded", "A"}, {"replay", "B"}}) {
      for (size_t p = line.find(from); p != std::string::npos; p = line.find(from, p + to.size())) {
        line.replace(p, from.size(), to);
      }
    }
  }
}

}  // namespace

bool dump_trace(std::span<const uint8_t> file, const std::string& origin, const DumpFilter& f,
                const Disassembler& disassemble, const LineSink& emit) {
  TraceReader reader(file, origin);
  CheckpointCodec codec;
  TraceRecord record;
  std::vector<std::string> names = register_names();
  bool have_header = false;
  while (reader.next(record)) {
    StateReader in(record.body,
                   origin + " (chunk at offset " + std::to_string(record.chunk_offset) + ")",
                   record.payload_offset);
    if (!have_header && record.type != RecordType::kHeader) {
      in.fail("the first record is not the trace header");
    }
    switch (record.type) {
      case RecordType::kHeader: {
        TraceHeader h = decode_header(in);
        have_header = true;
        names = h.register_names;
        if (!f.header) break;
        emit("trace " + origin + ": format " + std::to_string(kTraceVersionMajor) + "." +
             std::to_string(kTraceVersionMinor) + ", made by " + h.producer);
        std::string options = "machine:";
        for (const auto& [key, value] : h.identity.options)
          options += " --" + key + " '" + value + "'";
        emit(options);
        for (const ImageHash& image : h.identity.images) {
          emit("image " + image.role + " " + image.path + ": " + std::to_string(image.size) +
               " bytes, hash " + hex(image.hash, 16));
        }
        emit("checkpoints every " + std::to_string(h.checkpoint_interval) +
             " instructions; instruction records: " +
             ((h.flags & kHeaderFlagInstructions) ? "yes" : "no"));
        break;
      }
      case RecordType::kInput: {
        InputEvent e = decode_input(in);
        if (f.inputs && e.delivered_instructions >= f.from && e.delivered_instructions <= f.to) {
          emit("input " + input_text(e.input) + ", delivered at instruction " +
               std::to_string(e.delivered_instructions) + ", cycle " +
               std::to_string(e.delivered_cycle));
        }
        break;
      }
      case RecordType::kCheckpoint: {
        Checkpoint c = codec.decode(in);
        if (f.checkpoints && c.instructions >= f.from && c.instructions <= f.to) {
          emit(checkpoint_text(c));
        }
        break;
      }
      case RecordType::kOutput: {
        OutputEvent e = decode_output(in);
        if (f.output && e.instructions >= f.from && e.instructions <= f.to) {
          emit(std::string(e.channel == 0 ? "serial" : "debug-console") +
               " output by instruction " + std::to_string(e.instructions) + ": " + quoted(e.bytes));
        }
        break;
      }
      case RecordType::kInstruction: {
        InstructionEvent e = decode_instruction(in);
        if (f.instructions && wanted(e, f)) {
          emit(describe_instruction(e, disassemble));
          for (const std::string& line : describe_effects(e, names)) emit("    " + line);
        }
        break;
      }
      case RecordType::kEnd: {
        EndEvent e = decode_end(in, codec);
        if (f.end) {
          emit(std::string("end: ") + stop_name(e.stop) +
               (e.stop == MachineStop::kGuestExit ? " value " + hex(e.exit_value) : "") +
               "; final " + checkpoint_text(e.final_state));
        }
        break;
      }
    }
    if (!reader.newer_minor_version()) {
      in.expect(in.remaining() == 0, "unexpected bytes at the end of the record");
    }
  }
  if (!have_header) throw InputError::at(origin, reader.complete_bytes(), "no trace header");
  if (reader.truncated()) {
    emit("(trace truncated: complete chunks end at offset " +
         std::to_string(reader.complete_bytes()) + " of " + std::to_string(file.size()) + ")");
  }
  return !reader.truncated();
}

TraceDiff diff_traces(const TraceContents& a, const TraceContents& b,
                      const Disassembler& disassemble, InstructionSource next_a,
                      InstructionSource next_b) {
  auto from_vector = [](const std::vector<InstructionEvent>& v) {
    return [&v, i = size_t{0}](InstructionEvent& e) mutable {
      if (i >= v.size()) return false;
      e = v[i++];
      return true;
    };
  };
  if (!next_a) next_a = from_vector(a.instructions);
  if (!next_b) next_b = from_vector(b.instructions);
  TraceDiff d;
  auto differ = [&d](const std::string& headline, const std::vector<std::string>& lines) {
    d.differ = true;
    d.report = "traces differ: " + headline + "\n";
    for (const std::string& line : lines) d.report += "  " + line + "\n";
    return d;
  };
  if (!(a.header.identity == b.header.identity)) {
    std::vector<std::string> lines;
    std::string ta, tb;
    for (const auto& [k, v] : a.header.identity.options) ta += " --" + k + " '" + v + "'";
    for (const auto& [k, v] : b.header.identity.options) tb += " --" + k + " '" + v + "'";
    lines.push_back("A:" + ta);
    lines.push_back("B:" + tb);
    for (size_t i = 0;
         i < std::max(a.header.identity.images.size(), b.header.identity.images.size()); ++i) {
      auto text = [i](const TraceContents& t) {
        if (i >= t.header.identity.images.size()) return std::string("(none)");
        const ImageHash& h = t.header.identity.images[i];
        return h.role + " " + h.path + " hash " + hex(h.hash, 16);
      };
      if (text(a) != text(b))
        lines.push_back("image " + std::to_string(i) + ": A " + text(a) + ", B " + text(b));
    }
    return differ("recorded on different machines or images", lines);
  }
  const auto& names = a.header.register_names;
  // The most precise difference first: instruction records, when both have them.
  uint64_t count_a = 0, count_b = 0;
  for (;;) {
    InstructionEvent ea, eb;
    bool has_a = next_a(ea), has_b = next_b(eb);
    count_a += has_a;
    count_b += has_b;
    if (!has_a || !has_b) {
      while (has_a && next_a(ea)) ++count_a;
      while (has_b && next_b(eb)) ++count_b;
      break;
    }
    auto lines = compare_instructions(ea, eb, names);
    if (lines.empty()) continue;
    as_a_and_b(lines);
    lines.insert(lines.begin(), "B: " + describe_instruction(eb, disassemble));
    lines.insert(lines.begin(), "A: " + describe_instruction(ea, disassemble));
    return differ("first divergent instruction record #" + std::to_string(count_a - 1), lines);
  }
  size_t m = std::min(a.inputs.size(), b.inputs.size());
  for (size_t i = 0; i < m; ++i) {
    if (a.inputs[i] == b.inputs[i]) continue;
    return differ("input " + std::to_string(i) + " differs",
                  {"A: " + input_text(a.inputs[i].input) + " at instruction " +
                       std::to_string(a.inputs[i].delivered_instructions),
                   "B: " + input_text(b.inputs[i].input) + " at instruction " +
                       std::to_string(b.inputs[i].delivered_instructions)});
  }
  size_t c = std::min(a.checkpoints.size(), b.checkpoints.size());
  for (size_t i = 0; i < c; ++i) {
    auto lines = compare_checkpoints(a.checkpoints[i], b.checkpoints[i], names);
    if (lines.empty()) continue;
    std::string interval =
        i == 0 ? "at the start"
               : "between instruction " + std::to_string(a.checkpoints[i - 1].instructions) +
                     " (cycle " + std::to_string(a.checkpoints[i - 1].cycles) +
                     ") and instruction " + std::to_string(a.checkpoints[i].instructions) +
                     " (cycle " + std::to_string(a.checkpoints[i].cycles) + ")";
    as_a_and_b(lines);
    return differ("checkpoint " + std::to_string(i) + " differs: diverged " + interval, lines);
  }
  if (a.checkpoints.size() != b.checkpoints.size() || count_a != count_b ||
      a.inputs.size() != b.inputs.size()) {
    return differ(
        "one trace is longer",
        {"A: " + std::to_string(a.checkpoints.size()) + " checkpoints, " + std::to_string(count_a) +
             " instruction records, " + std::to_string(a.inputs.size()) + " inputs",
         "B: " + std::to_string(b.checkpoints.size()) + " checkpoints, " + std::to_string(count_b) +
             " instruction records, " + std::to_string(b.inputs.size()) + " inputs"});
  }
  if (a.end.has_value() != b.end.has_value()) {
    return differ(std::string("only trace ") + (a.end ? "A" : "B") + " has an end record", {});
  }
  if (a.end) {
    auto lines = compare_checkpoints(a.end->final_state, b.end->final_state, names);
    if (a.end->stop != b.end->stop) {
      lines.insert(lines.begin(), std::string("stop: A ") + stop_name(a.end->stop) + ", B " +
                                      stop_name(b.end->stop));
    }
    if (!lines.empty()) return differ("the end states differ", lines);
  }
  d.report = "traces match: " + std::to_string(a.checkpoints.size()) + " checkpoints, " +
             std::to_string(count_a) + " instruction records\n";
  return d;
}

}  // namespace mkemu::traces
