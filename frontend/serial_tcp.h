#pragma once
// `--serial tcp:HOST:PORT`: COM1 on a TCP connection. mkemu listens on
// HOST:PORT (port 0: a free port, printed), waits for one client before the
// guest's first instruction, then sends the guest's output to it and feeds
// what it sends to COM1's receive line. A client that disconnects ends the
// serial input; later output is dropped (no second client is accepted).
#include <memory>
#include <string>

#include "frontend/output_sink.h"

namespace mkemu {

struct TcpEndpoint {
  std::string host;  // as given: a name, an IPv4 address or [IPv6]
  uint16_t port = 0;
};

// Parses "HOST:PORT" (the part after "tcp:"); throws InputError naming `spec`.
TcpEndpoint parse_tcp_endpoint(const std::string& address, const std::string& spec);

// Binds and listens now, so a bad address or a port in use fails before the
// machine is built. Throws InputError.
std::unique_ptr<OutputSink> open_tcp_backend(const std::string& spec);

}  // namespace mkemu
