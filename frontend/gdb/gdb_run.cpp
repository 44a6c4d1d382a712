#include "frontend/gdb/gdb_run.h"

#include "frontend/debugger/debug_session.h"

namespace mkemu {

int run_with_gdb(const MachineOptions& options, const std::string& endpoint) {
  DebugSessionOptions session;
  session.gdb = endpoint;
  session.interactive = false;
  session.run_after_detach = true;
  return run_debug_session(options, session);
}

}  // namespace mkemu
