#include "tests/system/lockstep/x87_compare.h"

#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace mkemu::lockstep {
namespace {

constexpr uint16_t kIE = 0x0001, kDE = 0x0002, kPE = 0x0020, kSF = 0x0040, kC0 = 0x0100,
                   kC1 = 0x0200, kC2 = 0x0400, kC3 = 0x4000;
// The masked response to an invalid operation: the QNaN floating-point
// indefinite (SDM Vol.1 4.8.3.7).
constexpr uint64_t kIndefiniteMantissa = 0xC000000000000000ull;
constexpr uint16_t kIndefiniteSignExp = 0xFFFF;

bool named(const cs_insn* insn, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (std::strcmp(insn->mnemonic, n) == 0) return true;
  return false;
}

// Instructions after which the SDM (Vol.2, "FPU Flags Affected") defines
// C0, C2 and C3; after every other x87 instruction they are undefined.
bool defines_c0_c2_c3(const cs_insn* insn) {
  return named(insn, {"fcom",   "fcomp",  "fcompp", "fucom",  "fucomp", "fucompp", "ficom",
                      "ficomp", "ftst",   "fxam",   "fprem",  "fprem1", "fninit",  "frstor",
                      "fldenv", "fnsave", "fcomi",  "fcomip", "fucomi", "fucomip"});
}

// Instructions that leave all of C0-C3 undefined.
bool undefines_c0_to_c3(const cs_insn* insn) {
  return named(insn, {"fnclex", "fnstsw", "fnstcw", "fldcw", "fnstenv", "ffree", "fnop", "wait"});
}

// Instructions whose C1 says whether the result was rounded up (SDM Vol.1
// 8.1.3.1): the numeric ones, apart from those where C1 means something else
// (compares: 0; FXAM: the sign; FPREM: a quotient bit; FXCH, FCHS, FABS,
// FINCSTP, FDECSTP: 0).
bool c1_is_round_up(const cs_insn* insn) {
  return !defines_c0_c2_c3(insn) && !undefines_c0_to_c3(insn) &&
         !named(insn, {"fxch", "fchs", "fabs", "fincstp", "fdecstp"});
}

int gpr_index(x86_reg r) {
  switch (r) {
    case X86_REG_EAX: return 0;
    case X86_REG_ECX: return 1;
    case X86_REG_EDX: return 2;
    case X86_REG_EBX: return 3;
    case X86_REG_ESP: return 4;
    case X86_REG_EBP: return 5;
    case X86_REG_ESI: return 6;
    case X86_REG_EDI: return 7;
    default: return -1;
  }
}

std::string hex(const uint8_t* p, size_t n) {
  std::string s;
  char buf[3];
  for (size_t i = n; i-- > 0;) {
    std::snprintf(buf, sizeof buf, "%02x", p[i]);
    s += buf;
  }
  return s;
}

const RegisterSlot& slot_named(const std::string& name) {
  for (const RegisterSlot& s : qemu_register_slots())
    if (name == s.name) return s;
  throw std::logic_error("no register slot " + name);
}

}  // namespace

const std::vector<const char*>& x87_qemu_deviations() {
  static const std::vector<const char*> list = {
      "x87 at power-on: QEMU starts in the FNINIT state (FCW 037Fh, all empty) where the SDM "
      "gives FCW 0040h, FTW 5555h (Vol.3 Table 9-1); FCW is compared from the first "
      "FNINIT/FLDCW/FLDENV/FRSTOR on",
      "QEMU 7.2's stub puts the physical registers R0-R7 in st0-st7, not ST(i) = R[(TOP+i) mod "
      "8] (gdb's meaning); converted with QEMU's TOP",
      "QEMU 7.2's stub reports ftag, fiseg, fioff, foseg, fooff and fop as 0; they are compared "
      "in the FNSTENV/FNSAVE images the guest stores",
      "C1 is neither set nor cleared as the round-up bit of numeric instructions (SDM Vol.1 "
      "8.1.3.1, 8.5.6)",
      "stack overflow and underflow are not detected: no IE+SF, no C1, no QNaN indefinite "
      "(SDM Vol.1 8.5.1.1)",
      "FLD m32/m64 of a denormal does not set DE (SDM Vol.2 FLD, #D)",
      "memory operands (FLD m32/m64/m80, FILD, FBLD, and the m32/m64/integer operands of "
      "FADD/FMUL/FSUB/FDIV) are rounded to the precision control on loading; PC applies only "
      "to the results of FADD/FSUB/FMUL/FDIV/FSQRT (SDM Vol.1 8.1.5.2)",
      "C0/C2/C3 where the SDM leaves them undefined (e.g. C2 after FSQRT of a negative) may "
      "differ: both are right",
      "FNSTENV/FNSAVE store 0000h in the reserved upper words where CPUs (and Bochs) store "
      "FFFFh, and store no FOP (SDM Vol.1 8.1.9): those bits are not compared",
      "FRSTOR/FLDENV do not load FIP/FCS/FDP/FDS, and FNSTSW AX updates FIP/FCS although it is "
      "a control instruction (SDM Vol.1 8.1.8): the pointers are compared only after a "
      "non-control instruction has set them again",
  };
  return list;
}

