#pragma once
// The --serial backends: the plain outputs of OutputSink (stdio, none,
// file:PATH) plus the interactive `pty` (frontend/serial_pty.h) and
// `tcp:HOST:PORT` (frontend/serial_tcp.h), whose input becomes serial input
// through frontend/serial_host_input.h.
#include <memory>
#include <string>

#include "frontend/output_sink.h"

namespace mkemu {

inline constexpr const char* kSerialSpecs = "stdio|none|file:PATH|pty|tcp:HOST:PORT";

// Throws InputError for a bad spec, a file that cannot be created, no pty,
// an unknown host, a bad port or a port in use.
std::unique_ptr<OutputSink> open_serial_backend(const std::string& spec);

}  // namespace mkemu
