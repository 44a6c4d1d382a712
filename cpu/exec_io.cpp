// Port I/O: IN/OUT and the protection check (IOPL, then the TSS I/O
// permission bitmap; SDM vol. 1, 19.5).
#include "cpu/cpu_core.h"
#include "cpu/handlers.h"

namespace mkemu::cpu {

void CpuCore::check_io(uint16_t port, unsigned size) {
  if (mode == Mode::kReal) return;
  if (mode == Mode::kProtected && s.cpl <= iopl()) return;
  // The bitmap lives only in a 32-bit TSS (types 9 and 11).
  unsigned type = s.tr.attributes & 0xF;
  if ((type != 9 && type != 11) || s.tr.limit < 0x67) raise(kGP, 0);
  uint32_t io_base = read_lin<uint16_t>(s.tr.base + 0x66, false);
  uint32_t byte = io_base + (port >> 3);
  // Two bytes are always read, so the byte after the one holding the port's
  // bit must be inside the TSS limit as well.
  if (byte + 1 > s.tr.limit) raise(kGP, 0);
  uint32_t bits = read_lin<uint16_t>(s.tr.base + byte, false);
  uint32_t mask = ((1u << size) - 1) << (port & 7);
  if (bits & mask) raise(kGP, 0);
}

uint32_t CpuCore::port_in(uint16_t port, unsigned size) {
  const bool a20 = mmu.a20();
  uint32_t v = io.read(port, size);
  if (size < 4) v &= (1u << (8 * size)) - 1;
  if (hub.armed()) hub.each([&](Observer& o) { o.on_io(port, size, v, false); });
  if (mmu.a20() != a20) flush_code_tlb();
  if (dr_io_armed) match_io_breakpoints(port, size);
  return v;
}

void CpuCore::port_out(uint16_t port, unsigned size, uint32_t value) {
  const bool a20 = mmu.a20();
  if (hub.armed()) hub.each([&](Observer& o) { o.on_io(port, size, value, true); });
  io.write(port, size, value);
  if (mmu.a20() != a20) flush_code_tlb();
  if (dr_io_armed) match_io_breakpoints(port, size);
}

namespace {
template <typename T>
void in(CpuCore& c, uint16_t port) {
  c.check_io(port, sizeof(T));
  c.set_reg<T>(kEax, static_cast<T>(c.port_in(port, sizeof(T))));
}
template <typename T>
void out(CpuCore& c, uint16_t port) {
  c.check_io(port, sizeof(T));
  c.port_out(port, sizeof(T), c.reg<T>(kEax));
}
}  // namespace

void in_al_ib(CpuCore& c, const Insn& i) {
  in<uint8_t>(c, static_cast<uint16_t>(i.imm & 0xFF));
}
void in_ax_ib(CpuCore& c, const Insn& i) {
  in<uint16_t>(c, static_cast<uint16_t>(i.imm & 0xFF));
}
void in_eax_ib(CpuCore& c, const Insn& i) {
  in<uint32_t>(c, static_cast<uint16_t>(i.imm & 0xFF));
}
void in_al_dx(CpuCore& c, const Insn&) {
  in<uint8_t>(c, c.reg16(kEdx));
}
void in_ax_dx(CpuCore& c, const Insn&) {
  in<uint16_t>(c, c.reg16(kEdx));
}
void in_eax_dx(CpuCore& c, const Insn&) {
  in<uint32_t>(c, c.reg16(kEdx));
}
void out_ib_al(CpuCore& c, const Insn& i) {
  out<uint8_t>(c, static_cast<uint16_t>(i.imm & 0xFF));
}
void out_ib_ax(CpuCore& c, const Insn& i) {
  out<uint16_t>(c, static_cast<uint16_t>(i.imm & 0xFF));
}
void out_ib_eax(CpuCore& c, const Insn& i) {
  out<uint32_t>(c, static_cast<uint16_t>(i.imm & 0xFF));
}
void out_dx_al(CpuCore& c, const Insn&) {
  out<uint8_t>(c, c.reg16(kEdx));
}
void out_dx_ax(CpuCore& c, const Insn&) {
  out<uint16_t>(c, c.reg16(kEdx));
}
void out_dx_eax(CpuCore& c, const Insn&) {
  out<uint32_t>(c, c.reg16(kEdx));
}

}  // namespace mkemu::cpu
