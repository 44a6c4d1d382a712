#include "traces/recorder.h"

#include <memory>

#include "traces/instruction_tracer.h"
#include "traces/run_driver.h"
#include "traces/trace_records.h"

namespace mkemu::traces {
namespace {

// Taps the machine's output: tallies it for checkpoints and buffers it for
// Output records, passing every byte on to the original sink.
class OutputTap {
 public:
  explicit OutputTap(Machine& machine) : machine_(machine), original_(machine.on_output) {
    machine.on_output = [this](OutputChannel channel, uint8_t byte) {
      bool serial = channel == OutputChannel::kSerial;
      (serial ? serial_ : debugcon_).add(byte);
      (serial ? serial_buffer_ : debugcon_buffer_).push_back(byte);
      if (original_) original_(channel, byte);
    };
  }
  ~OutputTap() { machine_.on_output = original_; }

  void flush(const RecordSink& sink) {
    uint64_t insns = machine_.cpu.instructions_retired();
    for (auto channel : {OutputChannel::kSerial, OutputChannel::kDebugConsole}) {
      auto& buffer = channel == OutputChannel::kSerial ? serial_buffer_ : debugcon_buffer_;
      if (buffer.empty()) continue;
      sink(RecordType::kOutput,
           encode_output({static_cast<uint8_t>(channel), insns, std::move(buffer)}));
      buffer.clear();
    }
  }
  const OutputTally& serial() const { return serial_; }
  const OutputTally& debugcon() const { return debugcon_; }

 private:
  Machine& machine_;
  std::function<void(OutputChannel, uint8_t)> original_;
  OutputTally serial_, debugcon_;
  std::vector<uint8_t> serial_buffer_, debugcon_buffer_;
};

}  // namespace

RecordSummary record_run(Machine& machine, const MachineIdentity& identity,
                         const RecordSettings& settings, InputQueue& inputs,
                         const RunLimits& limits, const RecordSink& sink) {
  TraceHeader header;
  header.producer = settings.producer;
  header.identity = identity;
  header.checkpoint_interval = settings.checkpoint_interval;
  header.flags = settings.instructions ? kHeaderFlagInstructions : 0;
  header.register_names = register_names();
  header.stop_on = settings.stop_on;
  sink(RecordType::kHeader, encode_header(header));

  RecordSummary summary;
  OutputTap tap(machine);
  CheckpointCodec codec;
  StateWriter scratch;
  auto checkpoint = [&](Machine& m) {
    tap.flush(sink);
    scratch.clear();
    codec.encode(scratch, take_checkpoint(m, summary.checkpoints++, tap.serial(), tap.debugcon()));
    sink(RecordType::kCheckpoint, scratch.bytes());
  };
  std::unique_ptr<InstructionTracer> tracer;
  if (settings.instructions) {
    tracer = std::make_unique<InstructionTracer>(machine, [&](const InstructionEvent& e) {
      scratch.clear();
      encode_instruction(scratch, e);
      sink(RecordType::kInstruction, scratch.bytes());
      ++summary.instructions_recorded;
    });
  }
  checkpoint(machine);

  DriveHooks hooks;
  hooks.checkpoint_interval = settings.checkpoint_interval;
  hooks.on_checkpoint = checkpoint;
  hooks.host_poll = settings.host_poll;
  hooks.on_input = [&](Machine& m, const ExternalInput& input) {
    if (tracer) tracer->flush();
    sink(RecordType::kInput, encode_input({input, m.clock.cycles, m.cpu.instructions_retired()}));
    ++summary.inputs;
  };
  summary.result = drive_machine(machine, inputs, limits, hooks);
  if (tracer) tracer->flush();
  tracer.reset();
  tap.flush(sink);
  EndEvent end;
  end.stop = summary.result.stop;
  end.exit_value = summary.result.exit_value;
  end.final_state = take_checkpoint(machine, summary.checkpoints, tap.serial(), tap.debugcon());
  scratch.clear();
  encode_end(scratch, end, codec);
  sink(RecordType::kEnd, scratch.bytes());
  return summary;
}

}  // namespace mkemu::traces
