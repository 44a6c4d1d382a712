#include "frontend/disassembler.h"

#include <capstone/capstone.h>

namespace mkemu {

Disassembly disassemble_one(std::span<const uint8_t> bytes, uint32_t address, bool code32) {
  csh handle;
  if (cs_open(CS_ARCH_X86, code32 ? CS_MODE_32 : CS_MODE_16, &handle) != CS_ERR_OK) {
    return {0, "(capstone unavailable)"};
  }
  cs_insn* insn = nullptr;
  Disassembly out{0, "(bad)"};
  if (cs_disasm(handle, bytes.data(), bytes.size(), address, 1, &insn) == 1) {
    out.length = insn->size;
    out.text = insn->mnemonic;
    if (insn->op_str[0]) out.text += std::string(" ") + insn->op_str;
    cs_free(insn, 1);
  }
  cs_close(&handle);
  return out;
}

}  // namespace mkemu
