#pragma once
// `--serial pty`: COM1 on a new pseudo-terminal. Prints
// "serial: COM1 on /dev/pts/N" on stderr; connect with e.g.
// `screen /dev/pts/N` or `picocom /dev/pts/N`.
#include <memory>

#include "frontend/output_sink.h"

namespace mkemu {

// Throws InputError when no pseudo-terminal can be had.
std::unique_ptr<OutputSink> open_pty_backend();

}  // namespace mkemu
