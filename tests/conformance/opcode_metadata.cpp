#include "tests/conformance/opcode_metadata.h"

#include <fstream>
#include <sstream>

#include "tests/conformance/mini_json.h"

namespace mkemu::conformance {
namespace {

void take_mask(const json::Value& entry, const std::string& stem,
               std::map<std::string, uint16_t>& out) {
  const json::Value* mask = entry.find("flags-mask");
  if (mask && mask->kind == json::Value::Kind::kNumber)
    out[stem] = static_cast<uint16_t>(mask->number);
}

}  // namespace

OpcodeMetadata OpcodeMetadata::load(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path.string() + ": cannot open");
  std::stringstream text;
  text << in.rdbuf();
  json::Value doc = json::parse(text.str(), path.string());
  const json::Value* opcodes = doc.find("opcodes");
  if (!opcodes || opcodes->kind != json::Value::Kind::kObject)
    throw InputError(path.string() + ": no \"opcodes\" object");
  OpcodeMetadata m;
  for (const auto& [opcode, entry] : opcodes->object) {
    take_mask(entry, opcode, m.masks_);
    if (const json::Value* regs = entry.find("reg")) {
      for (const auto& [reg, sub] : regs->object) take_mask(sub, opcode + "." + reg, m.masks_);
    }
  }
  return m;
}

uint32_t OpcodeMetadata::defined_flags(const std::string& stem) const {
  auto it = masks_.find(stem);
  return it == masks_.end() ? 0xFFFF'FFFFu : (0xFFFF'0000u | it->second);
}

}  // namespace mkemu::conformance
