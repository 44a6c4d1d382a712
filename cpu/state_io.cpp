// Cpu::save_state / load_state: every register (with hidden segment caches),
// EFLAGS with the lazy flags materialised, MSRs, the x87 unit and the pending
// event state. The decode cache is derived data and is not saved.
#include "cpu/cpu.h"
#include "cpu/cpu_core.h"
#include "cpu/cpu_impl.h"

namespace mkemu {
namespace {

// 2: IA32_APIC_BASE moved to the local APIC device (it is saved there).
constexpr uint32_t kVersion = 2;

void put_seg(StateWriter& out, const SegmentCache& s) {
  out.put(s.selector);
  out.put(s.base);
  out.put(s.limit);
  out.put(s.attributes);
}
SegmentCache get_seg(StateReader& in) {
  SegmentCache s;
  s.selector = in.get<uint16_t>();
  s.base = in.get<uint32_t>();
  s.limit = in.get<uint32_t>();
  s.attributes = in.get<uint16_t>();
  return s;
}

}  // namespace

struct CpuStateIo {
  static void save(const cpu::CpuCore& c, StateWriter& out) {
    const CpuState& s = c.s;
    out.put(kVersion);
    for (uint32_t r : s.gpr) out.put(r);
    out.put(s.eip);
    out.put(c.eflags());
    for (const SegmentCache& seg : s.seg) put_seg(out, seg);
    put_seg(out, s.ldtr);
    put_seg(out, s.tr);
    out.put(s.gdtr.base);
    out.put(s.gdtr.limit);
    out.put(s.idtr.base);
    out.put(s.idtr.limit);
    out.put(s.cr0);
    out.put(s.cr2);
    out.put(s.cr3);
    out.put(s.cr4);
    for (uint32_t d : s.dr) out.put(d);
    out.put(s.cpl);
    out.put(static_cast<uint8_t>(c.halted));
    out.put(static_cast<uint8_t>(c.intr));
    out.put(static_cast<uint8_t>(c.nmi_pending));
    out.put(static_cast<uint8_t>(c.nmi_blocked));
    out.put(static_cast<uint8_t>(c.inhibit_irq && c.inhibit_at == c.insns));
    out.put(c.insns);
    const cpu::Msrs& m = c.msr;
    out.put(m.sysenter_cs);
    out.put(m.sysenter_esp);
    out.put(m.sysenter_eip);
    out.put(m.pat);
    out.put(m.mtrr_def_type);
    for (uint64_t v : m.mtrr_fixed) out.put(v);
    for (uint64_t v : m.mtrr_var) out.put(v);
    out.put(m.tsc_offset);
    out.put(m.misc_enable);
    c.fpu.save_state(out);
  }

  static void load(cpu::CpuCore& c, StateReader& in) {
    in.expect(in.get<uint32_t>() == kVersion, "unsupported CPU state version");
    CpuState s;
    for (uint32_t& r : s.gpr) r = in.get<uint32_t>();
    s.eip = in.get<uint32_t>();
    uint32_t eflags = in.get<uint32_t>();
    for (SegmentCache& seg : s.seg) seg = get_seg(in);
    s.ldtr = get_seg(in);
    s.tr = get_seg(in);
    s.gdtr.base = in.get<uint32_t>();
    s.gdtr.limit = in.get<uint16_t>();
    s.idtr.base = in.get<uint32_t>();
    s.idtr.limit = in.get<uint16_t>();
    s.cr0 = in.get<uint32_t>();
    s.cr2 = in.get<uint32_t>();
    s.cr3 = in.get<uint32_t>();
    s.cr4 = in.get<uint32_t>();
    for (uint32_t& d : s.dr) d = in.get<uint32_t>();
    s.cpl = in.get<uint8_t>();
    in.expect(s.cpl <= 3, "CPL out of range");
    bool halted = in.get<uint8_t>() != 0;
    bool intr = in.get<uint8_t>() != 0;
    bool nmi_pending = in.get<uint8_t>() != 0;
    bool nmi_blocked = in.get<uint8_t>() != 0;
    bool shadow = in.get<uint8_t>() != 0;
    uint64_t insns = in.get<uint64_t>();
    cpu::Msrs m;
    m.sysenter_cs = in.get<uint64_t>();
    m.sysenter_esp = in.get<uint64_t>();
    m.sysenter_eip = in.get<uint64_t>();
    m.pat = in.get<uint64_t>();
    m.mtrr_def_type = in.get<uint64_t>();
    for (uint64_t& v : m.mtrr_fixed) v = in.get<uint64_t>();
    for (uint64_t& v : m.mtrr_var) v = in.get<uint64_t>();
    m.tsc_offset = in.get<uint64_t>();
    m.misc_enable = in.get<uint64_t>();
    c.fpu.load_state(in);
    // Commit only after everything parsed.
    c.s = s;
    c.halted = halted;
    c.intr = intr;
    c.nmi_pending = nmi_pending;
    c.nmi_blocked = nmi_blocked;
    c.insns = insns;
    c.inhibit_irq = shadow;
    c.inhibit_at = insns;
    c.msr = m;
    c.lazy_op = cpu::LazyOp::kNone;
    c.flags_bits = (eflags & 0x003F'7FD5u) | 2u;
    c.mmu.set_cr0(s.cr0);
    c.mmu.set_cr3(s.cr3);
    c.mmu.set_cr4(s.cr4);
    c.cache.clear();
    c.refresh_all();
    c.refresh_breakpoints();
  }
};

void Cpu::save_state(StateWriter& out) const {
  CpuStateIo::save(impl_->core, out);
}
void Cpu::load_state(StateReader& in) {
  CpuStateIo::load(impl_->core, in);
}

}  // namespace mkemu
