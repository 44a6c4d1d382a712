#include "cpu/decoder.h"

#include "cpu/cpu_state.h"
#include "cpu/fpu/x87_cycles.h"
#include "cpu/handlers.h"

namespace mkemu::cpu {
namespace {

constexpr unsigned kMaxLength = 15;

// ModRM.rm -> base/index registers of 16-bit addressing (SDM vol. 2 table 2-1).
constexpr uint8_t kBase16[8] = {kEbx, kEbx, kEbp, kEbp, kNoReg, kNoReg, kEbp, kEbx};
constexpr uint8_t kIndex16[8] = {kEsi, kEdi, kEsi, kEdi, kEsi, kEdi, kNoReg, kNoReg};
constexpr uint8_t kSegSs = kSs, kSegDs = kDs;

bool feature_present(uint16_t flags, const CpuConfig& config) {
  if ((flags & kOpFeatP6) && config.model != CpuModelId::kP6) return false;
  const uint32_t edx = config.features_edx;
  if ((flags & kOpFeatMsr) && !(edx & (1u << 5))) return false;
  if ((flags & kOpFeatTsc) && !(edx & (1u << 4))) return false;
  if ((flags & kOpFeatSep) && !(edx & (1u << 11))) return false;
  if ((flags & kOpFeatCmov) && !(edx & (1u << 15))) return false;
  if ((flags & kOpFeatFxsr) && !(edx & (1u << 24))) return false;
  if ((flags & kOpFeatCx8) && !(edx & (1u << 8))) return false;
  return true;
}

struct Reader {
  const uint8_t* bytes;
  unsigned avail;
  unsigned pos = 0;
  bool short_read = false;
  uint32_t take(unsigned n) {
    uint32_t v = 0;
    for (unsigned k = 0; k < n; ++k) {
      if (pos >= avail) {
        short_read = true;
        return v;
      }
      v |= uint32_t{bytes[pos++]} << (8 * k);
    }
    return v;
  }
};

uint32_t sign_extend(uint32_t v, unsigned bytes) {
  if (bytes == 1) return static_cast<uint32_t>(static_cast<int8_t>(v));
  if (bytes == 2) return static_cast<uint32_t>(static_cast<int16_t>(v));
  return v;
}

void decode_modrm(Reader& r, Insn& out, bool reg_only) {
  uint8_t m = static_cast<uint8_t>(r.take(1));
  out.modrm = m;
  // MOV to/from CR/DR ignore ModRM.mod: always a register operand.
  out.mod = reg_only ? 3 : m >> 6;
  out.reg = (m >> 3) & 7;
  out.rm = m & 7;
  if (out.mod == 3) return;
  uint8_t default_seg = kSegDs;
  if (!out.a32) {
    if (out.mod == 0 && out.rm == 6) {
      out.disp = r.take(2);
    } else {
      out.base = kBase16[out.rm];
      out.index = kIndex16[out.rm];
      if (out.base == kEbp) default_seg = kSegSs;
      if (out.mod == 1) out.disp = sign_extend(r.take(1), 1);
      if (out.mod == 2) out.disp = r.take(2);
    }
  } else {
    uint8_t base = out.rm;
    if (out.rm == 4) {
      uint8_t sib = static_cast<uint8_t>(r.take(1));
      out.scale = sib >> 6;
      uint8_t index = (sib >> 3) & 7;
      out.index = index == 4 ? kNoReg : index;
      base = sib & 7;
      if (base == 5 && out.mod == 0) {
        base = kNoReg;
        out.disp = r.take(4);
      }
    } else if (out.rm == 5 && out.mod == 0) {
      base = kNoReg;
      out.disp = r.take(4);
    }
    out.base = base;
    if (base == kEsp || base == kEbp) default_seg = kSegSs;
    if (out.mod == 1) out.disp = sign_extend(r.take(1), 1);
    if (out.mod == 2) out.disp = r.take(4);
  }
  if (!out.seg_override) out.seg = default_seg;
}

// The bytes ran out before the instruction ended. With fewer than 15 bytes
// the caller can fetch more; with 15 or more the instruction is longer than
// the architectural limit: #GP(0), like too many prefixes.
DecodeResult ran_out(unsigned avail, Insn& out, DecodeResult result) {
  if (avail < kMaxLength) {
    result.status = DecodeStatus::kNeedMore;
    return result;
  }
  out.fn = gp_too_long;
  out.len = kMaxLength;
  result.too_long = true;
  return result;
}

}  // namespace

DecodeResult decode(const uint8_t* bytes, unsigned avail, bool code32, const CpuConfig& config,
                    Insn& out) {
  DecodeResult result;
  out = Insn{};
  out.code32 = code32;
  out.o32 = code32;
  out.a32 = code32;
  out.seg = kDs;
  Reader r{bytes, avail};
  unsigned opcode = 0;
  // Prefixes: any number, any order; the 15-byte limit bounds them.
  for (;;) {
    if (r.pos >= kMaxLength) {
      out.fn = gp_too_long;
      out.len = kMaxLength;
      result.too_long = true;
      return result;
    }
    uint8_t b = static_cast<uint8_t>(r.take(1));
    if (r.short_read) {
      return ran_out(avail, out, result);
    }
    switch (b) {
      case 0x26:
        out.seg = 0;
        out.seg_override = 1;
        continue;
      case 0x2E:
        out.seg = 1;
        out.seg_override = 1;
        continue;
      case 0x36:
        out.seg = 2;
        out.seg_override = 1;
        continue;
      case 0x3E:
        out.seg = 3;
        out.seg_override = 1;
        continue;
      case 0x64:
        out.seg = 4;
        out.seg_override = 1;
        continue;
      case 0x65:
        out.seg = 5;
        out.seg_override = 1;
        continue;
      case 0x66: out.o32 = !code32; continue;
      case 0x67: out.a32 = !code32; continue;
      case 0xF0: out.lock = 1; continue;
      case 0xF2:
        out.repne = 1;
        out.rep = 0;
        continue;
      case 0xF3:
        out.rep = 1;
        out.repne = 0;
        continue;
      default: break;
    }
    opcode = b;
    break;
  }
  if (opcode == 0x0F) {
    opcode = 0x100 | r.take(1);
    if (r.short_read) {
      return ran_out(avail, out, result);
    }
  }
  out.opcode = static_cast<uint16_t>(opcode);
  const OpEntry& entry = op_entry(opcode);
  const OpDesc* desc = entry.is_group ? nullptr : &entry.plain;
  bool has_modrm = entry.is_group || (entry.plain.flags & kOpModrm);
  if (has_modrm) decode_modrm(r, out, !entry.is_group && (entry.plain.flags & kOpRegOnly));
  if (entry.is_group) desc = &entry.group[out.reg];
  if (desc && !desc->present) desc = nullptr;
  if (desc && (desc->flags & kOpRegInOpcode)) out.rm = opcode & 7;
  // Immediates.
  if (desc) {
    const unsigned zsize = out.o32 ? 4 : 2;
    switch (desc->imm) {
      case ImmKind::kNone: break;
      case ImmKind::kIb: out.imm = r.take(1); break;
      case ImmKind::kIbs: out.imm = sign_extend(r.take(1), 1); break;
      case ImmKind::kIw: out.imm = r.take(2); break;
      case ImmKind::kIz: out.imm = r.take(zsize); break;
      case ImmKind::kRel8: out.imm = sign_extend(r.take(1), 1); break;
      case ImmKind::kRelz: out.imm = sign_extend(r.take(zsize), zsize); break;
      case ImmKind::kMoffs: out.disp = r.take(out.a32 ? 4 : 2); break;
      case ImmKind::kFar:
        out.imm = r.take(zsize);
        out.imm2 = static_cast<uint16_t>(r.take(2));
        break;
      case ImmKind::kEnter:
        out.imm = r.take(2);
        out.imm2 = static_cast<uint16_t>(r.take(1));
        break;
    }
  }
  if (r.short_read) return ran_out(avail, out, result);
  if (r.pos > kMaxLength) {
    out.fn = gp_too_long;
    out.len = kMaxLength;
    result.too_long = true;
    return result;
  }
  out.len = static_cast<uint8_t>(r.pos);
  result.desc = desc;
  bool bad = !desc || !feature_present(desc->flags, config) ||
             ((desc->flags & kOpMemOnly) && out.mod == 3);
  // MOV to/from segment registers: only ES..GS exist, and CS cannot be loaded.
  if ((opcode == 0x8C || opcode == 0x8E) && (out.reg > 5 || (opcode == 0x8E && out.reg == 1))) {
    bad = true;
  }
  if (out.lock && (bad || !(desc->flags & kOpLockOk) || out.mod == 3)) bad = true;
  if (bad) {
    out.fn = ud;
    result.invalid = true;
    return result;
  }
  out.fn = out.o32 ? desc->h32 : desc->h16;
  unsigned column = (config.model == CpuModelId::kI486 ? 0 : 2) + (out.mod != 3 ? 1 : 0);
  out.cycles = desc->cycles[column];
  // x87 escapes: the count depends on the ModRM form (cpu/fpu/x87_cycles.cpp).
  if (opcode >= 0xD8 && opcode <= 0xDF) {
    const X87Cycles x = x87_cycles(static_cast<uint8_t>(opcode), out.modrm);
    out.cycles = config.model == CpuModelId::kI486 ? x.i486 : x.pentium;
  }
  return result;
}

}  // namespace mkemu::cpu