bool X87Comparison::is_x87_slot(const char* name) {
  if (name[0] == 's' && name[1] == 't') return true;
  return name[0] == 'f' && std::strcmp(name, "fs") != 0 && std::strcmp(name, "fs_base") != 0;
}

void X87Comparison::before(const cs_insn* insn, const std::vector<uint8_t>& bytes,
                           const X87State& mkemu) {
  insn_ = insn;
  pre_ = mkemu;
  x87_ = false;
  if (!insn) return;
  // The opcode and ModRM from the bytes: capstone reports no ModRM for
  // register-only forms such as DF E0.
  size_t i = 0;
  while (i + 1 < bytes.size() &&
         (bytes[i] == 0x66 || bytes[i] == 0x67 || bytes[i] == 0x26 || bytes[i] == 0x2E ||
          bytes[i] == 0x36 || bytes[i] == 0x3E || bytes[i] == 0x64 || bytes[i] == 0x65))
    ++i;
  if (i + 1 >= bytes.size()) return;
  opcode_ = bytes[i];
  modrm_ = bytes[i + 1];
  x87_ = opcode_ >= 0xD8 && opcode_ <= 0xDF;
}

void X87Comparison::completed() {
  if (!x87_) return;
  const X87OpInfo info = x87_decode(opcode_, modrm_);
  const unsigned reg = (modrm_ >> 3) & 7;
  if ((opcode_ == 0xDB && modrm_ == 0xE3) ||
      (opcode_ == 0xD9 && info.memory && reg >= 4 && reg <= 5) ||
      (opcode_ == 0xDD && info.memory && reg == 4))
    control_word_loaded_ = true;  // FNINIT, FLDENV, FLDCW, FRSTOR
  if (named(insn_, {"frstor", "fldenv"})) fip_comparable_ = fdp_comparable_ = false;
  if (named(insn_, {"fninit", "fnsave"})) fip_comparable_ = fdp_comparable_ = true;
  if (opcode_ == 0xDF && modrm_ == 0xE0) fip_comparable_ = false;  // FNSTSW AX
  if (info.valid && !info.control) {
    fip_comparable_ = true;
    if (info.memory) fdp_comparable_ = true;
  }
}

