#include "frontend/debugger/debug_session.h"

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

}  // namespace

int run_debug_session(const MachineOptions& options, const DebugSessionOptions& session) {
  BootedMachine booted = build_and_boot(options);
  Machine& m = *booted.machine;
  Debugger dbg(m, run_limits(options));
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
