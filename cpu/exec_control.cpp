// Control flow: Jcc/JMP/CALL/RET near, LOOP/JCXZ, far forms (delegating to
// far.cpp), INT/INTO/INT3/INT1/BOUND, HLT, and the flag instructions.
#include "cpu/cpu_core.h"
#include "cpu/handlers.h"

namespace mkemu::cpu {

void CpuCore::jump_near(uint32_t target, bool o32) {
  if (!o32) target &= 0xFFFF;
  if (target > segchk[kCs].hi) raise(kGP, 0);
  next_eip = target;
}

void ud(CpuCore& c, const Insn&) {
  c.raise(kUD);
}
void gp_too_long(CpuCore& c, const Insn&) {
  c.raise(kGP, 0);
}

void jcc16(CpuCore& c, const Insn& i) {
  if (c.cond(i.opcode & 0xF)) c.jump_near(c.next_eip + i.imm, false);
}
void jcc32(CpuCore& c, const Insn& i) {
  if (c.cond(i.opcode & 0xF)) c.jump_near(c.next_eip + i.imm, true);
}
void jmp_rel16(CpuCore& c, const Insn& i) {
  c.jump_near(c.next_eip + i.imm, false);
}
void jmp_rel32(CpuCore& c, const Insn& i) {
  c.jump_near(c.next_eip + i.imm, true);
}
void call_rel16(CpuCore& c, const Insn& i) {
  uint32_t target = (c.next_eip + i.imm) & 0xFFFF;
  if (target > c.segchk[kCs].hi) c.raise(kGP, 0);
  c.push<uint16_t>(static_cast<uint16_t>(c.next_eip));
  c.next_eip = target;
}
void call_rel32(CpuCore& c, const Insn& i) {
  uint32_t target = c.next_eip + i.imm;
  if (target > c.segchk[kCs].hi) c.raise(kGP, 0);
  c.push<uint32_t>(c.next_eip);
  c.next_eip = target;
}
void jmp_rm16(CpuCore& c, const Insn& i) {
  c.jump_near(c.rm_read<uint16_t>(i), false);
}
void jmp_rm32(CpuCore& c, const Insn& i) {
  c.jump_near(c.rm_read<uint32_t>(i), true);
}
void call_rm16(CpuCore& c, const Insn& i) {
  uint16_t target = c.rm_read<uint16_t>(i);
  if (target > c.segchk[kCs].hi) c.raise(kGP, 0);
  c.push<uint16_t>(static_cast<uint16_t>(c.next_eip));
  c.next_eip = target;
}
void call_rm32(CpuCore& c, const Insn& i) {
  uint32_t target = c.rm_read<uint32_t>(i);
  if (target > c.segchk[kCs].hi) c.raise(kGP, 0);
  c.push<uint32_t>(c.next_eip);
  c.next_eip = target;
}
void ret_near16(CpuCore& c, const Insn& i) {
  uint16_t target = c.peek_stack<uint16_t>(0);
  if (target > c.segchk[kCs].hi) c.raise(kGP, 0);
  c.set_sp(c.sp() + 2 + (i.opcode == 0xC2 ? i.imm : 0));
  c.next_eip = target;
}
void ret_near32(CpuCore& c, const Insn& i) {
  uint32_t target = c.peek_stack<uint32_t>(0);
  if (target > c.segchk[kCs].hi) c.raise(kGP, 0);
  c.set_sp(c.sp() + 4 + (i.opcode == 0xC2 ? i.imm : 0));
  c.next_eip = target;
}

namespace {
// LOOP/JCXZ count with CX or ECX by address size; the target is masked by operand size.
bool count_down(CpuCore& c, const Insn& i) {
  if (i.a32) return --c.s.gpr[kEcx] != 0;
  uint16_t cx = static_cast<uint16_t>(c.reg16(kEcx) - 1);
  c.set_reg16(kEcx, cx);
  return cx != 0;
}
}  // namespace

void loop(CpuCore& c, const Insn& i) {
  if (count_down(c, i)) c.jump_near(c.next_eip + i.imm, i.o32);
}
void loope(CpuCore& c, const Insn& i) {
  if (count_down(c, i) && c.zf()) c.jump_near(c.next_eip + i.imm, i.o32);
}
void loopne(CpuCore& c, const Insn& i) {
  if (count_down(c, i) && !c.zf()) c.jump_near(c.next_eip + i.imm, i.o32);
}
void jcxz(CpuCore& c, const Insn& i) {
  uint32_t count = i.a32 ? c.s.gpr[kEcx] : c.reg16(kEcx);
  if (count == 0) c.jump_near(c.next_eip + i.imm, i.o32);
}

void jmp_far16(CpuCore& c, const Insn& i) {
  c.far_jump(i.imm2, i.imm & 0xFFFF, false);
}
void jmp_far32(CpuCore& c, const Insn& i) {
  c.far_jump(i.imm2, i.imm, true);
}
void call_far16(CpuCore& c, const Insn& i) {
  c.far_call(i.imm2, i.imm & 0xFFFF, false);
}
void call_far32(CpuCore& c, const Insn& i) {
  c.far_call(i.imm2, i.imm, true);
}
void jmp_far_m16(CpuCore& c, const Insn& i) {
  uint32_t off = c.ea(i);
  uint16_t ip = c.read<uint16_t>(i.seg, off);
  uint16_t sel = c.read<uint16_t>(i.seg, off + 2);
  c.far_jump(sel, ip, false);
}
void jmp_far_m32(CpuCore& c, const Insn& i) {
  uint32_t off = c.ea(i);
  uint32_t ip = c.read<uint32_t>(i.seg, off);
  uint16_t sel = c.read<uint16_t>(i.seg, off + 4);
  c.far_jump(sel, ip, true);
}
void call_far_m16(CpuCore& c, const Insn& i) {
  uint32_t off = c.ea(i);
  uint16_t ip = c.read<uint16_t>(i.seg, off);
  uint16_t sel = c.read<uint16_t>(i.seg, off + 2);
  c.far_call(sel, ip, false);
}
void call_far_m32(CpuCore& c, const Insn& i) {
  uint32_t off = c.ea(i);
  uint32_t ip = c.read<uint32_t>(i.seg, off);
  uint16_t sel = c.read<uint16_t>(i.seg, off + 4);
  c.far_call(sel, ip, true);
}
void ret_far16(CpuCore& c, const Insn& i) {
  c.far_return(false, i.opcode == 0xCA ? static_cast<uint16_t>(i.imm) : 0);
}
void ret_far32(CpuCore& c, const Insn& i) {
  c.far_return(true, i.opcode == 0xCA ? static_cast<uint16_t>(i.imm) : 0);
}
void iret16(CpuCore& c, const Insn&) {
  c.iret(false);
}
void iret32(CpuCore& c, const Insn&) {
  c.iret(true);
}

namespace {
void software_interrupt(CpuCore& c, uint8_t vector, bool check_dpl) {
  c.s.eip = c.next_eip;  // the return address is the next instruction
  if (c.hub.armed()) c.hub.each([&](Observer& o) { o.on_interrupt(vector); });
  c.deliver(vector, check_dpl, false, 0, false);
}
}  // namespace

void int_ib(CpuCore& c, const Insn& i) {
  uint8_t vector = static_cast<uint8_t>(i.imm);
  if (c.mode == Mode::kVm86 && c.iopl() < 3) {
    if (!(c.s.cr4 & 1)) c.raise(kGP, 0);
    // VME: the TSS interrupt redirection bitmap decides (SDM vol. 3, 20.3.3).
    uint32_t base = c.s.tr.base;
    uint16_t io_base = c.read_lin<uint16_t>(base + 0x66, false);
    uint32_t bit_addr = base + io_base - 32 + vector / 8;
    uint8_t bits = c.read_lin<uint8_t>(bit_addr, false);
    if (bits & (1u << (vector & 7))) c.raise(kGP, 0);
    // Redirected: deliver through the VM86 task's own real-mode IVT at linear 0.
    uint16_t ip = c.read_lin<uint16_t>(vector * 4u, true);
    uint16_t cs = c.read_lin<uint16_t>(vector * 4u + 2, true);
    uint32_t f = c.eflags();
    f = (f & ~kIF) | ((f & kVIF) ? kIF : 0) | kIOPL;
    c.push<uint16_t>(static_cast<uint16_t>(f));
    c.push<uint16_t>(c.s.seg[kCs].selector);
    c.push<uint16_t>(static_cast<uint16_t>(c.next_eip));
    c.materialize();
    c.flags_bits &= ~(kVIF | kTF | kRF);
    c.load_seg_real(kCs, cs);
    c.next_eip = ip;
    return;
  }
  if (c.mode == Mode::kVm86 && c.iopl() < 3) c.raise(kGP, 0);
  software_interrupt(c, vector, true);
}
void int3(CpuCore& c, const Insn&) {
  software_interrupt(c, kBP, true);
}
void int1(CpuCore& c, const Insn&) {
  software_interrupt(c, kDB, false);
}
void into(CpuCore& c, const Insn&) {
  if (c.of()) software_interrupt(c, kOverflow, true);
}

template <typename T>
static void bound(CpuCore& c, const Insn& i) {
  using S = std::make_signed_t<T>;
  uint32_t off = c.ea(i);
  S lo = static_cast<S>(c.read<T>(i.seg, off));
  S hi = static_cast<S>(c.read<T>(i.seg, (off + sizeof(T)) & (i.a32 ? ~0u : 0xFFFFu)));
  S v = static_cast<S>(c.reg<T>(i.reg));
  if (v < lo || v > hi) c.raise(kBR);
}
void bound16(CpuCore& c, const Insn& i) {
  bound<uint16_t>(c, i);
}
void bound32(CpuCore& c, const Insn& i) {
  bound<uint32_t>(c, i);
}

void hlt(CpuCore& c, const Insn&) {
  if (c.s.cpl != 0) c.raise(kGP, 0);
  c.halted = true;
  c.poke_loop();
}

void cmc(CpuCore& c, const Insn&) {
  c.set_cf(!c.cf());
}
void clc(CpuCore& c, const Insn&) {
  c.set_cf(false);
}
void stc(CpuCore& c, const Insn&) {
  c.set_cf(true);
}
void cld(CpuCore& c, const Insn&) {
  c.flags_bits &= ~kDF;
}
void std_(CpuCore& c, const Insn&) {
  c.flags_bits |= kDF;
}

// CLI/STI: IOPL-sensitive; with VME (VM86) or PVI (CPL 3) they change VIF instead.
void cli(CpuCore& c, const Insn&) {
  const bool vm86 = c.mode == Mode::kVm86;
  if (c.mode == Mode::kReal || c.s.cpl <= c.iopl() || (vm86 && c.iopl() == 3)) {
    c.flags_bits &= ~kIF;
    return;
  }
  if ((vm86 && (c.s.cr4 & 1)) || (!vm86 && c.s.cpl == 3 && (c.s.cr4 & 2))) {
    c.flags_bits &= ~kVIF;
    return;
  }
  c.raise(kGP, 0);
}
void sti(CpuCore& c, const Insn&) {
  const bool vm86 = c.mode == Mode::kVm86;
  if (c.mode == Mode::kReal || c.s.cpl <= c.iopl() || (vm86 && c.iopl() == 3)) {
    if (!(c.flags_bits & kIF)) {
      c.inhibit_irq = true;
      c.inhibit_at = c.insns + 1;
    }
    c.flags_bits |= kIF;
    c.poke_loop();
    return;
  }
  if ((vm86 && (c.s.cr4 & 1)) || (!vm86 && c.s.cpl == 3 && (c.s.cr4 & 2))) {
    if (c.flags_bits & kVIP) c.raise(kGP, 0);
    c.flags_bits |= kVIF;
    return;
  }
  c.raise(kGP, 0);
}

}  // namespace mkemu::cpu
