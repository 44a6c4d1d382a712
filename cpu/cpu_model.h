#pragma once
// CPU models and their CPUID tables; `--cpu MODEL[,+feature,-feature...]`.
#include <cstdint>
#include <string>
#include <string_view>

namespace mkemu {

enum class CpuModelId : uint8_t { kI486, kPentium, kP6 };

struct CpuConfig {
  CpuModelId model = CpuModelId::kP6;
  uint32_t features_edx = 0;  // CPUID.1:EDX after +/- edits
  uint32_t features_ecx = 0;  // CPUID.1:ECX after +/- edits
};

// Parses "--cpu" text. Throws InputError naming the bad token.
CpuConfig parse_cpu_option(std::string_view text);
// The text of `--cpu help`: every model and feature name.
std::string cpu_help_text();

}  // namespace mkemu
