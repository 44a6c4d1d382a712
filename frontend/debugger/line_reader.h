#pragma once
// Interactive command input with line editing and history (libedit's
// readline interface) when mkemu is built with MKEMU_HAVE_LIBEDIT; plain
// line input otherwise.
#include <string>

namespace mkemu {

class LineReader {
 public:
  explicit LineReader(std::string prompt) : prompt_(std::move(prompt)) {}
  // False at end of input.
  bool read(std::string& line);

 private:
  std::string prompt_;
  std::string last_;
};

}  // namespace mkemu
