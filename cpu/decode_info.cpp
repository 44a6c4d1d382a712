#include "cpu/decode_info.h"

#include <cstring>

#include "cpu/decoder.h"
#include "cpu/fpu/x87.h"

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
  // The x87 escapes: the X87 unit's decoder names them and says which exist.
  if (std::strcmp(m, "fpu") == 0) {
    X87OpInfo x = x87_decode(static_cast<uint8_t>(insn.opcode), insn.modrm);
    if (!x.valid || (x.p6_only && !(config.features_edx & (1u << 15)))) return info;
    m = x.mnemonic;
    // Capstone's names for the 8087/287 leftovers and the FSTP1 alias.
    if (std::strcmp(m, "fneni") == 0) m = "feni8087_nop";
    if (std::strcmp(m, "fndisi") == 0) m = "fdisi8087_nop";
    if (std::strcmp(m, "fnsetpm") == 0) m = "fsetpm";
    if (insn.opcode == 0xD9 && insn.mod == 3 && insn.reg == 3) m = "fstpnce";
  }
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
