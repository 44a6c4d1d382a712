#include "frontend/debugger/debug_session.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>

#include "frontend/debugger/console.h"
#include "frontend/debugger/line_reader.h"
#include "frontend/exit_status.h"
#include "frontend/gdb/gdb_server.h"
#include "frontend/machine_setup.h"
#include "platform/core/errors.h"
#include "platform/core/host_file.h"
#include "traces/input_schedule.h"
#include "traces/run_hook.h"

namespace mkemu {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_sigint(int) {
  g_interrupted = 1;
}

// Ctrl-C breaks into the console while the machine runs (not while it waits
// for input: then the terminal's usual meaning applies).
class SigintGuard {
 public:
  SigintGuard() {
    struct sigaction sa = {};
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_);
  }
  ~SigintGuard() { sigaction(SIGINT, &old_, nullptr); }

 private:
  struct sigaction old_ = {};
};

void print(const std::string& text) {
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
}

// Runs the script's lines; returns false if a command failed.
bool run_script(Console& console, const std::string& path, bool& quit) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot read the script");
  bool ok = true;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    print("(mkemu) " + line + "\n");
    g_interrupted = 0;  // a Ctrl-C before the command does not stop it
    std::string out;
    Console::Result r = console.execute(line, out);
    print(out);
    if (r == Console::Result::kError) ok = false;
    if (r == Console::Result::kQuit) {
      quit = true;
      break;
    }
  }
  return ok;
}

void interactive_loop(Console& console) {
  LineReader reader("(mkemu) ");
  std::string line, previous;
  while (reader.read(line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) line = previous;  // repeat, as gdb
    previous = line;
    g_interrupted = 0;  // Ctrl-C at the prompt does not stop the next command
    std::string out;
    Console::Result r = console.execute(line, out);
    print(out);
    if (r == Console::Result::kQuit) break;
  }
}

// The recording's inputs and where it ends (its final state, or the last
// checkpoint of a truncated trace).
void use_recording(const traces::TraceContents& trace, RunLimits& limits,
                   std::vector<traces::ExternalInput>& inputs) {
  for (const traces::InputEvent& e : trace.inputs) inputs.push_back(e.input);
  if (trace.end) {
    limits.max_instructions =
        std::min(limits.max_instructions, trace.end->final_state.instructions);
    limits.max_cycles = std::min(limits.max_cycles, trace.end->final_state.cycles);
  } else if (!trace.checkpoints.empty()) {
    limits.max_instructions =
        std::min(limits.max_instructions, trace.checkpoints.back().instructions);
  }
}

}  // namespace

void prepare_debug_replay(MachineOptions& machine, DebugSessionOptions& session) {
  if (session.replay.empty()) return;
  if (!machine.config.kernel.empty() || !machine.config.rom.empty() || !session.input.empty()) {
    throw InputError(
        "--replay takes the machine and its inputs from the recording: no --kernel, "
        "--rom or --input with it");
  }
  auto trace =
      std::make_shared<traces::TraceContents>(traces::read_trace_file(session.replay, false));
  MachineOptions from;
  options_from_identity(trace->header.identity, from, session.replay);
  machine.config.machine = from.config.machine;
  machine.config.ram_mib = from.config.ram_mib;
  machine.config.kernel = from.config.kernel;
  machine.config.append = from.config.append;
  machine.config.rom = from.config.rom;
  machine.config.no_reboot = from.config.no_reboot;
  machine.cpu_text = from.cpu_text;
  machine.module_texts = from.module_texts;
  machine.clock_mhz = from.clock_mhz;
  machine.stop_on = trace->header.stop_on;
  session.recording = std::move(trace);
}

void check_debug_replay(const MachineOptions& machine, const DebugSessionOptions& session) {
  if (!session.recording) return;
  traces::check_same_machine(session.recording->header.identity, identity_of(machine),
                             session.replay);
}

int run_debug_session(const MachineOptions& options, const DebugSessionOptions& session) {
  RunLimits limits = run_limits(options);
  std::vector<traces::ExternalInput> inputs;
  if (!session.input.empty()) inputs = traces::read_input_schedule(session.input);
  if (session.recording) use_recording(*session.recording, limits, inputs);
  BootedMachine booted = build_and_boot(options);
  Machine& m = *booted.machine;
  Debugger dbg(m, limits);
  dbg.history().set_inputs(std::move(inputs));
  dbg.history().configure(session.snapshot_every, session.snapshots_kept);
  dbg.set_limits_end_recording(session.recording != nullptr);
  if (session.recording) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "replaying %s: %zu recorded inputs, the recording ends at instruction %llu\n",
                  session.replay.c_str(), session.recording->inputs.size(),
                  static_cast<unsigned long long>(limits.max_instructions));
    print(line);
  }
  if (!options.config.kernel.empty()) dbg.symbols().load_elf(read_host_file(options.config.kernel));
  for (const std::string& file : session.symbol_files) dbg.symbols().load_elf(read_host_file(file));
  Console console(dbg);
  SigintGuard guard;
  dbg.poll_interrupt = [] {
    if (!g_interrupted) return false;
    g_interrupted = 0;
    return true;
  };
  print(console.current_instruction_line());

  bool script_ok = true, quit = false;
  if (!session.script.empty()) script_ok = run_script(console, session.script, quit);
  if (!quit && !session.gdb.empty()) {
    GdbSessionEnd end = serve_gdb(dbg, console, parse_gdb_endpoint(session.gdb));
    if (end == GdbSessionEnd::kDetached && session.run_after_detach) {
      dbg.poll_interrupt = nullptr;
      dbg.history().configure(0, 1);  // nobody can go back any more
      dbg.delete_all("gdb");
      StopEvent stop = dbg.cont();
      booted.flush_outputs();
      if (stop.machine) return exit_status_for(*stop.machine, m);
      return kExitOk;
    }
    quit = true;
  }
  if (!quit && session.script.empty() && session.interactive) interactive_loop(console);
  booted.flush_outputs();
  if (!script_ok) return kExitUsage;
  const StopEvent& last = dbg.last_stop();
  if (last.reason == StopReason::kMachine && last.machine &&
      last.machine->stop == MachineStop::kGuestExit) {
    return guest_exit_status(last.machine->exit_value);
  }
  return kExitOk;
}

}  // namespace mkemu
