#include "platform/machine_log.h"

#include <array>
#include <cinttypes>
#include <cstdio>

#include "platform/core/errors.h"

namespace mkemu {
namespace {

struct CategoryName {
  std::string_view name;
  LogCategory category;
  std::string_view help;
};

constexpr std::array<CategoryName, 5> kCategories = {{
    {"int", LogCategory::kInt, "hardware interrupts delivered to the CPU (vector, source)"},
    {"exc", LogCategory::kExc, "exceptions raised by the CPU"},
    {"unclaimed", LogCategory::kUnclaimed, "accesses to I/O ports and MMIO nothing claims"},
    {"msr", LogCategory::kMsr, "accesses to unknown MSRs"},
    {"pci", LogCategory::kPci, "PCI configuration space accesses"},
}};

}  // namespace

uint32_t parse_log_categories(std::string_view text) {
  uint32_t mask = 0;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view word = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (word.empty()) continue;
    if (word == "all") {
      for (const auto& c : kCategories) mask |= static_cast<uint32_t>(c.category);
      continue;
    }
    if (word == "none") {
      mask = 0;
      continue;
    }
    bool found = false;
    for (const auto& c : kCategories) {
      if (c.name == word) {
        mask |= static_cast<uint32_t>(c.category);
        found = true;
      }
    }
    if (!found) {
      throw InputError("--log: unknown category '" + std::string(word) + "' (see --log help)");
    }
  }
  return mask;
}

std::string log_categories_help() {
  std::string text = "Log categories (comma-separated, or all/none):\n";
  for (const auto& c : kCategories) {
    text += "  " + std::string(c.name);
    text.append(12 - c.name.size(), ' ');
    text += std::string(c.help) + "\n";
  }
  return text;
}

std::string_view log_category_name(LogCategory category) {
  for (const auto& c : kCategories) {
    if (c.category == category) return c.name;
  }
  return "?";
}

void MachineLog::write(LogCategory category, std::string_view text) const {
  char prefix[64];
  std::snprintf(prefix, sizeof prefix, "[cycle %" PRIu64 " eip 0x%08x] ", clock_.cycles,
                eip ? eip() : 0u);
  std::string line = prefix;
  line += log_category_name(category);
  line += ": ";
  line += text;
  if (sink) {
    sink(line);
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

}  // namespace mkemu