std::vector<std::string> X87Comparison::diff(const std::vector<uint8_t>& q,
                                             const std::vector<uint8_t>& m, const X87State& mkemu,
                                             bool& resync) {
  std::vector<std::string> out;
  resync_.clear();
  const uint16_t q_sw = static_cast<uint16_t>(slot_u32(q, "fstat"));
  const uint16_t m_sw = static_cast<uint16_t>(slot_u32(m, "fstat"));
  const unsigned q_top = (q_sw >> 11) & 7, m_top = (m_sw >> 11) & 7;
  // A stack fault needs a push onto a valid ST(7) or an empty operand
  // register (ST(0), or ST(i) of a register form) before the instruction.
  const unsigned pre_top = (pre_.sw >> 11) & 7;
  auto was_valid = [&](unsigned i) { return ((pre_.tag_valid >> ((pre_top + i) & 7)) & 1) != 0; };
  const bool overflow = m_top == ((pre_top + 7) & 7) && was_valid(7);
  const bool underflow = !was_valid(0) || ((modrm_ >> 6) == 3 && !was_valid(modrm_ & 7));
  const bool stack_fault =
      (m_sw & (kSF | kIE)) == (kSF | kIE) && x87_ && q_top == m_top && (overflow || underflow);

  // Rules for the documented QEMU errors (x87_qemu_deviations).
  const unsigned reg = (modrm_ >> 3) & 7;
  const bool memory = (modrm_ >> 6) != 3;
  const bool load = x87_ && memory &&
                    ((reg == 0 && opcode_ >= 0xD9 && (opcode_ & 1)) ||  // FLD/FILD m32/m64/m16
                     (opcode_ == 0xDF && (reg == 4 || reg == 5)) ||     // FBLD, FILD m64
                     (opcode_ == 0xDB && reg == 5));                    // FLD m80
  // FADD/FMUL/FSUB(R)/FDIV(R) with an m32/m64/m16int/m32int operand.
  const bool arithmetic_operand =
      x87_ && memory && !(opcode_ & 1) && reg != 2 && reg != 3;  // not FCOM/FCOMP
  const bool narrow_precision = ((mkemu.cw >> 8) & 3) != 3;
  const bool rounded_operand = (load || arithmetic_operand) && narrow_precision;
  uint16_t allowed = 0;
  if (x87_ && c1_is_round_up(insn_)) allowed |= kC1;
  if (x87_ && !defines_c0_c2_c3(insn_)) allowed |= kC0 | kC2 | kC3;
  if (x87_ && undefines_c0_to_c3(insn_)) allowed |= kC1;
  if (stack_fault) allowed |= kIE | kSF | kC1;
  if (load && (opcode_ == 0xD9 || opcode_ == 0xDD)) allowed |= kDE;
  if (rounded_operand) allowed |= kPE | kC1;

  // ST(i): QEMU's slot (TOP + i) mod 8 holds it.
  std::vector<unsigned> st_resync;
  std::vector<std::string> st_diffs;
  for (unsigned i = 0; i < 8; ++i) {
    const unsigned physical = (q_top + i) & 7;
    RegisterValue a = slot_value(q, slot_named("st" + std::to_string(physical)));
    RegisterValue b = slot_value(m, slot_named("st" + std::to_string(i)));
    if (a == b) continue;
    const X87Reg& r = mkemu.reg[(m_top + i) & 7];
    const bool indefinite = r.mantissa == kIndefiniteMantissa && r.sign_exp == kIndefiniteSignExp;
    if (stack_fault && indefinite) {
      ++accepted_["stack overflow/underflow"];
    } else if (rounded_operand && i == 0) {
      ++accepted_["memory operands rounded to the precision control"];
    } else {
      st_diffs.push_back("st" + std::to_string(i) + ": qemu " + format_value(a, 10) + " mkemu " +
                         format_value(b, 10));
      continue;
    }
    st_resync.push_back(physical);
  }
  for (std::string& d : st_diffs) out.push_back(std::move(d));

  const uint16_t sw_diff = q_sw ^ m_sw;
  if (sw_diff & ~allowed) {
    char line[96];
    std::snprintf(line, sizeof line, "fstat: qemu %08x mkemu %08x", q_sw, m_sw);
    out.push_back(line);
  } else if (sw_diff) {
    if (stack_fault && (sw_diff & (kIE | kSF))) ++accepted_["stack overflow/underflow"];
    if ((sw_diff & kC1) && !stack_fault && c1_is_round_up(insn_))
      ++accepted_["C1 as the round-up bit"];
    if ((sw_diff & kPE) && rounded_operand)
      ++accepted_["memory operands rounded to the precision control"];
    if ((sw_diff & kDE) && load) ++accepted_["DE on a denormal load"];
    if (sw_diff & (kC0 | kC2 | kC3)) ++accepted_["undefined C0/C2/C3"];
  }
  if (sw_diff || !st_resync.empty()) {
    for (unsigned physical : st_resync) {
      const X87Reg& r = mkemu.reg[physical];
      RegisterValue v{};
      std::memcpy(v.data(), &r.mantissa, 8);
      std::memcpy(v.data() + 8, &r.sign_exp, 2);
      resync_.emplace_back("st" + std::to_string(physical), v);
    }
    RegisterValue v{};
    std::memcpy(v.data(), &m_sw, 2);
    resync_.emplace_back("fstat", v);
  }
  if (control_word_loaded_) {
    const uint32_t a = slot_u32(q, "fctrl"), b = slot_u32(m, "fctrl");
    char line[96];
    std::snprintf(line, sizeof line, "fctrl: qemu %08x mkemu %08x", a, b);
    if (a != b) out.push_back(line);
  }
  resync = out.empty() && !resync_.empty();
  return out;
}

