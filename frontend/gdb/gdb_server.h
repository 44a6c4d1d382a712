#pragma once
// The TCP side of the gdb stub: `--gdb [HOST:]PORT` listens (on 127.0.0.1
// unless HOST is given), waits for gdb before the guest's first instruction,
// and serves one connection until gdb detaches, kills, or disconnects.
#include <cstdint>
#include <functional>
#include <string>

#include "frontend/debugger/console.h"
#include "frontend/debugger/debugger.h"

namespace mkemu {

struct GdbEndpoint {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port (printed when listening)
};

// Parses "[HOST:]PORT". Throws InputError naming the option.
GdbEndpoint parse_gdb_endpoint(const std::string& text);

enum class GdbSessionEnd : uint8_t { kDetached, kKilled, kDisconnected, kGuestExited };

// Prints "mkemu: gdb: listening on HOST:PORT" on stderr, accepts one
// connection and serves it. Throws InputError when it cannot listen.
// `on_listening` (tests) learns the bound port before the accept.
GdbSessionEnd serve_gdb(Debugger& dbg, Console& console, const GdbEndpoint& endpoint,
                        const std::function<void(uint16_t port)>& on_listening = {});

}  // namespace mkemu
