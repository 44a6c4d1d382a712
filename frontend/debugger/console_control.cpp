// Console commands that run the machine and manage breakpoints.
#include <cstdio>

#include "frontend/debugger/console_args.h"

namespace mkemu {
namespace {

AccessMode parse_access(const std::string& word) {
  if (word == "r") return AccessMode::kRead;
  if (word == "w") return AccessMode::kWrite;
  if (word == "rw" || word == "a") return AccessMode::kAccess;
  throw ConsoleError("access must be r, w or rw, not '" + word + "'");
}

// Splits "ADDR if COND" into its two parts.
void split_condition(const std::string& rest, std::string& address, std::string& condition) {
  size_t at = rest.find(" if ");
  if (rest.starts_with("if ")) throw ConsoleError("an address comes before 'if'");
  if (rest.ends_with(" if") || rest == "if") throw ConsoleError("'if' needs a condition");
  if (at == std::string::npos) {
    address = rest;
    return;
  }
  address = rest.substr(0, at);
  condition = rest.substr(at + 4);
  if (condition.find_first_not_of(' ') == std::string::npos) {
    throw ConsoleError("'if' needs a condition");
  }
}

int breakpoint_id(Console::Args& a) {
  if (a.words.size() != 1) throw ConsoleError("expected one breakpoint number");
  uint64_t id = a.eval(a.words[0]);
  if (id > 1'000'000) throw ConsoleError("no breakpoint " + a.words[0]);
  return static_cast<int>(id);
}

}  // namespace

void Console::register_execution_commands() {
  add({{"step", "s", "stepi", "si"},
       "step [N]",
       "Execute N instructions (default 1); stops early at an exception or interrupt "
       "handler and says which event was taken",
       "step 10",
       [](Console& c, Args& a, std::string& out) {
         uint64_t n = a.count_arg(0, 1);
         out += c.describe_stop(c.dbg_.step(n));
       }});
  add({{"next", "n", "nexti", "ni"},
       "next",
       "Execute one instruction, stepping over CALL, INT n and whole REP instructions",
       "next",
       [](Console& c, Args&, std::string& out) { out += c.describe_stop(c.dbg_.next()); }});
  add({{"continue", "c", "cont"},
       "continue",
       "Run until a breakpoint, an event, Ctrl-C or the machine stops",
       "continue",
       [](Console& c, Args&, std::string& out) { out += c.describe_stop(c.dbg_.cont()); }});
  add({{"until"},
       "until ADDR",
       "Run until the instruction at linear ADDR is about to execute",
       "until 0x100020",
       [](Console& c, Args& a, std::string& out) {
         if (a.rest.empty()) throw ConsoleError("until needs an address");
         out += c.describe_stop(c.dbg_.until(a.eval_u32(a.rest, "the address")));
       }});
  add({{"finish", "fin"},
       "finish",
       "Run until the current function returns (a RET at this stack depth)",
       "finish",
       [](Console& c, Args&, std::string& out) { out += c.describe_stop(c.dbg_.finish()); }});
}

void Console::register_breakpoint_commands() {
  auto exec_break = [](BreakKind kind, bool temporary) {
    return [kind, temporary](Console& c, Args& a, std::string& out) {
      if (a.rest.empty()) throw ConsoleError("break needs an address");
      std::string address, condition;
      split_condition(a.rest, address, condition);
      Breakpoint bp;
      bp.kind = kind;
      bp.temporary = temporary;
      bp.address = a.eval_u32(address, "the address");
      if (!condition.empty()) {
        a.eval(condition);  // reject a condition that cannot be evaluated now
        bp.condition = condition;
      }
      int id = c.dbg_.add_breakpoint(bp);
      char line[120];
      std::snprintf(line, sizeof line, "breakpoint %d at %s 0x%08x%s\n", id,
                    kind == BreakKind::kExecLinear ? "linear" : "physical", bp.address,
                    c.label(bp.address).c_str());
      out += line;
    };
  };
  add({{"break", "b", "lb"},
       "break ADDR [if COND]",
       "Stop before the instruction at linear ADDR (when COND is non-zero)",
       "break 0x100000 if eax == 5",
       exec_break(BreakKind::kExecLinear, false)});
  add({{"tbreak"},
       "tbreak ADDR [if COND]",
       "A breakpoint deleted when it first stops",
       "tbreak kernel_main",
       exec_break(BreakKind::kExecLinear, true)});
  add({{"pbreak", "pb"},
       "pbreak PADDR [if COND]",
       "Stop before the instruction at physical PADDR",
       "pbreak 0xf0000",
       exec_break(BreakKind::kExecPhysical, false)});
  add({{"iobreak", "iob"},
       "iobreak PORT[-LAST] [r|w|rw]",
       "Stop after an IN/OUT/INS/OUTS that touches the port or range (default rw)",
       "iobreak 0x3f8-0x3ff w",
       [](Console& c, Args& a, std::string& out) {
         if (a.words.empty() || a.words.size() > 2)
           throw ConsoleError("usage: iobreak PORT[-LAST] [r|w|rw]");
         Breakpoint bp;
         bp.kind = BreakKind::kIo;
         const std::string& range = a.words[0];
         size_t dash = range.find('-', 1);
         uint64_t first = a.eval(range.substr(0, dash));
         uint64_t last = dash == std::string::npos ? first : a.eval(range.substr(dash + 1));
         if (first > 0xFFFF || last > 0xFFFF || last < first) {
           throw ConsoleError("ports are 0..0xffff and LAST >= PORT");
         }
         bp.address = static_cast<uint32_t>(first);
         bp.last = static_cast<uint32_t>(last);
         if (a.words.size() == 2) bp.access = parse_access(a.words[1]);
         bp.id = c.dbg_.add_breakpoint(bp);
         out += "I/O breakpoint " + describe_breakpoint(bp) + "\n";
       }});
  add({{"catch"},
       "catch exception|interrupt [VEC] | catch cpl | catch cr3",
       "Stop at the handler when the exception/interrupt vector (default any) is taken, "
       "after a CPL change, or after a CR3 write",
       "catch exception 14",
       [](Console& c, Args& a, std::string& out) {
         if (a.words.empty() || a.words.size() > 2)
           throw ConsoleError("catch what? see 'help catch'");
         Breakpoint bp;
         const std::string& what = a.words[0];
         if (what == "exception" || what == "interrupt") {
           bp.kind = what == "exception" ? BreakKind::kException : BreakKind::kInterrupt;
           bp.any_vector = a.words.size() == 1;
           if (!bp.any_vector) {
             uint64_t v = a.eval(a.words[1]);
             if (v > 255) throw ConsoleError("vectors are 0..255");
             bp.address = static_cast<uint32_t>(v);
           }
         } else if (what == "cpl" && a.words.size() == 1) {
           bp.kind = BreakKind::kCplChange;
         } else if (what == "cr3" && a.words.size() == 1) {
           bp.kind = BreakKind::kCr3Write;
         } else {
           throw ConsoleError("catch exception|interrupt [VEC], catch cpl or catch cr3");
         }
         bp.id = c.dbg_.add_breakpoint(bp);
         out += "catchpoint " + describe_breakpoint(bp) + "\n";
       }});
  auto watch = [](AccessMode fixed) {
    return [fixed](Console& c, Args& a, std::string& out) {
      std::vector<std::string> w = a.words;
      Breakpoint bp;
      bp.kind = BreakKind::kWatchLinear;
      bp.access = fixed;
      if (!w.empty() && w[0] == "-p") {
        bp.kind = BreakKind::kWatchPhysical;
        w.erase(w.begin());
      }
      if (w.empty() || w.size() > 3) throw ConsoleError("usage: watch [-p] ADDR [LEN] [r|w|rw]");
      bp.address = a.eval_u32(w[0], "the address");
      if (w.size() >= 2) {
        uint64_t len = a.eval(w[1]);
        if (len == 0 || len > 0x10000) throw ConsoleError("LEN must be 1..65536");
        bp.length = static_cast<uint32_t>(len);
      } else {
        bp.length = 4;
      }
      if (w.size() == 3) bp.access = parse_access(w[2]);
      bp.id = c.dbg_.add_breakpoint(bp);
      out += "watchpoint " + describe_breakpoint(bp) + "\n";
    };
  };
  add({{"watch", "w"},
       "watch [-p] ADDR [LEN] [r|w|rw]",
       "Stop after an instruction that accesses LEN bytes (default 4) at linear (or -p "
       "physical) ADDR; default: writes",
       "watch -p 0x2000 4 w",
       watch(AccessMode::kWrite)});
  add({{"rwatch"},
       "rwatch [-p] ADDR [LEN]",
       "A watchpoint on reads",
       "rwatch 0x2000 2",
       watch(AccessMode::kRead)});
  add({{"awatch"},
       "awatch [-p] ADDR [LEN]",
       "A watchpoint on reads and writes",
       "awatch esp 4",
       watch(AccessMode::kAccess)});
  add({{"magic"},
       "magic on|off",
       "Stop after each xchg bx,bx (Bochs' magic breakpoint)",
       "magic on",
       [](Console& c, Args& a, std::string& out) {
         if (a.words.size() == 1 && (a.words[0] == "on" || a.words[0] == "off")) {
           c.dbg_.set_magic_breakpoints(a.words[0] == "on");
         } else if (!a.words.empty()) {
           throw ConsoleError("magic on or magic off");
         }
         out +=
             std::string("magic breakpoints ") + (c.dbg_.magic_breakpoints() ? "on" : "off") + "\n";
       }});
  add({{"breakpoints", "bl", "blist", "watchpoints"},
       "breakpoints",
       "List breakpoints, watchpoints and catchpoints",
       "breakpoints",
       [](Console& c, Args&, std::string& out) {
         if (c.dbg_.breakpoints().empty()) out += "no breakpoints\n";
         for (const Breakpoint& bp : c.dbg_.breakpoints()) out += describe_breakpoint(bp) + "\n";
         out +=
             std::string("magic breakpoints ") + (c.dbg_.magic_breakpoints() ? "on" : "off") + "\n";
       }});
  add({{"delete", "d", "bd"},
       "delete N|all",
       "Delete breakpoint N (or all of them)",
       "delete 2",
       [](Console& c, Args& a, std::string& out) {
         if (a.words.size() == 1 && a.words[0] == "all") {
           c.dbg_.delete_all("");
           c.dbg_.delete_all("gdb");
           out += "deleted all breakpoints\n";
           return;
         }
         int id = breakpoint_id(a);
         if (!c.dbg_.delete_breakpoint(id))
           throw ConsoleError("no breakpoint " + std::to_string(id));
         out += "deleted breakpoint " + std::to_string(id) + "\n";
       }});
  for (bool enable : {true, false}) {
    add({{enable ? "enable" : "disable"},
         enable ? "enable N" : "disable N",
         enable ? "Enable breakpoint N" : "Disable breakpoint N (keeps it in the list)",
         enable ? "enable 2" : "disable 2",
         [enable](Console& c, Args& a, std::string& out) {
           int id = breakpoint_id(a);
           if (!c.dbg_.enable_breakpoint(id, enable))
             throw ConsoleError("no breakpoint " + std::to_string(id));
           out += std::string(enable ? "enabled" : "disabled") + " breakpoint " +
                  std::to_string(id) + "\n";
         }});
  }
}

}  // namespace mkemu
