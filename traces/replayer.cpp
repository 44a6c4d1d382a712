#include "traces/replayer.h"

#include <memory>

#include "traces/hex_text.h"
#include "traces/instruction_tracer.h"
#include "traces/run_driver.h"

namespace mkemu::traces {
namespace {

class Verifier {
 public:
  Verifier(Machine& machine, const TraceContents& trace, const ReplaySettings& settings)
      : machine_(machine), trace_(trace), settings_(settings), names_(trace.header.register_names) {
    original_output_ = machine.on_output;
    machine.on_output = [this](OutputChannel channel, uint8_t byte) {
      (channel == OutputChannel::kSerial ? serial_ : debugcon_).add(byte);
      if (original_output_) original_output_(channel, byte);
    };
  }
  ~Verifier() { machine_.on_output = original_output_; }

  ReplayOutcome run() {
    InputQueue inputs;
    for (const InputEvent& e : trace_.inputs) inputs.add(e.input);
    for (const ExternalInput& e : settings_.injections) {
      inputs.add(e);
      injections_.push_back(e);
    }
    RunLimits limits;
    if (trace_.end) {
      limits.max_instructions = trace_.end->final_state.instructions;
      limits.max_cycles = trace_.end->final_state.cycles;
    } else if (!trace_.checkpoints.empty()) {
      limits.max_instructions = trace_.checkpoints.back().instructions;
    }
    std::unique_ptr<InstructionTracer> tracer;
    if (settings_.verify && (trace_.header.flags & kHeaderFlagInstructions)) {
      tracer = std::make_unique<InstructionTracer>(
          machine_, [this](const InstructionEvent& e) { check_instruction(e); });
    }
    DriveHooks hooks;
    hooks.checkpoint_interval = trace_.header.checkpoint_interval;
    hooks.on_checkpoint = [this](Machine&) { check_checkpoint(); };
    hooks.on_input = [this](Machine&, const ExternalInput& input) { check_input(input); };
    if (settings_.verify) check_checkpoint();
    if (!outcome_.diverged) outcome_.result = drive_machine(machine_, inputs, limits, hooks);
    if (tracer) tracer->flush();
    tracer.reset();
    if (settings_.verify && !outcome_.diverged) check_end();
    if (!outcome_.diverged && !pending_instruction_.empty()) {
      diverge("the run ended after instruction records diverged", {});
    }
    if (!outcome_.diverged) {
      outcome_.report = "replay matches: " + std::to_string(outcome_.checkpoints_verified) +
                        " checkpoints verified over " +
                        std::to_string(machine_.cpu.instructions_retired()) + " instructions";
      if (outcome_.instructions_verified) {
        outcome_.report +=
            ", " + std::to_string(outcome_.instructions_verified) + " instruction records";
      }
      if (trace_.truncated) outcome_.report += " (the trace is truncated: verified up to its end)";
    }
    return std::move(outcome_);
  }

 private:
  void check_checkpoint() {
    if (!settings_.verify || outcome_.diverged) return;
    size_t k = next_checkpoint_++;
    if (k >= trace_.checkpoints.size()) return;  // past a truncated trace's end
    const Checkpoint& recorded = trace_.checkpoints[k];
    Checkpoint replayed = take_checkpoint(machine_, k, serial_, debugcon_);
    auto diffs = compare_checkpoints(recorded, replayed, names_);
    if (diffs.empty() && pending_instruction_.empty()) {
      ++outcome_.checkpoints_verified;
      return;
    }
    std::string interval;
    if (k == 0) {
      interval = "at the start (checkpoint 0, before the first instruction)";
    } else {
      const Checkpoint& before = trace_.checkpoints[k - 1];
      interval = "between checkpoint " + std::to_string(k - 1) + " (instruction " +
                 std::to_string(before.instructions) + ", cycle " + std::to_string(before.cycles) +
                 ") and checkpoint " + std::to_string(k) + " (instruction " +
                 std::to_string(recorded.instructions) + ", cycle " +
                 std::to_string(recorded.cycles) + ")";
    }
    diverge("first mismatching checkpoint " + std::to_string(k) + ": diverged " + interval, diffs);
  }

