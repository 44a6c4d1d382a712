#include "frontend/debugger/breakpoints.h"

#include <cstdio>

namespace mkemu {

const char* access_mode_name(AccessMode mode) {
  switch (mode) {
    case AccessMode::kRead: return "read";
    case AccessMode::kWrite: return "write";
    case AccessMode::kAccess: return "read/write";
  }
  return "?";
}

const char* exception_mnemonic(uint8_t vector) {
  // Intel SDM vol. 3, table 6-1.
  static const char* const kNames[] = {"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD",
                                       "#NM", "#DF", "",    "#TS", "#NP", "#SS", "#GP",
                                       "#PF", "",    "#MF", "#AC", "#MC", "#XM", "#VE"};
  return vector < sizeof kNames / sizeof kNames[0] ? kNames[vector] : "";
}

std::string describe_breakpoint(const Breakpoint& bp) {
  char text[200];
  const char* state = bp.enabled ? "enabled " : "disabled";
  std::string what;
  switch (bp.kind) {
    case BreakKind::kExecLinear:
      std::snprintf(text, sizeof text, "break    linear   0x%08x", bp.address);
      what = text;
      break;
    case BreakKind::kExecPhysical:
      std::snprintf(text, sizeof text, "break    physical 0x%08x", bp.address);
      what = text;
      break;
    case BreakKind::kIo:
      if (bp.last != bp.address) {
        std::snprintf(text, sizeof text, "iobreak  ports 0x%04x-0x%04x %s", bp.address, bp.last,
                      access_mode_name(bp.access));
      } else {
        std::snprintf(text, sizeof text, "iobreak  port 0x%04x %s", bp.address,
                      access_mode_name(bp.access));
      }
      what = text;
      break;
    case BreakKind::kException:
    case BreakKind::kInterrupt: {
      const char* kind = bp.kind == BreakKind::kException ? "exception" : "interrupt";
      if (bp.any_vector) {
        std::snprintf(text, sizeof text, "catch    %s (any vector)", kind);
      } else {
        std::snprintf(
            text, sizeof text, "catch    %s 0x%02x %s", kind, bp.address,
            bp.kind == BreakKind::kException ? exception_mnemonic(bp.address & 0xFF) : "");
      }
      what = text;
      break;
    }
    case BreakKind::kCplChange: what = "catch    cpl change"; break;
    case BreakKind::kCr3Write: what = "catch    cr3 write"; break;
    case BreakKind::kWatchLinear:
    case BreakKind::kWatchPhysical:
      std::snprintf(text, sizeof text, "watch    %s 0x%08x len %u %s",
                    bp.kind == BreakKind::kWatchLinear ? "linear  " : "physical", bp.address,
                    bp.length, access_mode_name(bp.access));
      what = text;
      break;
  }
  while (!what.empty() && what.back() == ' ') what.pop_back();
  std::snprintf(text, sizeof text, "%-3d %s hits %-6llu ", bp.id, state,
                static_cast<unsigned long long>(bp.hits));
  std::string line = text + what;
  if (!bp.condition.empty()) line += " if " + bp.condition;
  if (bp.temporary) line += " (temporary)";
  if (!bp.owner.empty()) line += " [" + bp.owner + "]";
  return line;
}

}  // namespace mkemu
