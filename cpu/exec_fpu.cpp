// The x87 escapes (D8-DF), WAIT and FXSAVE/FXRSTOR: the CPU's side of the
// X87 unit's call interface (cpu/fpu/x87.h) with CR0.EM/MP/TS/NE behaviour.
#include "cpu/cpu_core.h"
#include "cpu/handlers.h"

namespace mkemu::cpu {
namespace {

// Guest memory for the FPU: offsets in one segment, with the usual checks.
class SegmentMemory : public X87Memory {
 public:
  SegmentMemory(CpuCore& c, unsigned seg) : c_(c), seg_(seg) {}
  void read(uint32_t addr, void* out, unsigned n) override {
    auto* p = static_cast<uint8_t*>(out);
    for (unsigned k = 0; k < n; ++k) p[k] = c_.read<uint8_t>(seg_, addr + k);
  }
  void write(uint32_t addr, const void* in, unsigned n) override {
    check_store(addr, n);
    const auto* p = static_cast<const uint8_t*>(in);
    for (unsigned k = 0; k < n; ++k) c_.write<uint8_t>(seg_, addr + k, p[k]);
  }
  // Checks the whole range first, segment and then paging as a write, so a
  // fault leaves memory unchanged and its #PF error code has W set; a range
  // crossing into a second page that faults reports CR2 = that page's base.
  void check_store(uint32_t addr, unsigned n) {
    const uint32_t first = c_.lin(seg_, addr, n, true);
    const uint32_t last = first + n - 1;
    PageFaultInfo fault;
    uint32_t phys = 0;
    for (uint32_t l : {first, last & ~0xFFFu}) {
      if (!c_.mmu.translate(l, AccessType::kWrite, c_.user(), phys, fault)) c_.page_fault(fault);
      if ((last & ~0xFFFu) == (first & ~0xFFFu)) break;
    }
  }

 private:
  CpuCore& c_;
  unsigned seg_;
};

// FPU exceptions pending from an earlier instruction: #MF with CR0.NE, else
// ignored (the FERR#/IRQ 13 path of PC compatibility mode is not modelled).
void check_pending(CpuCore& c) {
  if (c.fpu.pending_exception() && (c.s.cr0 & 0x20)) c.raise(kMF);
}

}  // namespace

void fpu_escape(CpuCore& c, const Insn& i) {
  const uint8_t opcode = static_cast<uint8_t>(i.opcode);
  if (c.s.cr0 & 0xC) c.raise(kNM);  // EM or TS
  X87OpInfo info = x87_decode(opcode, i.modrm);
  if (!info.valid) c.raise(kUD);
  if (info.p6_only && !(c.config.features_edx & (1u << 15))) c.raise(kUD);
  if (info.waiting) check_pending(c);
  X87Insn x;
  x.opcode = opcode;
  x.modrm = i.modrm;
  x.operand32 = i.o32;
  x.protected_mode = c.mode == Mode::kProtected;
  x.fcs = c.s.seg[kCs].selector;
  x.fip = c.s.eip;
  x.eflags = c.eflags();
  if (i.mod != 3) {
    x.addr = c.ea(i);
    x.fds = c.s.seg[i.seg].selector;
    x.fdp = x.addr;
    if (c.ac_armed)
      c.check_alignment(c.s.seg[i.seg].base + x.addr, CpuCore::x87_alignment(info, i));
  }
  SegmentMemory mem(c, i.seg);
  X87Result r = c.fpu.execute(x, mem);
  if (r.write_ax) c.set_reg16(kEax, r.ax);
  if (r.write_eflags) c.set_flags(r.eflags_mask, r.eflags);
}

void fwait(CpuCore& c, const Insn&) {
  if ((c.s.cr0 & 0xA) == 0xA) c.raise(kNM);  // TS with MP
  check_pending(c);
}

void fxsave(CpuCore& c, const Insn& i) {
  if (c.s.cr0 & 4) c.raise(kUD);
  if (c.s.cr0 & 8) c.raise(kNM);
  uint32_t off = c.ea(i);
  if ((c.s.seg[i.seg].base + off) & 15) c.raise(kGP, 0);
  // Everything stored must be writable before any byte is (a #PF then has
  // W set). Bytes 24..31 (MXCSR, SSE) and 160..511 are left as they are.
  SegmentMemory mem(c, i.seg);
  mem.check_store(off, X87::kFxsaveX87Bytes);
  uint8_t image[X87::kFxsaveX87Bytes] = {};
  c.fpu.fxsave(image);
  mem.write(off, image, 24);
  mem.write(off + 32, image + 32, sizeof image - 32);
}

void fxrstor(CpuCore& c, const Insn& i) {
  if (c.s.cr0 & 4) c.raise(kUD);
  if (c.s.cr0 & 8) c.raise(kNM);
  uint32_t off = c.ea(i);
  if ((c.s.seg[i.seg].base + off) & 15) c.raise(kGP, 0);
  uint8_t image[X87::kFxsaveX87Bytes];
  SegmentMemory mem(c, i.seg);
  mem.read(off, image, sizeof image);
  c.fpu.fxrstor(image);
}

}  // namespace mkemu::cpu
