#include "cpu/cpu_model.h"

#include <array>

#include "platform/core/errors.h"

namespace mkemu {
namespace {

struct FeatureName {
  std::string_view name;
  bool in_ecx;
  uint8_t bit;
};

// CPUID.1 feature bits that a model here can report (Intel SDM vol. 2, CPUID).
constexpr std::array<FeatureName, 16> kFeatures = {{
    {"fpu", false, 0},
    {"vme", false, 1},
    {"de", false, 2},
    {"pse", false, 3},
    {"tsc", false, 4},
    {"msr", false, 5},
    {"pae", false, 6},
    {"mce", false, 7},
    {"cx8", false, 8},
    {"apic", false, 9},
    {"sep", false, 11},
    {"mtrr", false, 12},
    {"pge", false, 13},
    {"cmov", false, 15},
    {"pat", false, 16},
    {"fxsr", false, 24},
}};

constexpr uint32_t bits(std::initializer_list<int> list) {
  uint32_t v = 0;
  for (int b : list) v |= 1u << b;
  return v;
}

struct ModelInfo {
  std::string_view name;
  CpuModelId id;
  uint32_t edx;
  std::string_view description;
};

constexpr std::array<ModelInfo, 3> kModels = {{
    {"i486", CpuModelId::kI486, bits({0}), "Intel 486DX with CPUID (family 4)"},
    {"pentium", CpuModelId::kPentium, bits({0, 1, 2, 3, 4, 5, 7, 8}),
     "Intel Pentium P54C (family 5)"},
    {"p6", CpuModelId::kP6, bits({0, 1, 2, 3, 4, 5, 6, 8, 9, 11, 12, 13, 15, 16, 24}),
     "generic family-6 CPU without MMX/SSE (default)"},
}};

}  // namespace

CpuConfig parse_cpu_option(std::string_view text) {
  std::string_view rest = text;
  auto next_token = [&rest]() {
    size_t comma = rest.find(',');
    std::string_view token = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    return token;
  };
  std::string_view model_name = next_token();
  CpuConfig config;
  bool found = false;
  for (const ModelInfo& m : kModels) {
    if (m.name == model_name) {
      config.model = m.id;
      config.features_edx = m.edx;
      found = true;
    }
  }
  if (!found)
    throw InputError("--cpu: unknown model '" + std::string(model_name) + "' (see --cpu help)");
  while (!rest.empty()) {
    std::string_view token = next_token();
    if (token.size() < 2 || (token[0] != '+' && token[0] != '-')) {
      throw InputError("--cpu: expected +feature or -feature, got '" + std::string(token) + "'");
    }
    bool on = token[0] == '+';
    std::string_view name = token.substr(1);
    const FeatureName* feature = nullptr;
    for (const FeatureName& f : kFeatures) {
      if (f.name == name) feature = &f;
    }
    if (!feature)
      throw InputError("--cpu: unknown feature '" + std::string(name) + "' (see --cpu help)");
    uint32_t& word = feature->in_ecx ? config.features_ecx : config.features_edx;
    word = on ? (word | (1u << feature->bit)) : (word & ~(1u << feature->bit));
  }
  return config;
}

std::string cpu_help_text() {
  std::string out = "CPU models (--cpu MODEL[,+feature,-feature...]):\n";
  for (const ModelInfo& m : kModels) {
    out += "  " + std::string(m.name) + std::string(10 - m.name.size(), ' ') +
           std::string(m.description) + "\n    features:";
    for (const FeatureName& f : kFeatures) {
      if (!f.in_ecx && (m.edx >> f.bit & 1)) out += " " + std::string(f.name);
    }
    out += "\n";
  }
  out += "Features that can be switched:";
  for (const FeatureName& f : kFeatures) out += " " + std::string(f.name);
  out += "\n";
  return out;
}

}  // namespace mkemu
