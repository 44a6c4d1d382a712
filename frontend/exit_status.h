#pragma once
// mkemu's exit statuses (documented in README and `mkemu --help`). Guest
// exits through the isa-debug-exit port are odd, (value << 1) | 1, as in
// QEMU; every status mkemu chooses itself is even.
#include <cstdint>

namespace mkemu {

enum ExitStatus : int {
  kExitOk = 0,             // --stop-on matched, reset under --no-reboot, halted for good
  kExitUsage = 2,          // bad command line or unusable input file
  kExitTripleFault = 4,    // the guest triple-faulted
  kExitLimit = 6,          // --max-insns or --max-cycles reached
  kExitInternalError = 8,  // a bug in mkemu
};

inline int guest_exit_status(uint32_t value) {
  return static_cast<int>(((value << 1) | 1) & 0xFF);
}

inline constexpr const char* kExitStatusHelp =
    "Exit status:\n"
    "  0    --stop-on text seen, guest reset under --no-reboot, or the machine\n"
    "       halted for good (HLT with interrupts off and nothing to wake it)\n"
    "  odd  the guest wrote V to the isa-debug-exit port 0xF4: (V << 1) | 1, as QEMU\n"
    "  2    bad usage or an unusable input file\n"
    "  4    triple fault\n"
    "  6    --max-insns or --max-cycles reached\n"
    "  8    internal error\n"
    "Any stop with a non-zero status prints the reason, the registers and the\n"
    "last 16 executed instructions on stderr.\n";

}  // namespace mkemu
