#include "cpu/decode_info.h"

#include <cstring>

#include "cpu/decoder.h"

namespace mkemu {

namespace {

bool is_string_op(unsigned opcode) {
  return (opcode >= 0x6C && opcode <= 0x6F) || (opcode >= 0xA4 && opcode <= 0xA7) ||
         (opcode >= 0xAA && opcode <= 0xAF);
}

bool is_compare_string(unsigned opcode) {
  return opcode == 0xA6 || opcode == 0xA7 || opcode == 0xAE || opcode == 0xAF;
}

}  // namespace

DecodeInfo decode_for_crosscheck(std::span<const uint8_t> bytes, bool code32,
                                 const CpuConfig& config) {
  DecodeInfo info;
  cpu::Insn insn;
  auto avail = static_cast<unsigned>(bytes.size() < 16 ? bytes.size() : 16);
  cpu::DecodeResult r = cpu::decode(bytes.data(), avail, code32, config, insn);
  if (r.status != cpu::DecodeStatus::kOk || r.invalid || r.too_long || !r.desc) return info;
  const cpu::OpDesc& d = *r.desc;
  bool wide = (d.flags & cpu::kOpMnemByAsize) ? insn.a32 : insn.o32;
  const char* m = wide ? d.mnem32 : d.mnem16;
  // The x87 escapes are not decoded to mnemonics here until the FPU lands.
  if (std::strcmp(m, "fpu") == 0) return info;
  info.valid = true;
  info.length = insn.len;
  std::string prefix;
  if (insn.lock) prefix = "lock ";
  if (is_string_op(insn.opcode)) {
    if (insn.rep) prefix += is_compare_string(insn.opcode) ? "repe " : "rep ";
    if (insn.repne) prefix += "repne ";
  }
  info.mnemonic = prefix + m;
  if (insn.opcode == 0x90 && insn.rep) info.mnemonic = "pause";
  return info;
}

}  // namespace mkemu
