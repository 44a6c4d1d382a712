// The trace subcommands (record, replay, trace dump, trace diff) and the
// trace options of `mkemu run` (traces/run_hook.h). The machinery lives in
// traces/; this file maps command lines onto it.
#include <cstdio>
#include <memory>

#include "frontend/command.h"
#include "frontend/disassembler.h"
#include "frontend/exit_status.h"
#include "frontend/machine_options.h"
#include "frontend/machine_setup.h"
#include "platform/core/errors.h"
#include "platform/core/host_file.h"
#include "traces/input_schedule.h"
#include "traces/recorder.h"
#include "traces/replayer.h"
#include "traces/run_driver.h"
#include "traces/run_hook.h"
#include "traces/snapshot_file.h"
#include "traces/trace_dump.h"

namespace mkemu {
namespace {

using namespace traces;

// Replay found a divergence / trace diff found a difference.
constexpr int kExitDiverged = 10;

constexpr const char* kTraceExitHelp =
    "Exit status:\n"
    "  0    replay --verify: every checkpoint matched; trace diff: the traces match\n"
    "  10   replay --verify: the replay diverged (the report names where);\n"
    "       trace diff: the traces differ\n"
    "  2    bad usage, or an unusable, corrupted or wrong-version trace or snapshot\n"
    "       (the message names the file offset)\n"
    "  8    internal error\n"
    "record, and replay without --verify, exit as `mkemu run` does (see run --help).\n";

}  // namespace

MachineIdentity identity_of(const MachineOptions& o) {
  MachineIdentity id;
  const MachineConfig& c = o.config;
  id.options = {{"machine", c.machine},
                {"cpu", o.cpu_text},
                {"mem", std::to_string(c.ram_mib)},
                {"clock", std::to_string(o.clock_mhz)}};
  if (!c.kernel.empty()) id.options.emplace_back("kernel", c.kernel);
  if (!c.append.empty()) id.options.emplace_back("append", c.append);
  for (const std::string& m : o.module_texts) id.options.emplace_back("module", m);
  if (!c.rom.empty()) id.options.emplace_back("rom", c.rom);
  if (c.no_reboot) id.options.emplace_back("no-reboot", "1");
  if (!c.kernel.empty()) id.images.push_back(hash_image("kernel", c.kernel));
  for (const MultibootModule& m : c.modules) id.images.push_back(hash_image("module", m.path));
  if (!c.rom.empty()) id.images.push_back(hash_image("rom", c.rom));
  return id;
}

uint32_t parse_u32(const std::string& text, const std::string& what, const std::string& origin) {
  try {
    size_t used = 0;
    unsigned long v = std::stoul(text, &used, 0);
    if (used == text.size() && v <= UINT32_MAX) return static_cast<uint32_t>(v);
  } catch (const std::exception&) {
  }
  throw InputError(origin + ": bad " + what + " '" + text + "'");
}

// Fills machine options from what a trace or snapshot was made with.
void options_from_identity(const MachineIdentity& id, MachineOptions& o,
                           const std::string& origin) {
  o.config = MachineConfig{};
  o.config.machine = id.value("machine", "pc");
  o.cpu_text = id.value("cpu", "p6");
  o.config.ram_mib = parse_u32(id.value("mem", "64"), "--mem", origin);
  o.clock_mhz = parse_u32(id.value("clock", "100"), "--clock", origin);
  o.config.kernel = id.value("kernel");
  o.config.append = id.value("append");
  o.module_texts = id.values("module");
  o.config.rom = id.value("rom");
  o.config.no_reboot = id.value("no-reboot") == "1";
  finish_machine_options(o);
}

namespace {

std::string disassemble(std::span<const uint8_t> bytes, uint32_t address, bool code32) {
  return disassemble_one(bytes, address, code32).text;
}

void add_record(CLI::App& mkemu, CommandList& commands) {
  struct Options {
    MachineOptions machine;
    std::string output;
    uint64_t checkpoint_every = 10'000'000;
    bool insns = false;
    std::string input;
  };
  auto o = std::make_shared<Options>();
  CLI::App* app = mkemu.add_subcommand(
      "record", "Run a machine like `run` and record it into a trace for replay");
  add_machine_options(*app, o->machine);
  app->add_option("-o,--output", o->output, "The trace file to write (RUN.mkt)")
      ->required()
      ->type_name("FILE");
  app->add_option(
         "--checkpoint-every", o->checkpoint_every,
         "Instructions between checkpoints (state hashes by component); each hashes all of "
         "RAM, about 3 ms per 64 MiB")
      ->default_val(10'000'000)
      ->check(CLI::Range(uint64_t{1}, UINT64_MAX))
      ->type_name("N");
  app->add_flag("--insns", o->insns,
                "Also record every instruction: bytes, register changes, memory writes, "
                "port I/O, interrupts");
  app->add_option("--input", o->input, "Schedule of cycle-stamped inputs (docs/trace-format.md)")
      ->type_name("FILE");
  commands.push_back(
      {app, [o]() {
         if (!finish_machine_options(o->machine)) return 0;
         // --serial-input FILE is recorded as an input at the first cycle,
         // so the replay needs neither the file nor the option.
         MachineOptions boot = o->machine;
         std::vector<ExternalInput> given = take_serial_input_file(boot);
         if (!o->input.empty()) {
           for (ExternalInput& i : read_input_schedule(o->input)) given.push_back(std::move(i));
         }
         InputQueue inputs(std::move(given));
         MachineIdentity identity = identity_of(o->machine);
         BootedMachine booted = build_and_boot(boot);
         TraceFileWriter writer(o->output);
         RecordSettings settings;
         settings.checkpoint_interval = o->checkpoint_every;
         settings.instructions = o->insns;
         settings.stop_on = o->machine.stop_on;
         settings.producer = "mkemu";
         settings.host_poll = booted.host_poll();
         RecordSummary summary = record_run(
             *booted.machine, identity, settings, inputs, run_limits(o->machine),
             [&writer](RecordType type, std::span<const uint8_t> body) { writer.add(type, body); });
         writer.finish();
         booted.flush_outputs();
         std::fprintf(stderr,
                      "mkemu: recorded %s: %llu checkpoints, %llu inputs, "
                      "%llu instruction records, %llu bytes\n",
                      o->output.c_str(), static_cast<unsigned long long>(summary.checkpoints + 1),
                      static_cast<unsigned long long>(summary.inputs),
                      static_cast<unsigned long long>(summary.instructions_recorded),
                      static_cast<unsigned long long>(writer.bytes_written()));
         return exit_status_for(summary.result, *booted.machine);
       }});
}

void add_replay(CLI::App& mkemu, CommandList& commands) {
  struct Options {
    std::string trace;
    bool verify = false;
    std::string inject;
    std::string serial = "none";
    std::string debugcon = "none";
  };
  auto o = std::make_shared<Options>();
  CLI::App* app = mkemu.add_subcommand(
      "replay", "Re-execute a recorded run from its recorded inputs; --verify checks it");
  app->add_option("trace", o->trace, "The trace (RUN.mkt)")->required()->type_name("RUN.mkt");
  app->add_flag("--verify", o->verify,
                "Check every checkpoint (and instruction record); report the first divergence");
  app->add_option("--inject", o->inject,
                  "Extra inputs that are not in the recording (e.g. RAM pokes), same format "
                  "as --input: the replay is expected to diverge")
      ->type_name("FILE");
  app->add_option("--serial", o->serial, "COM1 output: stdio, none or file:PATH")
      ->default_val("none");
  app->add_option("--debugcon", o->debugcon, "Port 0xE9 output: stdio, none or file:PATH")
      ->default_val("none");
  app->footer(kTraceExitHelp);
  commands.push_back(
      {app, [o]() {
         // Instruction records stream from the bytes: decoded all at once, a
         // long --insns trace would not fit in memory.
         std::vector<uint8_t> bytes = read_host_file(o->trace);
         TraceContents trace = read_trace(bytes, o->trace, false);
         MachineOptions machine;
         options_from_identity(trace.header.identity, machine, o->trace);
         machine.serial = o->serial;
         machine.debugcon = o->debugcon;
         machine.stop_on = trace.header.stop_on;
         check_same_machine(trace.header.identity, identity_of(machine), o->trace);
         ReplaySettings settings;
         settings.verify = o->verify;
         if (!o->inject.empty()) settings.injections = read_input_schedule(o->inject);
         settings.disassemble = disassemble;
         InstructionStream stream(bytes, o->trace);
         settings.recorded_instructions = [&stream](InstructionEvent& e) { return stream.next(e); };
         BootedMachine booted = build_and_boot(machine);
         ReplayOutcome outcome = replay_run(*booted.machine, trace, settings);
         booted.flush_outputs();
         if (trace.truncated) {
           std::fprintf(stderr,
                        "mkemu: %s is truncated: its complete chunks end at offset "
                        "%llu\n",
                        o->trace.c_str(), static_cast<unsigned long long>(trace.complete_bytes));
         }
         if (!o->verify) return exit_status_for(outcome.result, *booted.machine);
         std::fputs((outcome.report + "\n").c_str(), stdout);
         return outcome.diverged ? kExitDiverged : kExitOk;
       }});
}

std::pair<uint32_t, uint32_t> parse_eip_range(const std::string& text) {
  size_t dash = text.find('-');
  if (dash == std::string::npos) {
    uint32_t v = parse_u32(text, "address", "--eip");
    return {v, v};
  }
  return {parse_u32(text.substr(0, dash), "address", "--eip"),
          parse_u32(text.substr(dash + 1), "address", "--eip")};
}

void add_trace_tools(CLI::App& mkemu, CommandList& commands) {
  CLI::App* trace = mkemu.add_subcommand("trace", "Inspect traces: dump, diff");
  trace->require_subcommand(1);

  struct DumpOptions {
    std::string file;
    uint64_t from = 0, to = UINT64_MAX;
    std::string eip;
    int port = -1;
    std::vector<std::string> only;
  };
  auto d = std::make_shared<DumpOptions>();
  CLI::App* dump = trace->add_subcommand("dump", "Print a trace as readable text");
  dump->add_option("trace", d->file, "The trace")->required()->type_name("RUN.mkt");
  dump->add_option("--from", d->from, "First instruction number to show")->type_name("N");
  dump->add_option("--to", d->to, "Last instruction number to show")->type_name("N");
  dump->add_option("--eip", d->eip, "Only instructions at this linear address or range")
      ->type_name("ADDR[-ADDR]");
  dump->add_option("--port", d->port, "Only instructions that access this I/O port")
      ->check(CLI::Range(0, 0xFFFF))
      ->type_name("PORT");
  dump->add_option("--only", d->only, "Record kinds to show")
      ->delimiter(',')
      ->check(CLI::IsMember({"header", "inputs", "checkpoints", "instructions", "output", "end"}))
      ->type_name("header,inputs,checkpoints,instructions,output,end");
  dump->footer(kTraceExitHelp);
  commands.push_back({dump, [d]() {
                        DumpFilter f;
                        f.from = d->from;
                        f.to = d->to;
                        if (!d->eip.empty())
                          std::tie(f.eip_low, f.eip_high) = parse_eip_range(d->eip);
                        f.port = d->port;
                        if (!d->only.empty()) {
                          auto has = [&](const char* k) {
                            return std::find(d->only.begin(), d->only.end(), k) != d->only.end();
                          };
                          f.header = has("header");
                          f.inputs = has("inputs");
                          f.checkpoints = has("checkpoints");
                          f.instructions = has("instructions");
                          f.output = has("output");
                          f.end = has("end");
                        }
                        std::vector<uint8_t> bytes = read_host_file(d->file);
                        dump_trace(bytes, d->file, f, disassemble, [](const std::string& line) {
                          std::fputs(line.c_str(), stdout);
                          std::fputc('\n', stdout);
                        });
                        return kExitOk;
                      }});

  auto files = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* diff = trace->add_subcommand("diff", "Report the first divergence between two traces");
  diff->add_option("a", files->first, "First trace")->required()->type_name("A.mkt");
  diff->add_option("b", files->second, "Second trace")->required()->type_name("B.mkt");
  diff->footer(kTraceExitHelp);
  commands.push_back(
      {diff, [files]() {
         std::vector<uint8_t> bytes_a = read_host_file(files->first);
         std::vector<uint8_t> bytes_b = read_host_file(files->second);
         TraceContents a = read_trace(bytes_a, files->first, false);
         TraceContents b = read_trace(bytes_b, files->second, false);
         InstructionStream stream_a(bytes_a, files->first), stream_b(bytes_b, files->second);
         TraceDiff result = diff_traces(
             a, b, disassemble, [&](InstructionEvent& e) { return stream_a.next(e); },
             [&](InstructionEvent& e) { return stream_b.next(e); });
         std::fputs(result.report.c_str(), stdout);
         return result.differ ? kExitDiverged : kExitOk;
       }});
}

}  // namespace

void add_run_trace_options(CLI::App& app, RunTraceOptions& o) {
  app.add_option("--input", o.input,
                 "Feed a schedule of cycle-stamped inputs (serial bytes, RAM pokes); format in "
                 "docs/trace-format.md")
      ->type_name("FILE");
  app.add_option_function<uint64_t>(
         "--snapshot-at",
         [&o](uint64_t n) {
           o.snapshot_at = n;
           o.snapshot_at_given = true;
         },
         "Write a snapshot (--snapshot-out) when N instructions have retired")
      ->type_name("N");
  app.add_option("--snapshot-out", o.snapshot_out, "Where --snapshot-at writes the snapshot")
      ->type_name("FILE");
  app.add_option("--restore", o.restore,
                 "Start from a snapshot instead of booting (machine options default to the "
                 "snapshot's)")
      ->type_name("FILE");
}

void prepare_run_trace_options(MachineOptions& machine, const RunTraceOptions& o) {
  if (o.snapshot_at_given != !o.snapshot_out.empty()) {
    throw InputError("--snapshot-at and --snapshot-out go together");
  }
  if (o.restore.empty() || !machine.config.kernel.empty() || !machine.config.rom.empty()) return;
  SnapshotFile snapshot = read_snapshot_file(o.restore);
  MachineOptions from;
  options_from_identity(snapshot.identity, from, o.restore);
  machine.config = MachineConfig{};
  machine.config.machine = from.config.machine;
  machine.cpu_text = from.cpu_text;
  machine.config.ram_mib = from.config.ram_mib;
  machine.clock_mhz = from.clock_mhz;
  machine.config.kernel = from.config.kernel;
  machine.config.append = from.config.append;
  machine.module_texts = from.module_texts;
  machine.config.rom = from.config.rom;
  machine.config.no_reboot = from.config.no_reboot;
}

RunResult run_with_trace_options(BootedMachine& booted, const MachineOptions& machine,
                                 const RunTraceOptions& o) {
  Machine& m = *booted.machine;
  InputQueue inputs;
  if (!o.restore.empty()) {
    SnapshotFile snapshot = read_snapshot_file(o.restore);
    check_same_machine(snapshot.identity, identity_of(machine), o.restore);
    restore_snapshot(m, snapshot.snapshot, &inputs, o.restore);
  }
  if (!o.input.empty()) {
    // A given schedule replaces the snapshot's pending inputs; what it stamps
    // at or before the snapshot's cycle was delivered before the snapshot.
    InputQueue given(read_input_schedule(o.input));
    if (!o.restore.empty()) given.drop_before(m.clock.cycles + 1);
    inputs = std::move(given);
  }
  DriveHooks hooks;
  hooks.host_poll = booted.host_poll();
  if (o.snapshot_at_given) {
    hooks.pause_at = o.snapshot_at;
    MachineIdentity identity = identity_of(machine);
    hooks.on_pause = [&o, &inputs, identity](Machine& paused) {
      write_snapshot_file(o.snapshot_out, {identity, capture_snapshot(paused, &inputs)});
    };
  }
  return drive_machine(m, inputs, run_limits(machine), hooks);
}

void add_trace_commands(CLI::App& mkemu, CommandList& commands) {
  add_record(mkemu, commands);
  add_replay(mkemu, commands);
  add_trace_tools(mkemu, commands);
}

}  // namespace mkemu
