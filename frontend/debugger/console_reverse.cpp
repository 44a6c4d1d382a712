// Console commands for reverse execution and in-memory snapshots.
#include <cctype>
#include <cstdio>

#include "frontend/debugger/console_args.h"

namespace mkemu {
namespace {

std::string position_text(const Machine& m) {
  char text[80];
  std::snprintf(text, sizeof text, "instruction %llu, cycle %llu",
                static_cast<unsigned long long>(m.cpu.instructions_retired()),
                static_cast<unsigned long long>(m.clock.cycles));
  return text;
}

void check_name(const std::string& name) {
  for (char ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-' && ch != '.') {
      throw ConsoleError("snapshot names are letters, digits, '_', '-' and '.'");
    }
  }
}

}  // namespace

void Console::register_reverse_commands() {
  add({{"reverse-step", "rs", "reverse-stepi", "rsi"},
       "reverse-step [N]",
       "Go back N instructions (default 1): restore the nearest in-memory snapshot and "
       "re-execute to that instruction count",
       "reverse-step 1",
       [](Console& c, Args& a, std::string& out) {
         uint64_t n = a.count_arg(0, 1);
         try {
           out += c.describe_stop(c.dbg_.reverse_step(n));
         } catch (const HistoryError& e) {
           throw ConsoleError(std::string("reverse-step: ") + e.what());
         }
       }});
  add({{"reverse-continue", "rc"},
       "reverse-continue",
       "Go back to the previous stop of a breakpoint, watchpoint or catchpoint (or to the "
       "start of the history when there is none)",
       "reverse-continue",
       [](Console& c, Args& a, std::string& out) {
         if (!a.words.empty()) throw ConsoleError("reverse-continue takes no arguments");
         try {
           out += c.describe_stop(c.dbg_.reverse_continue());
         } catch (const HistoryError& e) {
           throw ConsoleError(std::string("reverse-continue: ") + e.what());
         }
       }});
  add({{"snapshot", "snap"},
       "snapshot save [NAME] | restore NAME | list",
       "Save the whole machine in memory under NAME (default snapN), go back or forward to a "
       "saved one, or list them",
       "snapshot save before_irq",
       [](Console& c, Args& a, std::string& out) {
         ExecutionHistory& h = c.dbg_.history();
         const Machine& m = c.dbg_.machine();
         const std::string what = a.words.empty() ? "" : a.words[0];
         if (what == "save" && a.words.size() <= 2) {
           std::string name =
               a.words.size() == 2 ? a.words[1] : "snap" + std::to_string(h.named().size() + 1);
           check_name(name);
           h.save(name);
           out += "saved snapshot '" + name + "' at " + position_text(m) + "\n";
         } else if (what == "restore" && a.words.size() == 2) {
           if (!h.restore_named(a.words[1])) {
             throw ConsoleError("no snapshot '" + a.words[1] + "'; 'snapshot list' lists them");
           }
           out += "restored snapshot '" + a.words[1] + "': " + position_text(m) + "\n" +
                  c.current_instruction_line();
         } else if (what == "list" && a.words.size() == 1) {
           if (h.named().empty()) out += "no saved snapshots\n";
           for (const ExecutionHistory::NamedSnapshot& s : h.named()) {
             char line[200];
             std::snprintf(line, sizeof line, "%-16s instruction %llu, cycle %llu\n",
                           s.name.c_str(),
                           static_cast<unsigned long long>(s.point.snapshot.instructions),
                           static_cast<unsigned long long>(s.point.snapshot.cycles));
             out += line;
           }
           if (h.enabled() && h.automatic_count()) {
             out += "history: " + std::to_string(h.automatic_count()) +
                    " automatic snapshots from instruction " + std::to_string(h.start()) + " to " +
                    std::to_string(h.newest_automatic()) + "\n";
           }
         } else {
           throw ConsoleError(
               "usage: snapshot save [NAME] | snapshot restore NAME | snapshot list");
         }
       }});
}

}  // namespace mkemu
