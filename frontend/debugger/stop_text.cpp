// The console's report of why the machine stopped and where it is now.
#include <cstdio>

#include "frontend/debugger/console.h"
#include "frontend/debugger/guest_memory.h"
#include "frontend/disassembler.h"

namespace mkemu {
namespace {

std::string machine_stop_text(const RunResult& r) {
  char text[120];
  switch (r.stop) {
    case MachineStop::kGuestExit:
      std::snprintf(text, sizeof text, "the guest wrote 0x%x to the isa-debug-exit port",
                    r.exit_value);
      return text;
    case MachineStop::kStopText: return "the --stop-on text appeared";
    case MachineStop::kResetRequest: return "the guest requested a reset (--no-reboot)";
    case MachineStop::kHaltedForever: return "halted with nothing left to wake the CPU";
    case MachineStop::kTripleFault: return "triple fault";
    case MachineStop::kLimit: return "--max-insns or --max-cycles reached";
    case MachineStop::kObserver: return "stopped by another observer";
  }
  return "?";
}

}  // namespace

std::string Console::label(uint32_t linear) const {
  std::string l = dbg_.symbols().label_for(linear);
  return l.empty() ? l : " <" + l + ">";
}

std::string Console::current_instruction_line() const {
  const Machine& m = dbg_.machine();
  const uint32_t lin = dbg_.current_linear_eip();
  uint8_t bytes[15];
  size_t n = peek_guest(m, AddressSpace::kLinear, lin, bytes);
  char line[200];
  if (n == 0) {
    std::snprintf(line, sizeof line, "=> 0x%08x%s: (not mapped)\n", lin, label(lin).c_str());
    return line;
  }
  Disassembly d = disassemble_one(std::span<const uint8_t>(bytes, n), lin, code_is_32bit(m));
  std::snprintf(line, sizeof line, "=> 0x%08x%s: %s\n", lin, label(lin).c_str(), d.text.c_str());
  return line;
}

std::string Console::describe_stop(const StopEvent& s) const {
  const uint64_t now = dbg_.machine().cpu.instructions_retired();
  char text[300];
  const char* by = "";
  char by_text[80] = "";
  if (s.by_eip || s.reason == StopReason::kIoBreakpoint || s.reason == StopReason::kWatchpoint) {
    std::snprintf(by_text, sizeof by_text, ", by the instruction at 0x%08x%s", s.by_eip,
                  label(s.by_eip).c_str());
    by = by_text;
  }
  switch (s.reason) {
    case StopReason::kNone: std::snprintf(text, sizeof text, "not started"); break;
    case StopReason::kStep:
      std::snprintf(text, sizeof text, "step: %llu instruction%s",
                    static_cast<unsigned long long>(s.instructions),
                    s.instructions == 1 ? "" : "s");
      break;
    case StopReason::kBreakpoint:
      std::snprintf(text, sizeof text, "breakpoint %d at 0x%08x%s", s.breakpoint, s.address,
                    label(s.address).c_str());
      break;
    case StopReason::kWatchpoint:
      std::snprintf(text, sizeof text,
                    "watchpoint %d: %s of %u byte%s at linear 0x%08x (physical 0x%08x), value "
                    "0x%x%s",
                    s.breakpoint, s.is_write ? "write" : "read", s.size, s.size == 1 ? "" : "s",
                    s.address, s.phys, s.value, by);
      break;
    case StopReason::kIoBreakpoint:
      std::snprintf(text, sizeof text, "I/O breakpoint %d: %s port 0x%04x, %u byte%s, value 0x%x%s",
                    s.breakpoint, s.is_write ? "write to" : "read from", s.address, s.size,
                    s.size == 1 ? "" : "s", s.value, by);
      break;
    case StopReason::kException:
    case StopReason::kInterrupt: {
      const bool exc = s.reason == StopReason::kException;
      std::string t = s.breakpoint ? "catchpoint " + std::to_string(s.breakpoint) + ": " : "";
      char part[64];
      std::snprintf(part, sizeof part, "%s 0x%02x", exc ? "exception" : "interrupt", s.vector);
      t += part;
      if (exc && exception_mnemonic(s.vector)[0])
        t += std::string(" ") + exception_mnemonic(s.vector);
      if (s.has_error) {
        std::snprintf(part, sizeof part, " error code 0x%x", s.error);
        t += part;
      }
      if (exc && s.vector == 14) {
        std::snprintf(part, sizeof part, " CR2=0x%08x", dbg_.machine().cpu.state().cr2);
        t += part;
      }
      t += " taken";
      if (exc) t += by;
      t += ": now at its handler";
      std::snprintf(text, sizeof text, "%s", t.c_str());
      break;
    }
    case StopReason::kCplChange:
      std::snprintf(text, sizeof text, "catchpoint %d: CPL %u -> %u%s", s.breakpoint, s.old_cpl,
                    s.new_cpl, by);
      break;
    case StopReason::kCr3Write:
      std::snprintf(text, sizeof text, "catchpoint %d: CR3 written with 0x%08x%s", s.breakpoint,
                    s.value, by);
      break;
    case StopReason::kMagic:
      std::snprintf(text, sizeof text, "magic breakpoint (xchg bx,bx) at 0x%08x%s", s.by_eip,
                    label(s.by_eip).c_str());
      break;
    case StopReason::kFinish: std::snprintf(text, sizeof text, "finish: returned%s", by); break;
    case StopReason::kUntil:
      std::snprintf(text, sizeof text, "until: reached 0x%08x%s", s.address,
                    label(s.address).c_str());
      break;
    case StopReason::kUserInterrupt: std::snprintf(text, sizeof text, "interrupted"); break;
    case StopReason::kMachine:
      std::snprintf(text, sizeof text, "machine stopped: %s",
                    s.machine ? machine_stop_text(*s.machine).c_str() : "?");
      break;
    case StopReason::kReverseStep:
      std::snprintf(text, sizeof text, "reverse-step: back %llu instruction%s to instruction %llu",
                    static_cast<unsigned long long>(s.instructions), s.instructions == 1 ? "" : "s",
                    static_cast<unsigned long long>(now));
      break;
    case StopReason::kHistoryStart:
      std::snprintf(text, sizeof text,
                    "no earlier stop: back %llu instructions to the start of the history "
                    "(instruction %llu)",
                    static_cast<unsigned long long>(s.instructions),
                    static_cast<unsigned long long>(now));
      break;
    case StopReason::kRecordingEnd:
      std::snprintf(text, sizeof text, "end of the recording (instruction %llu, cycle %llu)",
                    static_cast<unsigned long long>(now),
                    static_cast<unsigned long long>(dbg_.machine().clock.cycles));
      break;
  }
  std::string out = "stopped: ";
  if (s.reverse) {
    out += "reverse-continue: back " + std::to_string(s.instructions) +
           " instructions to instruction " + std::to_string(now) + ": ";
  }
  out += text;
  if (!s.note.empty()) out += " (" + s.note + ")";
  out += "\n" + current_instruction_line();
  return out;
}

}  // namespace mkemu