  void check_end() {
    const Checkpoint* recorded = trace_.end ? &trace_.end->final_state : nullptr;
    if (!recorded) return;
    Checkpoint replayed = take_checkpoint(machine_, recorded->index, serial_, debugcon_);
    auto diffs = compare_checkpoints(*recorded, replayed, names_);
    if (outcome_.result.stop != trace_.end->stop) {
      diffs.insert(diffs.begin(), std::string("the run stopped with ") +
                                      stop_name(outcome_.result.stop) + ", recorded " +
                                      stop_name(trace_.end->stop));
    }
    if (diffs.empty()) return;
    std::string after = trace_.checkpoints.empty()
                            ? std::string("the start")
                            : "checkpoint " + std::to_string(trace_.checkpoints.size() - 1) +
                                  " (instruction " +
                                  std::to_string(trace_.checkpoints.back().instructions) + ")";
    diverge("the end state differs: diverged between " + after + " and the end (instruction " +
                std::to_string(recorded->instructions) + ", cycle " +
                std::to_string(recorded->cycles) + ")",
            diffs);
  }

  void check_input(const ExternalInput& input) {
    if (!settings_.verify || outcome_.diverged) return;
    for (auto it = injections_.begin(); it != injections_.end(); ++it) {
      if (*it == input) {
        injections_.erase(it);
        return;
      }
    }
    size_t k = next_input_++;
    if (k >= trace_.inputs.size()) return;
    const InputEvent& recorded = trace_.inputs[k];
    InputEvent replayed{input, machine_.clock.cycles, machine_.cpu.instructions_retired()};
    if (recorded == replayed) return;
    diverge("input " + std::to_string(k) + " (" + input_kind_name(input.kind) + ", stamp " +
                std::to_string(input.cycle) + ") was delivered at instruction " +
                std::to_string(replayed.delivered_instructions) + ", cycle " +
                std::to_string(replayed.delivered_cycle) + "; recorded at instruction " +
                std::to_string(recorded.delivered_instructions) + ", cycle " +
                std::to_string(recorded.delivered_cycle),
            {});
  }

  void check_instruction(const InstructionEvent& replayed) {
    if (outcome_.diverged || !pending_instruction_.empty()) return;
    size_t k = next_instruction_++;
    InstructionEvent streamed;
    const InstructionEvent* found = nullptr;
    if (settings_.recorded_instructions) {
      if (settings_.recorded_instructions(streamed)) found = &streamed;
    } else if (k < trace_.instructions.size()) {
      found = &trace_.instructions[k];
    }
    if (!found) return;  // past a truncated trace's records
    const InstructionEvent& recorded = *found;
    auto diffs = compare_instructions(recorded, replayed, names_);
    if (diffs.empty()) {
      ++outcome_.instructions_verified;
      return;
    }
    // Keep running to the next checkpoint so the report also names the
    // components that differ there.
    pending_instruction_ = "first divergent instruction:\n  recorded " +
                           describe_instruction(recorded, settings_.disassemble) + "\n  replay   " +
                           describe_instruction(replayed, settings_.disassemble);
    for (const std::string& d : diffs) pending_instruction_ += "\n    " + d;
  }

  void diverge(const std::string& headline, const std::vector<std::string>& diffs) {
    outcome_.diverged = true;
    std::string r = "replay diverged: " + headline + "\n";
    for (const std::string& d : diffs) r += "  " + d + "\n";
    if (!pending_instruction_.empty()) r += pending_instruction_ + "\n";
    outcome_.report = r;
    machine_.observers.request_stop();
  }

  Machine& machine_;
  const TraceContents& trace_;
  const ReplaySettings& settings_;
  const std::vector<std::string>& names_;
  std::function<void(OutputChannel, uint8_t)> original_output_;
  OutputTally serial_, debugcon_;
  std::vector<ExternalInput> injections_;
  size_t next_checkpoint_ = 0, next_input_ = 0, next_instruction_ = 0;
  std::string pending_instruction_;
  ReplayOutcome outcome_;
};

}  // namespace

ReplayOutcome replay_run(Machine& machine, const TraceContents& trace,
                         const ReplaySettings& settings) {
  Verifier verifier(machine, trace, settings);
  return verifier.run();
}

}  // namespace mkemu::traces
