#pragma once
// The debugger console's command language, independent of where lines come
// from (a terminal with libedit, a --script file, gdb's `monitor`). Every
// command writes its output to a string; nothing reads the guest with side
// effects. docs/debugger.md lists the commands.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/debugger/debugger.h"

namespace mkemu {

class Console {
 public:
  enum class Result { kOk, kError, kQuit };

  explicit Console(Debugger& debugger);

  // Runs one command line. Errors are reported in `out` ("error: ...").
  Result execute(std::string_view line, std::string& out);
  // The stop report: reason, then the instruction about to execute.
  std::string describe_stop(const StopEvent& stop) const;
  // "=> 0x0000fff0 <sym>: jmp 0xf000:0xe05b"
  std::string current_instruction_line() const;
  std::string help_text(std::string_view command) const;

  struct Args;  // the parsed words of one command line (console.cpp)

 private:
  struct CommandSpec {
    std::vector<std::string> names;  // first is the canonical name
    std::string usage;
    std::string summary;
    std::string example;
    std::function<void(Console&, Args&, std::string&)> run;
  };
  const CommandSpec* find(std::string_view name) const;
  void register_commands();
  void register_execution_commands();
  void register_breakpoint_commands();
  void register_inspection_commands();
  void register_table_commands();
  void register_reverse_commands();
  void add(CommandSpec spec) { commands_.push_back(std::move(spec)); }

  std::string disassemble(uint32_t linear, unsigned count, bool physical) const;
  std::string examine(std::string_view format, uint64_t address, bool physical);
  std::string label(uint32_t linear) const;

  Debugger& dbg_;
  std::vector<CommandSpec> commands_;
  char last_unit_ = 'w';
};

}  // namespace mkemu
