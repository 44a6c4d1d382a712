#include "tests/conformance/exclusions_286.h"

#include <array>
#include <optional>

namespace mkemu::conformance {
namespace {

// The instruction as the 286 reads it: prefixes, opcode, ModRM.
struct Insn16 {
  bool lock = false;
  bool segment_override = false;
  uint8_t opcode = 0;
  std::optional<uint8_t> modrm;
  size_t length = 0;  // without the trailing HLT
};

bool is_prefix(uint8_t b) {
  return b == 0x26 || b == 0x2E || b == 0x36 || b == 0x3E || b == 0xF0 || b == 0xF2 || b == 0xF3;
}

// One-byte opcodes of the 286 that take a ModRM byte.
bool has_modrm(uint8_t op) {
  if (op < 0x40) return (op & 0x04) == 0;  // ALU r/m forms 00-03, 08-0B, ...
  if (op >= 0x80 && op <= 0x8F) return true;
  if (op >= 0xD0 && op <= 0xDF) return op <= 0xD3 || op >= 0xD8;
  switch (op) {
    case 0x62:
    case 0x63:
    case 0x69:
    case 0x6B:
    case 0xC0:
    case 0xC1:
    case 0xC4:
    case 0xC5:
    case 0xC6:
    case 0xC7:
    case 0xF6:
    case 0xF7:
    case 0xFE:
    case 0xFF: return true;
    default: return false;
  }
}

Insn16 decode(const std::vector<uint8_t>& bytes) {
  Insn16 insn;
  insn.length = bytes.empty() ? 0 : bytes.size() - 1;
  size_t i = 0;
  while (i < bytes.size() && is_prefix(bytes[i])) {
    if (bytes[i] == 0xF0) insn.lock = true;
    if ((bytes[i] & 0xE7) == 0x26) insn.segment_override = true;
    ++i;
  }
  if (i < bytes.size()) insn.opcode = bytes[i++];
  if (has_modrm(insn.opcode) && i < bytes.size()) insn.modrm = bytes[i];
  return insn;
}

unsigned mod_of(uint8_t modrm) {
  return modrm >> 6;
}
unsigned reg_of(uint8_t modrm) {
  return (modrm >> 3) & 7;
}
unsigned rm_of(uint8_t modrm) {
  return modrm & 7;
}

// Instructions P6 accepts LOCK on, all with a memory destination (SDM Vol.2 LOCK).
bool p6_lockable(const Insn16& insn) {
  if (!insn.modrm || mod_of(*insn.modrm) == 3) return false;
  uint8_t op = insn.opcode;
  unsigned reg = reg_of(*insn.modrm);
  if (op < 0x38 && (op & 0x07) <= 1) return true;  // ALU r/m, r: ADD..XOR (not CMP)
  if (op >= 0x80 && op <= 0x83) return reg != 7;
  if (op == 0x86 || op == 0x87) return true;
  if (op == 0xF6 || op == 0xF7) return reg == 2 || reg == 3;
  if (op == 0xFE || op == 0xFF) return reg <= 1;
  return false;
}

// Memory operands through BP default to SS.
bool ss_relative_operand(const Insn16& insn) {
  if (!insn.modrm || insn.segment_override) return false;
  unsigned mod = mod_of(*insn.modrm), rm = rm_of(*insn.modrm);
  return mod != 3 && (rm == 2 || rm == 3 || (rm == 6 && mod != 0));
}

bool string_opcode(uint8_t op) {
  return (op >= 0x6C && op <= 0x6F) || (op >= 0xA4 && op <= 0xA7) || (op >= 0xAA && op <= 0xAF);
}

// The terminating HLT at CS:FFFF (the reference then reports IP 0).
bool hlt_at_ffff(const moo::TestCase& test) {
  if (test.exception) return false;
  const moo::RegisterBlock& init = *test.initial.regs;
  const auto final_value = [&](unsigned reg) {
    return test.final.regs && test.final.regs->has(reg) ? test.final.regs->value[reg]
                                                        : init.value[reg];
  };
  if (final_value(moo::kIp) != 0) return false;
  uint32_t hlt = (final_value(moo::kCs) << 4) + 0xFFFF;
  for (const moo::RamByte& b : test.initial.ram)
    if (b.address == hlt && b.value == 0xF4) return true;
  return false;
}

bool implicit_stack_opcode(uint8_t op) {
  return (op >= 0x50 && op <= 0x61) || op == 0x06 || op == 0x07 || op == 0x0E || op == 0x16 ||
         op == 0x17 || op == 0x1E || op == 0x1F || op == 0x68 || op == 0x6A || op == 0x9A ||
         op == 0x9C || op == 0x9D || (op >= 0xC2 && op <= 0xC3) || (op >= 0xC8 && op <= 0xCF) ||
         op == 0xE8;
}

std::optional<uint16_t> initial_word(const moo::TestCase& test, uint32_t address) {
  std::optional<uint8_t> lo, hi;
  for (const moo::RamByte& b : test.initial.ram) {
    if (b.address == address) lo = b.value;
    if (b.address == address + 1) hi = b.value;
  }
  if (!lo || !hi) return std::nullopt;
  return static_cast<uint16_t>(*lo | (*hi << 8));
}

// The FLAGS image POPF (offset 0) or IRET (offset 4) pops.
std::optional<uint16_t> popped_flags(const moo::TestCase& test, unsigned offset) {
  const moo::RegisterBlock& r = *test.initial.regs;
  uint32_t sp = (r.value[moo::kSp] + offset) & 0xFFFF;
  return initial_word(test, (r.value[moo::kSs] << 4) + sp);
}

}  // namespace

std::string_view exclusion_name(Exclusion286 category) {
  switch (category) {
    case Exclusion286::kNone: return "none";
    case Exclusion286::kLockUndefined: return "lock-ud";
    case Exclusion286::kPopIoplNt: return "pop-iopl-nt";
    case Exclusion286::kFsGsEncoding: return "fs-gs";
    case Exclusion286::kStackWrapFault: return "stack-wrap";
    case Exclusion286::kOverTenBytes: return "over-10-bytes";
    case Exclusion286::kStringFaultIndex: return "string-fault-index";
    case Exclusion286::kHltAtFfff: return "hlt-at-ffff";
  }
  return "?";
}

std::string_view exclusion_reason(Exclusion286 category) {
  switch (category) {
    case Exclusion286::kNone: return "";
    case Exclusion286::kLockUndefined:
      return "LOCK on an instruction P6 cannot lock (no memory destination or not in the "
             "lockable list): P6 raises #UD (SDM Vol.2A LOCK), the 286 executes it";
    case Exclusion286::kPopIoplNt:
      return "POPF/IRET popping FLAGS bits 12-14 in real mode: the 286 keeps IOPL and NT "
             "zero, P6 loads them (SDM Vol.1 3.4.3 / POPF operation)";
    case Exclusion286::kFsGsEncoding:
      return "MOV Sreg with reg field 4/5: #UD on the 286, FS/GS on P6";
    case Exclusion286::kStackWrapFault:
      return "SS-relative access wrapping at offset 0xFFFF: the 286 raises #GP(13), P6 "
             "raises #SS(12) (SDM Vol.2 real-address-mode exceptions)";
    case Exclusion286::kOverTenBytes:
      return "instruction longer than 10 bytes: #GP(13) on the 286, P6 allows 15 bytes "
             "(SDM Vol.2 2.3.11)";
    case Exclusion286::kStringFaultIndex:
      return "string instruction raising #GP on a word access at offset 0xFFFF: the 286 has "
             "already advanced SI/DI, P6 faults restart with them unchanged (SDM Vol.3 6.5)";
    case Exclusion286::kHltAtFfff:
      return "the final HLT sits at offset 0xFFFF: the 286 wraps IP to 0000 after it, P6 "
             "leaves EIP = 0x10000 (EIP is not truncated by sequential execution; QEMU 7.2 "
             "agrees, measured)";
  }
  return "?";
}

Exclusion286 classify_286(std::string_view stem, const moo::TestCase& test) {
  Insn16 insn = decode(test.bytes);
  std::optional<uint8_t> vector;
  if (test.exception) vector = test.exception->vector;
  if (insn.length > 10) return Exclusion286::kOverTenBytes;
  // Where the 286 raised #UD itself, P6 raises the same #UD.
  if (insn.lock && !p6_lockable(insn) && vector != 6) return Exclusion286::kLockUndefined;
  if ((stem == "8C" || stem == "8E") && insn.modrm &&
      (reg_of(*insn.modrm) == 4 || reg_of(*insn.modrm) == 5))
    return Exclusion286::kFsGsEncoding;
  if (vector == 13 && (ss_relative_operand(insn) || implicit_stack_opcode(insn.opcode)))
    return Exclusion286::kStackWrapFault;
  if (vector == 13 && string_opcode(insn.opcode)) return Exclusion286::kStringFaultIndex;
  if (hlt_at_ffff(test)) return Exclusion286::kHltAtFfff;
  if (!vector && (stem == "9D" || stem == "CF")) {
    std::optional<uint16_t> image = popped_flags(test, stem == "9D" ? 0 : 4);
    if (image && (*image & 0x7000u) != 0) return Exclusion286::kPopIoplNt;
  }
  return Exclusion286::kNone;
}

}  // namespace mkemu::conformance
