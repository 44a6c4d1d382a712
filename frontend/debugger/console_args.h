#pragma once
// The parsed words of one console command line, shared by the command files.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "frontend/debugger/console.h"

namespace mkemu {

// A user mistake in a command: reported as "error: ..." and never fatal.
class ConsoleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Console::Args {
  std::string command;             // "x" for "x/4w esp"
  std::string format;              // "4w" (the text after '/')
  std::vector<std::string> words;  // the arguments split at white space
  std::string rest;                // the arguments as typed (for expressions)
  Debugger* dbg = nullptr;
  bool failed = false;  // set by commands that already reported their error

  uint64_t eval(const std::string& text) const { return dbg->evaluate(text); }
  // The whole argument text as one expression; `fallback` when empty.
  uint64_t eval_rest(uint64_t fallback) const { return rest.empty() ? fallback : eval(rest); }
  uint32_t eval_u32(const std::string& text, const char* what) const;
  // Number of repetitions and similar small counts.
  uint64_t count_arg(size_t index, uint64_t fallback) const;
};

}  // namespace mkemu
