#include "frontend/debugger/line_reader.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>

#ifdef MKEMU_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

namespace mkemu {

bool LineReader::read(std::string& line) {
#ifdef MKEMU_HAVE_LIBEDIT
  char* text = readline(prompt_.c_str());
  if (!text) return false;
  line = text;
  std::free(text);
  // Keep history free of repeats, as shells do.
  if (!line.empty() && line != last_) add_history(line.c_str());
#else
  std::fputs(prompt_.c_str(), stdout);
  std::fflush(stdout);
  if (!std::getline(std::cin, line)) return false;
#endif
  if (!line.empty()) last_ = line;
  return true;
}

}  // namespace mkemu
