#include "frontend/serial_backend.h"

#include "frontend/serial_pty.h"
#include "frontend/serial_tcp.h"
#include "platform/core/errors.h"

namespace mkemu {

std::unique_ptr<OutputSink> open_serial_backend(const std::string& spec) {
  if (spec == "pty") return open_pty_backend();
  if (spec.rfind("tcp:", 0) == 0) return open_tcp_backend(spec);
  if (spec == "stdio" || spec == "none" || spec.rfind("file:", 0) == 0) {
    return OutputSink::open(spec, "--serial");
  }
  throw InputError("--serial: expected stdio, none, file:PATH, pty or tcp:HOST:PORT, got '" + spec +
                   "'");
}

}  // namespace mkemu
