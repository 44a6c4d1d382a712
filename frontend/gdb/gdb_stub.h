#pragma once
// The GDB remote protocol's commands, independent of the transport: each
// packet payload in, the payloads to send back out. Resuming packets (c, s,
// vCont) ask the caller to run the machine (`Reply::resume`), because only
// the caller can watch the connection for gdb's interrupt while it runs.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "frontend/debugger/console.h"
#include "frontend/debugger/debugger.h"

namespace mkemu {

class GdbStub {
 public:
  enum class Resume : uint8_t { kNone, kStep, kContinue, kReverseStep, kReverseContinue };
  enum class Action : uint8_t { kNone, kDetach, kKill };
  struct Reply {
    std::vector<std::string> payloads;  // to send in order (O packets first)
    Resume resume = Resume::kNone;
    Action action = Action::kNone;
    bool no_ack = false;  // QStartNoAckMode accepted: stop acknowledging after this reply
  };

  GdbStub(Debugger& dbg, Console& console) : dbg_(dbg), console_(console) {}

  Reply handle(std::string_view payload);
  // Runs the machine as `resume` asked and returns the stop reply.
  std::string resume(Resume how);
  // The stop reply for a stop event: T05 with swbreak/hwbreak/watch, T02 for
  // an interrupt, W for a guest exit through isa-debug-exit, T05 with
  // replaylog:begin/end at the start of the history or the end of a
  // recording.
  std::string stop_reply(const StopEvent& stop) const;
  bool exited() const { return exited_; }

 private:
  std::string read_memory(std::string_view args);
  std::string write_memory(std::string_view args, bool binary);
  std::string breakpoint(std::string_view payload, bool insert);
  std::string monitor(std::string_view hex, std::vector<std::string>& payloads);
  std::string xfer_features(std::string_view args) const;
  Reply vcont(std::string_view args);

  Debugger& dbg_;
  Console& console_;
  // gdb's breakpoints by (type, address, kind) -> debugger id.
  std::map<std::tuple<unsigned, uint32_t, uint32_t>, int> inserted_;
  std::string last_stop_ = "S05";
  bool exited_ = false;
};

}  // namespace mkemu