std::optional<MemoryOperand> X87Comparison::store_operand(const uint32_t regs[8]) const {
  if (!x87_ || (modrm_ >> 6) == 3) return std::nullopt;
  const cs_x86& x = insn_->detail->x86;
  if (x.prefix[2] == 0x66) return std::nullopt;  // 16-bit layouts: the ROM uses none
  const unsigned reg = (modrm_ >> 3) & 7;
  uint32_t bytes = 0;
  bool environment = false;
  switch (opcode_) {
    case 0xD9:
      if (reg == 2 || reg == 3) bytes = 4;
      if (reg == 6) bytes = 28, environment = true;
      if (reg == 7) bytes = 2;
      break;
    case 0xDB:
      if (reg == 2 || reg == 3) bytes = 4;
      if (reg == 7) bytes = 10;
      break;
    case 0xDD:
      if (reg == 2 || reg == 3) bytes = 8;
      if (reg == 6) bytes = 108, environment = true;
      if (reg == 7) bytes = 2;
      break;
    case 0xDF:
      if (reg == 2 || reg == 3) bytes = 2;
      if (reg == 6 || reg == 7) bytes = reg == 6 ? 10 : 8;
      break;
    default: break;
  }
  if (!bytes) return std::nullopt;
  for (unsigned i = 0; i < x.op_count; ++i) {
    const cs_x86_op& o = x.operands[i];
    if (o.type != X86_OP_MEM) continue;
    uint32_t address = static_cast<uint32_t>(o.mem.disp);
    if (o.mem.base != X86_REG_INVALID) {
      const int b = gpr_index(o.mem.base);
      if (b < 0) return std::nullopt;
      address += regs[b];
    }
    if (o.mem.index != X86_REG_INVALID) {
      const int n = gpr_index(o.mem.index);
      if (n < 0) return std::nullopt;
      address += regs[n] * static_cast<uint32_t>(o.mem.scale);
    }
    return MemoryOperand{address, bytes, environment};
  }
  return std::nullopt;
}

std::vector<std::string> X87Comparison::diff_store(const MemoryOperand& op,
                                                   const std::vector<uint8_t>& qemu,
                                                   const std::vector<uint8_t>& mkemu) const {
  // Bytes of the 32-bit protected-mode image (SDM Vol.1 Figure 8-9) not
  // compared: the reserved upper words and FOP always, the pointers while
  // QEMU's are stale (x87_qemu_deviations).
  std::vector<bool> skip(op.bytes, false);
  if (op.environment) {
    for (unsigned i : {2u, 3u, 6u, 7u, 10u, 11u, 18u, 19u, 26u, 27u}) skip[i] = true;
    for (unsigned i = 12; i < 18; ++i) skip[i] = skip[i] || !fip_comparable_;
    for (unsigned i = 20; i < 26; ++i) skip[i] = skip[i] || !fdp_comparable_;
  }
  std::vector<std::string> out;
  for (uint32_t i = 0; i < op.bytes; i += 4) {
    const uint32_t n = op.bytes - i < 4 ? op.bytes - i : 4;
    bool differs = false;
    for (uint32_t k = i; k < i + n; ++k) differs = differs || (!skip[k] && qemu[k] != mkemu[k]);
    if (!differs) continue;
    char line[96];
    std::snprintf(line, sizeof line, "memory %08x+%u: qemu %s mkemu %s", op.address, i,
                  hex(qemu.data() + i, n).c_str(), hex(mkemu.data() + i, n).c_str());
    out.push_back(line);
  }
  return out;
}

}  // namespace mkemu::lockstep
