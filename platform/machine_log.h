#pragma once
// `--log int,exc,unclaimed,msr,pci`: diagnostic lines about what the guest
// does, each prefixed with the cycle and EIP. Off by default and then free:
// callers test enabled() before formatting anything.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "platform/core/clock.h"

namespace mkemu {

enum class LogCategory : uint32_t {
  kInt = 1u << 0,        // hardware interrupts delivered to the CPU
  kExc = 1u << 1,        // exceptions
  kUnclaimed = 1u << 2,  // accesses to ports/MMIO nothing claims
  kMsr = 1u << 3,        // unknown MSRs
  kPci = 1u << 4,        // PCI configuration accesses
};

// Parses "int,exc,..." (also "all" and "none"). Throws InputError naming the
// bad word.
uint32_t parse_log_categories(std::string_view text);
std::string log_categories_help();
std::string_view log_category_name(LogCategory category);

class MachineLog {
 public:
  explicit MachineLog(const Clock& clock) : clock_(clock) {}

  void set_categories(uint32_t mask) { mask_ = mask; }
  uint32_t categories() const { return mask_; }
  bool enabled(LogCategory c) const { return (mask_ & static_cast<uint32_t>(c)) != 0; }

  // Writes "[cycle N eip 0xXXXXXXXX] category: text" to the sink.
  void write(LogCategory category, std::string_view text) const;

  // Where lines go; stderr unless the frontend sets it.
  std::function<void(std::string_view line)> sink;
  // Supplies the current EIP (the machine wires it to the CPU).
  std::function<uint32_t()> eip;

 private:
  const Clock& clock_;
  uint32_t mask_ = 0;
};

}  // namespace mkemu
