#pragma once
// The per-opcode facts of SingleStepTests' metadata.json that the runner needs:
// which FLAGS bits the reference leaves undefined ("flags-mask", 1 = defined).
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace mkemu::conformance {

class OpcodeMetadata {
 public:
  static OpcodeMetadata load(const std::filesystem::path& path);

  // Bits to compare in (E)FLAGS for opcode file `stem` ("00", "80.1"): the
  // published 16-bit mask, with every bit above 15 compared. All ones when
  // the file has no entry.
  uint32_t defined_flags(const std::string& stem) const;

 private:
  std::map<std::string, uint16_t> masks_;  // by stem
};

}  // namespace mkemu::conformance
