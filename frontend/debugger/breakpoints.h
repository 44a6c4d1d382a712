#pragma once
// Breakpoints, watchpoints and catchpoints as the debugger core keeps them.
// The console and the gdb stub create them; the core checks them from the
// observer hooks.
#include <cstdint>
#include <string>

namespace mkemu {

enum class BreakKind : uint8_t {
  kExecLinear,     // before the instruction at a linear address
  kExecPhysical,   // before the instruction at a physical address
  kIo,             // IN/OUT/INS/OUTS touching ports [address, last]
  kException,      // exception vector (or any) taken
  kInterrupt,      // interrupt vector (or any) taken: hardware, NMI, INT n
  kCplChange,      // CPL changed
  kCr3Write,       // MOV to CR3 (or a task switch loading CR3)
  kWatchLinear,    // data access to linear [address, address + length)
  kWatchPhysical,  // data access to physical [address, address + length)
};

// Which accesses an I/O breakpoint or watchpoint matches.
enum class AccessMode : uint8_t { kRead = 1, kWrite = 2, kAccess = 3 };

struct Breakpoint {
  int id = 0;
  BreakKind kind = BreakKind::kExecLinear;
  bool enabled = true;
  bool temporary = false;  // deleted when it stops the machine (gdb's tbreak)
  uint32_t address = 0;    // exec/watch address, first port, or vector
  uint32_t last = 0;       // last port of an I/O range
  uint32_t length = 1;     // watched bytes
  AccessMode access = AccessMode::kAccess;
  bool any_vector = false;  // catch every exception/interrupt
  std::string condition;    // exec breakpoints: stop only when it is non-zero
  std::string owner;        // "" for the console, "gdb" for the stub's
  uint64_t hits = 0;

  bool is_exec() const {
    return kind == BreakKind::kExecLinear || kind == BreakKind::kExecPhysical;
  }
  bool is_watch() const {
    return kind == BreakKind::kWatchLinear || kind == BreakKind::kWatchPhysical;
  }
};

// One line describing a breakpoint for `info breakpoints`.
std::string describe_breakpoint(const Breakpoint& bp);
const char* access_mode_name(AccessMode mode);
// Intel's mnemonic for an exception vector ("#PF"), or "" for others.
const char* exception_mnemonic(uint8_t vector);

}  // namespace mkemu
