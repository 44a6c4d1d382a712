// Stack instructions: PUSH/POP of registers, immediates, memory and segment
// registers, PUSHA/POPA, ENTER/LEAVE, PUSHF/POPF with their privilege rules.
#include "cpu/cpu_core.h"
#include "cpu/handlers.h"

namespace mkemu::cpu {
namespace {

unsigned sreg_of(const Insn& i) {
  if (i.opcode < 0x100) return (i.opcode >> 3) & 3;
  return i.opcode == 0x1A0 || i.opcode == 0x1A1 ? kFs : kGs;
}

template <typename T>
void pop_sreg(CpuCore& c, const Insn& i) {
  T v = c.peek_stack<T>(0);
  c.load_seg(sreg_of(i), static_cast<uint16_t>(v));
  c.set_sp(c.sp() + sizeof(T));
}

// POPF: which bits may change depends on mode, CPL and IOPL (SDM vol. 2, POPF).
void popf(CpuCore& c, uint32_t v, bool o32) {
  uint32_t changeable = kCF | kPF | kAF | kZF | kSF | kTF | kDF | kOF | kNT;
  if (o32) changeable |= kAC | kID;
  const uint32_t iopl = c.iopl();
  if (c.mode == Mode::kVm86) {
    if (iopl < 3) {
      if (!o32 && (c.s.cr4 & 1)) {
        // VME: IF in the image goes to VIF; #GP if it would unmask with VIP set or TF set.
        if (((v & kIF) && (c.flags_bits & kVIP)) || (v & kTF)) c.raise(kGP, 0);
        uint32_t vif = (v & kIF) ? kVIF : 0;
        c.write_eflags(v | vif, (changeable & 0xFFFF) | kVIF);
        return;
      }
      c.raise(kGP, 0);
    }
    changeable |= kIF;
  } else {
    if (c.s.cpl == 0) changeable |= kIOPL;
    if (c.s.cpl <= iopl) changeable |= kIF;
  }
  if (!o32) changeable &= 0xFFFF;
  c.write_eflags(v, changeable);
  c.materialize();
  c.flags_bits &= ~kRF;
}

}  // namespace

void push_r16(CpuCore& c, const Insn& i) {
  c.push<uint16_t>(c.reg16(i.rm));
}
void push_r32(CpuCore& c, const Insn& i) {
  c.push<uint32_t>(c.s.gpr[i.rm]);
}
void pop_r16(CpuCore& c, const Insn& i) {
  c.set_reg16(i.rm, c.pop<uint16_t>());
}
void pop_r32(CpuCore& c, const Insn& i) {
  c.s.gpr[i.rm] = c.pop<uint32_t>();
}
void push_iw(CpuCore& c, const Insn& i) {
  c.push<uint16_t>(static_cast<uint16_t>(i.imm));
}
void push_id(CpuCore& c, const Insn& i) {
  c.push<uint32_t>(i.imm);
}
void push_rm16(CpuCore& c, const Insn& i) {
  c.push<uint16_t>(c.rm_read<uint16_t>(i));
}
void push_rm32(CpuCore& c, const Insn& i) {
  c.push<uint32_t>(c.rm_read<uint32_t>(i));
}
// POP r/m computes the address with ESP already incremented (SDM vol. 2, POP).
void pop_rm16(CpuCore& c, const Insn& i) {
  uint16_t v = c.peek_stack<uint16_t>(0);
  uint32_t old = c.s.gpr[kEsp];
  c.set_sp(c.sp() + 2);
  try {
    c.rm_write<uint16_t>(i, v);
  } catch (...) {
    c.s.gpr[kEsp] = old;
    throw;
  }
}
void pop_rm32(CpuCore& c, const Insn& i) {
  uint32_t v = c.peek_stack<uint32_t>(0);
  uint32_t old = c.s.gpr[kEsp];
  c.set_sp(c.sp() + 4);
  try {
    c.rm_write<uint32_t>(i, v);
  } catch (...) {
    c.s.gpr[kEsp] = old;
    throw;
  }
}
void push_sreg16(CpuCore& c, const Insn& i) {
  c.push<uint16_t>(c.s.seg[sreg_of(i)].selector);
}
// A 32-bit push of a segment register writes only the low word (P6 family).
void push_sreg32(CpuCore& c, const Insn& i) {
  uint32_t n = (c.sp() - 4) & c.sp_mask();
  c.write<uint16_t>(kSs, n, c.s.seg[sreg_of(i)].selector);
  c.set_sp(n);
}
void pop_sreg16(CpuCore& c, const Insn& i) {
  pop_sreg<uint16_t>(c, i);
}
void pop_sreg32(CpuCore& c, const Insn& i) {
  pop_sreg<uint32_t>(c, i);
}

void pusha16(CpuCore& c, const Insn&) {
  uint16_t sp = c.reg16(kEsp);
  for (unsigned r = 0; r < 8; ++r) c.push<uint16_t>(r == kEsp ? sp : c.reg16(r));
}
void pusha32(CpuCore& c, const Insn&) {
  uint32_t sp = c.s.gpr[kEsp];
  for (unsigned r = 0; r < 8; ++r) c.push<uint32_t>(r == kEsp ? sp : c.s.gpr[r]);
}
void popa16(CpuCore& c, const Insn&) {
  uint16_t v[8];
  for (unsigned r = 0; r < 8; ++r) v[7 - r] = c.peek_stack<uint16_t>(2 * r);
  for (unsigned r = 0; r < 8; ++r) {
    if (r != kEsp) c.set_reg16(r, v[r]);
  }
  c.set_sp(c.sp() + 16);
}
void popa32(CpuCore& c, const Insn&) {
  uint32_t v[8];
  for (unsigned r = 0; r < 8; ++r) v[7 - r] = c.peek_stack<uint32_t>(4 * r);
  for (unsigned r = 0; r < 8; ++r) {
    if (r != kEsp) c.s.gpr[r] = v[r];
  }
  c.set_sp(c.sp() + 32);
}

template <typename T>
static void enter(CpuCore& c, const Insn& i) {
  const uint16_t size = static_cast<uint16_t>(i.imm);
  const unsigned level = i.imm2 & 31;
  const uint32_t mask = c.sp_mask();
  uint32_t sp = c.sp();
  uint32_t bp = c.stack32 ? c.s.gpr[kEbp] : c.reg16(kEbp);
  // Build the frame on copies; commit ESP/EBP only when every access succeeded.
  sp = (sp - sizeof(T)) & mask;
  c.write<T>(kSs, sp, static_cast<T>(c.s.gpr[kEbp]));
  const uint32_t frame = sp;
  if (level > 0) {
    for (unsigned k = 1; k < level; ++k) {
      bp = (bp - sizeof(T)) & mask;
      T v = c.read<T>(kSs, bp);
      sp = (sp - sizeof(T)) & mask;
      c.write<T>(kSs, sp, v);
    }
    sp = (sp - sizeof(T)) & mask;
    c.write<T>(kSs, sp, static_cast<T>(frame));
  }
  sp = (sp - size) & mask;
  if (c.mode == Mode::kProtected) c.lin(kSs, sp, 1, true);  // the new top must be inside SS
  if (sizeof(T) == 4) {
    c.s.gpr[kEbp] = frame;
  } else {
    c.set_reg16(kEbp, static_cast<uint16_t>(frame));
  }
  c.set_sp(sp);
}
void enter16(CpuCore& c, const Insn& i) {
  enter<uint16_t>(c, i);
}
void enter32(CpuCore& c, const Insn& i) {
  enter<uint32_t>(c, i);
}

void leave16(CpuCore& c, const Insn&) {
  uint32_t bp = c.s.gpr[kEbp] & c.sp_mask();
  uint16_t v = c.read<uint16_t>(kSs, bp);
  c.set_sp(bp + 2);
  c.set_reg16(kEbp, v);
}
void leave32(CpuCore& c, const Insn&) {
  uint32_t bp = c.s.gpr[kEbp] & c.sp_mask();
  uint32_t v = c.read<uint32_t>(kSs, bp);
  c.set_sp(bp + 4);
  c.s.gpr[kEbp] = v;
}

void pushf16(CpuCore& c, const Insn&) {
  uint32_t f = c.eflags();
  if (c.mode == Mode::kVm86 && c.iopl() < 3) {
    if (!(c.s.cr4 & 1)) c.raise(kGP, 0);
    // VME: the pushed IF is VIF, IOPL reads as 3.
    f = (f & ~kIF) | ((f & kVIF) ? kIF : 0) | kIOPL;
  }
  c.push<uint16_t>(static_cast<uint16_t>(f));
}
void pushf32(CpuCore& c, const Insn&) {
  if (c.mode == Mode::kVm86 && c.iopl() < 3) c.raise(kGP, 0);
  // VM and RF are pushed as 0.
  c.push<uint32_t>(c.eflags() & ~(kVM | kRF));
}
void popf16(CpuCore& c, const Insn&) {
  if (c.mode == Mode::kVm86 && c.iopl() < 3 && !(c.s.cr4 & 1)) c.raise(kGP, 0);
  uint16_t v = c.peek_stack<uint16_t>(0);
  popf(c, v, false);
  c.set_sp(c.sp() + 2);
}
void popf32(CpuCore& c, const Insn&) {
  if (c.mode == Mode::kVm86 && c.iopl() < 3) c.raise(kGP, 0);
  uint32_t v = c.peek_stack<uint32_t>(0);
  popf(c, v, true);
  c.set_sp(c.sp() + 4);
}

}  // namespace mkemu::cpu
