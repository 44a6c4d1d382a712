// Data movement: MOV forms, LEA, XCHG, MOVZX/MOVSX, CBW family, XLAT,
// LAHF/SAHF, CMOVcc, SETcc, BSWAP, segment register moves and far-pointer loads.
#include "cpu/cpu_core.h"
#include "cpu/handlers.h"

namespace mkemu::cpu {
namespace {

template <typename T>
void mov_rm_r(CpuCore& c, const Insn& i) {
  c.rm_write<T>(i, c.reg<T>(i.reg));
}
template <typename T>
void mov_r_rm(CpuCore& c, const Insn& i) {
  c.set_reg<T>(i.reg, c.rm_read<T>(i));
}
template <typename T>
void xchg_rm_r(CpuCore& c, const Insn& i) {
  T r = c.reg<T>(i.reg);
  if (i.mod == 3) {
    c.set_reg<T>(i.reg, c.reg<T>(i.rm));
    c.set_reg<T>(i.rm, r);
    return;
  }
  uint32_t l = c.lin(i.seg, c.ea(i), sizeof(T), true);
  T m = c.read_rmw<T>(l);
  c.write_lin<T>(l, r, c.user());
  c.set_reg<T>(i.reg, m);
}
// LES/LDS/LSS/LFS/LGS: offset then selector.
template <typename T>
void load_far_pointer(CpuCore& c, const Insn& i, unsigned seg) {
  uint32_t off = c.ea(i);
  T value = c.read<T>(i.seg, off);
  uint16_t sel = c.read<uint16_t>(i.seg, (off + sizeof(T)) & (i.a32 ? 0xFFFF'FFFFu : 0xFFFFu));
  c.load_seg(seg, sel);
  c.set_reg<T>(i.reg, value);
}

}  // namespace

void mov_rm8_r8(CpuCore& c, const Insn& i) {
  mov_rm_r<uint8_t>(c, i);
}
void mov_rm16_r16(CpuCore& c, const Insn& i) {
  mov_rm_r<uint16_t>(c, i);
}
void mov_rm32_r32(CpuCore& c, const Insn& i) {
  mov_rm_r<uint32_t>(c, i);
}
void mov_r8_rm8(CpuCore& c, const Insn& i) {
  mov_r_rm<uint8_t>(c, i);
}
void mov_r16_rm16(CpuCore& c, const Insn& i) {
  mov_r_rm<uint16_t>(c, i);
}
void mov_r32_rm32(CpuCore& c, const Insn& i) {
  mov_r_rm<uint32_t>(c, i);
}
void mov_rm8_ib(CpuCore& c, const Insn& i) {
  c.rm_write<uint8_t>(i, static_cast<uint8_t>(i.imm));
}
void mov_rm16_iw(CpuCore& c, const Insn& i) {
  c.rm_write<uint16_t>(i, static_cast<uint16_t>(i.imm));
}
void mov_rm32_id(CpuCore& c, const Insn& i) {
  c.rm_write<uint32_t>(i, i.imm);
}
void mov_r8_ib(CpuCore& c, const Insn& i) {
  c.set_reg8(i.rm, static_cast<uint8_t>(i.imm));
}
void mov_r16_iw(CpuCore& c, const Insn& i) {
  c.set_reg16(i.rm, static_cast<uint16_t>(i.imm));
}
void mov_r32_id(CpuCore& c, const Insn& i) {
  c.s.gpr[i.rm] = i.imm;
}
void mov_al_moffs(CpuCore& c, const Insn& i) {
  c.set_reg8(kEax, c.read<uint8_t>(i.seg, i.disp));
}
void mov_ax_moffs(CpuCore& c, const Insn& i) {
  c.set_reg16(kEax, c.read<uint16_t>(i.seg, i.disp));
}
void mov_eax_moffs(CpuCore& c, const Insn& i) {
  c.s.gpr[kEax] = c.read<uint32_t>(i.seg, i.disp);
}
void mov_moffs_al(CpuCore& c, const Insn& i) {
  c.write<uint8_t>(i.seg, i.disp, c.reg8(kEax));
}
void mov_moffs_ax(CpuCore& c, const Insn& i) {
  c.write<uint16_t>(i.seg, i.disp, c.reg16(kEax));
}
void mov_moffs_eax(CpuCore& c, const Insn& i) {
  c.write<uint32_t>(i.seg, i.disp, c.s.gpr[kEax]);
}
void lea16(CpuCore& c, const Insn& i) {
  c.set_reg16(i.reg, static_cast<uint16_t>(c.ea(i)));
}
void lea32(CpuCore& c, const Insn& i) {
  c.s.gpr[i.reg] = c.ea(i);
}
void xchg_rm8_r8(CpuCore& c, const Insn& i) {
  xchg_rm_r<uint8_t>(c, i);
}
void xchg_rm16_r16(CpuCore& c, const Insn& i) {
  xchg_rm_r<uint16_t>(c, i);
}
void xchg_rm32_r32(CpuCore& c, const Insn& i) {
  xchg_rm_r<uint32_t>(c, i);
}
void xchg_ax_r16(CpuCore& c, const Insn& i) {
  uint16_t a = c.reg16(kEax);
  c.set_reg16(kEax, c.reg16(i.rm));
  c.set_reg16(i.rm, a);
}
void xchg_eax_r32(CpuCore& c, const Insn& i) {
  uint32_t a = c.s.gpr[kEax];
  c.s.gpr[kEax] = c.s.gpr[i.rm];
  c.s.gpr[i.rm] = a;
}
void nop(CpuCore&, const Insn&) {}
void cbw(CpuCore& c, const Insn&) {
  c.set_reg16(kEax, static_cast<uint16_t>(static_cast<int8_t>(c.reg8(kEax))));
}
void cwde(CpuCore& c, const Insn&) {
  c.s.gpr[kEax] = static_cast<uint32_t>(static_cast<int16_t>(c.reg16(kEax)));
}
void cwd(CpuCore& c, const Insn&) {
  c.set_reg16(kEdx, (c.reg16(kEax) & 0x8000) ? 0xFFFF : 0);
}
void cdq(CpuCore& c, const Insn&) {
  c.s.gpr[kEdx] = (c.s.gpr[kEax] & 0x8000'0000u) ? ~0u : 0;
}
void xlat(CpuCore& c, const Insn& i) {
  uint32_t off = c.s.gpr[kEbx] + c.reg8(kEax);
  if (!i.a32) off &= 0xFFFF;
  c.set_reg8(kEax, c.read<uint8_t>(i.seg, off));
}
void lahf(CpuCore& c, const Insn&) {
  c.set_reg8(4, static_cast<uint8_t>(c.eflags() | 2));
}
void sahf(CpuCore& c, const Insn&) {
  c.set_flags(kCF | kPF | kAF | kZF | kSF, c.reg8(4));
}
void salc(CpuCore& c, const Insn&) {
  c.set_reg8(kEax, c.cf() ? 0xFF : 0);
}
void movzx_r16_rm8(CpuCore& c, const Insn& i) {
  c.set_reg16(i.reg, c.rm_read<uint8_t>(i));
}
void movzx_r32_rm8(CpuCore& c, const Insn& i) {
  c.s.gpr[i.reg] = c.rm_read<uint8_t>(i);
}
void movzx_r16_rm16(CpuCore& c, const Insn& i) {
  c.set_reg16(i.reg, c.rm_read<uint16_t>(i));
}
void movzx_r32_rm16(CpuCore& c, const Insn& i) {
  c.s.gpr[i.reg] = c.rm_read<uint16_t>(i);
}
void movsx_r16_rm8(CpuCore& c, const Insn& i) {
  c.set_reg16(i.reg, static_cast<uint16_t>(static_cast<int8_t>(c.rm_read<uint8_t>(i))));
}
void movsx_r32_rm8(CpuCore& c, const Insn& i) {
  c.s.gpr[i.reg] = static_cast<uint32_t>(static_cast<int8_t>(c.rm_read<uint8_t>(i)));
}
void movsx_r16_rm16(CpuCore& c, const Insn& i) {
  c.set_reg16(i.reg, c.rm_read<uint16_t>(i));
}
void movsx_r32_rm16(CpuCore& c, const Insn& i) {
  c.s.gpr[i.reg] = static_cast<uint32_t>(static_cast<int16_t>(c.rm_read<uint16_t>(i)));
}
// CMOVcc reads its source even when the condition is false (it can fault).
void cmov16(CpuCore& c, const Insn& i) {
  uint16_t v = c.rm_read<uint16_t>(i);
  if (c.cond(i.opcode & 0xF)) c.set_reg16(i.reg, v);
}
void cmov32(CpuCore& c, const Insn& i) {
  uint32_t v = c.rm_read<uint32_t>(i);
  if (c.cond(i.opcode & 0xF)) c.s.gpr[i.reg] = v;
}
void setcc(CpuCore& c, const Insn& i) {
  c.rm_write<uint8_t>(i, c.cond(i.opcode & 0xF) ? 1 : 0);
}
void bswap32(CpuCore& c, const Insn& i) {
  c.s.gpr[i.rm] = __builtin_bswap32(c.s.gpr[i.rm]);
}
// BSWAP with a 16-bit operand is undefined; P6-family CPUs clear the register's low word.
void bswap16(CpuCore& c, const Insn& i) {
  c.set_reg16(i.rm, 0);
}

void mov_rm16_sreg(CpuCore& c, const Insn& i) {
  if (i.reg > 5) c.raise(kUD);
  c.store_selector(i, c.s.seg[i.reg].selector);
}
void mov_rm32_sreg(CpuCore& c, const Insn& i) {
  mov_rm16_sreg(c, i);
}
void mov_sreg_rm16(CpuCore& c, const Insn& i) {
  if (i.reg > 5 || i.reg == kCs) c.raise(kUD);
  c.load_seg(i.reg, c.rm_read<uint16_t>(i));
}
void les16(CpuCore& c, const Insn& i) {
  load_far_pointer<uint16_t>(c, i, kEs);
}
void les32(CpuCore& c, const Insn& i) {
  load_far_pointer<uint32_t>(c, i, kEs);
}
void lds16(CpuCore& c, const Insn& i) {
  load_far_pointer<uint16_t>(c, i, kDs);
}
void lds32(CpuCore& c, const Insn& i) {
  load_far_pointer<uint32_t>(c, i, kDs);
}
void lss16(CpuCore& c, const Insn& i) {
  load_far_pointer<uint16_t>(c, i, kSs);
}
void lss32(CpuCore& c, const Insn& i) {
  load_far_pointer<uint32_t>(c, i, kSs);
}
void lfs16(CpuCore& c, const Insn& i) {
  load_far_pointer<uint16_t>(c, i, kFs);
}
void lfs32(CpuCore& c, const Insn& i) {
  load_far_pointer<uint32_t>(c, i, kFs);
}
void lgs16(CpuCore& c, const Insn& i) {
  load_far_pointer<uint16_t>(c, i, kGs);
}
void lgs32(CpuCore& c, const Insn& i) {
  load_far_pointer<uint32_t>(c, i, kGs);
}

}  // namespace mkemu::cpu
