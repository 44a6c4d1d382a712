#include "frontend/debugger/console.h"

#include <cctype>
#include <cstdio>

#include "frontend/debugger/console_args.h"

namespace mkemu {
namespace {

std::string trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) words.emplace_back(s.substr(start, i - start));
  }
  return words;
}

}  // namespace

uint32_t Console::Args::eval_u32(const std::string& text, const char* what) const {
  uint64_t v = eval(text);
  if (v > 0xFFFF'FFFFu) throw ConsoleError(std::string(what) + " does not fit in 32 bits");
  return static_cast<uint32_t>(v);
}

uint64_t Console::Args::count_arg(size_t index, uint64_t fallback) const {
  if (words.size() <= index) return fallback;
  uint64_t v = eval(words[index]);
  if (v == 0) throw ConsoleError("the count must be at least 1");
  return v;
}

Console::Console(Debugger& debugger) : dbg_(debugger) {
  register_commands();
}

void Console::register_commands() {
  register_execution_commands();
  register_breakpoint_commands();
  register_inspection_commands();
  register_table_commands();
  register_reverse_commands();
  add({{"help", "h", "?"},
       "help [COMMAND]",
       "List the commands, or explain one",
       "help x",
       [](Console& c, Args& a, std::string& out) {
         out += c.help_text(a.words.empty() ? std::string_view{} : a.words[0]);
       }});
  add({{"echo"},
       "echo TEXT",
       "Print TEXT (labels in scripts)",
       "echo --- after boot ---",
       [](Console&, Args& a, std::string& out) { out += a.rest + "\n"; }});
  add({{"info"},
       "info WHAT [ARGS]",
       "gdb spelling: runs the command WHAT (info registers, info breakpoints, ...)",
       "info breakpoints",
       [](Console& c, Args& a, std::string& out) {
         if (a.words.empty() || a.words[0] == "info") throw ConsoleError("info what? Try 'help'");
         std::string line = a.rest;
         if (a.words[0] == "registers" || a.words[0] == "reg") line = "regs";
         if (c.execute(line, out) != Result::kOk) a.failed = true;
       }});
  add({{"quit", "q", "exit"},
       "quit",
       "Leave the debugger (the machine stops)",
       "quit",
       [](Console&, Args&, std::string&) {}});
}

const Console::CommandSpec* Console::find(std::string_view name) const {
  for (const CommandSpec& spec : commands_) {
    for (const std::string& n : spec.names) {
      if (n == name) return &spec;
    }
  }
  return nullptr;
}

std::string Console::help_text(std::string_view command) const {
  std::string out;
  if (command.empty()) {
    out +=
        "Commands (help COMMAND for details; numbers are decimal or 0x-hex, addresses\n"
        "are expressions over registers and symbols, e.g. esp+8 or kernel_main):\n";
    for (const CommandSpec& spec : commands_) {
      char line[200];
      std::snprintf(line, sizeof line, "  %-34s %s\n", spec.usage.c_str(), spec.summary.c_str());
      out += line;
    }
    return out;
  }
  const CommandSpec* spec = find(command);
  if (!spec) return "error: no command '" + std::string(command) + "'; 'help' lists them\n";
  out += "usage: " + spec->usage + "\n  " + spec->summary + "\n";
  if (spec->names.size() > 1) {
    out += "  also:";
    for (size_t i = 1; i < spec->names.size(); ++i) out += " " + spec->names[i];
    out += "\n";
  }
  out += "  example: " + spec->example + "\n";
  return out;
}

Console::Result Console::execute(std::string_view raw, std::string& out) {
  std::string line = trim(raw);
  if (line.empty() || line[0] == '#') return Result::kOk;
  Args args;
  args.dbg = &dbg_;
  size_t end = 0;
  while (end < line.size() && !std::isspace(static_cast<unsigned char>(line[end])) &&
         line[end] != '/') {
    ++end;
  }
  args.command = line.substr(0, end);
  size_t at = end;
  if (at < line.size() && line[at] == '/') {
    size_t f = at + 1;
    while (f < line.size() && !std::isspace(static_cast<unsigned char>(line[f]))) ++f;
    args.format = line.substr(at + 1, f - at - 1);
    at = f;
  }
  args.rest = trim(std::string_view(line).substr(at));
  args.words = split_words(args.rest);
  const CommandSpec* spec = find(args.command);
  if (!spec) {
    out += "error: unknown command '" + args.command + "'; 'help' lists the commands\n";
    return Result::kError;
  }
  if (!args.format.empty() && spec->names[0] != "x" && spec->names[0] != "xp" &&
      spec->names[0] != "disas" && spec->names[0] != "print") {
    out += "error: '" + args.command + "' takes no /FORMAT\n";
    return Result::kError;
  }
  if (spec->names[0] == "quit") return Result::kQuit;
  try {
    spec->run(*this, args, out);
    if (args.failed) return Result::kError;
  } catch (const ConsoleError& e) {
    out += std::string("error: ") + e.what() + "\n";
    return Result::kError;
  } catch (const ExpressionError& e) {
    out += std::string("error: ") + e.what() + "\n";
    return Result::kError;
  }
  return Result::kOk;
}

}  // namespace mkemu
