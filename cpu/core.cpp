// CpuCore basics: construction, slow-path memory accesses, #PF, control registers.
#include "cpu/cpu_core.h"

namespace mkemu::cpu {

CpuCore::CpuCore(const CpuConfig& cfg, Mmu& m, IoBus& bus, Clock& clk, ObserverHub& observers)
    : config(cfg), mmu(m), phys(m.phys()), io(bus), clock(clk), hub(observers) {}

void CpuCore::page_fault(const PageFaultInfo& f) {
  s.cr2 = f.linear;
  raise(kPageFault, f.error_code);
}

uint32_t CpuCore::read_slow(uint32_t l, unsigned size, bool user_access) {
  if (data_checks) check_data_access(l, size, false, user_access);
  uint32_t v = 0;
  PageFaultInfo f;
  if (!mmu.read(l, size, user_access, v, f)) page_fault(f);
  return v;
}

void CpuCore::write_slow(uint32_t l, unsigned size, uint32_t v, bool user_access) {
  if (data_checks) check_data_access(l, size, true, user_access);
  PageFaultInfo f;
  if (!mmu.write(l, size, user_access, v, f)) page_fault(f);
}

void CpuCore::check_writable(uint32_t l, unsigned size, bool user_access) {
  PageFaultInfo f;
  uint32_t p = 0;
  if (!mmu.translate(l, AccessType::kWrite, user_access, p, f)) page_fault(f);
  // A fault on the second page reports that page's first byte in CR2, as
  // the MMU does for split accesses (docs/mmu.md).
  uint32_t second_page = (l + size - 1) & ~0xFFFu;
  if (second_page != (l & ~0xFFFu) &&
      !mmu.translate(second_page, AccessType::kWrite, user_access, p, f)) {
    page_fault(f);
  }
}

void CpuCore::write_cr0(uint32_t v) {
  // ET is hardwired to 1 on 486 and later; bit 4 reads as 1.
  v |= 0x10u;
  if ((v & 0x8000'0000u) && !(v & 1)) raise(kGP, 0);                 // PG without PE
  if ((v & 0x4000'0000u) == 0 && (v & 0x2000'0000u)) raise(kGP, 0);  // NW without CD
  // Entering PAE paging loads the PDPTEs: reserved bits are #GP(0) (SDM vol. 3, 4.4.1).
  if ((v & ~s.cr0 & 0x8000'0000u) && (s.cr4 & 0x20u) && !mmu.pdptes_valid(s.cr3)) raise(kGP, 0);
  uint32_t old = s.cr0;
  s.cr0 = v & 0xE005'003Fu;
  mmu.set_cr0(s.cr0);
  if ((old ^ s.cr0) & (1u << 18)) refresh_alignment_check();  // AM
  if ((old ^ s.cr0) & 0x8000'0001u) {
    flush_code_tlb();
    Mode m = !(s.cr0 & 1) ? Mode::kReal : (flags_bits & kVM) ? Mode::kVm86 : Mode::kProtected;
    if (m != mode) {
      mode = m;
      refresh_all();
    }
  }
  if (hub.armed()) hub.each([&](Observer& o) { o.on_control_register_write(0, s.cr0); });
}

void CpuCore::write_cr3(uint32_t v) {
  // With PAE paging a CR3 load (MOV or task switch) loads the PDPTEs; a
  // present one with a reserved bit set is #GP(0), CR3 unchanged (SDM vol. 3, 4.4.1).
  if ((s.cr0 & 0x8000'0000u) && (s.cr4 & 0x20u) && !mmu.pdptes_valid(v)) raise(kGP, 0);
  s.cr3 = v;
  mmu.set_cr3(v);
  flush_code_tlb();
  if (hub.armed()) hub.each([&](Observer& o) { o.on_control_register_write(3, v); });
}

void CpuCore::write_cr4(uint32_t v) {
  // CR4 bits exist only with their CPUID feature (SDM vol. 3, 2.5).
  const uint32_t f = config.features_edx;
  uint32_t allowed = 0;
  if (f & (1u << 1)) allowed |= 0x3;                      // VME, PVI
  if (f & (1u << 4)) allowed |= 0x4;                      // TSD
  if (f & (1u << 2)) allowed |= 0x8;                      // DE
  if (f & (1u << 3)) allowed |= 0x10;                     // PSE
  if (f & (1u << 6)) allowed |= 0x20;                     // PAE
  if (f & (1u << 7)) allowed |= 0x40;                     // MCE
  if (f & (1u << 13)) allowed |= 0x80;                    // PGE
  if (config.model == CpuModelId::kP6) allowed |= 0x100;  // PCE
  if (f & (1u << 24)) allowed |= 0x200;                   // OSFXSR (GNU Mach sets it)
  if (v & ~allowed) raise(kGP, 0);
  // So does a CR4 write that changes PSE, PAE or PGE while PAE paging results.
  if ((s.cr0 & 0x8000'0000u) && (v & 0x20u) && ((s.cr4 ^ v) & 0xB0u) && !mmu.pdptes_valid(s.cr3)) {
    raise(kGP, 0);
  }
  s.cr4 = v;
  mmu.set_cr4(v);
  flush_code_tlb();
  refresh_breakpoints();  // CR4.DE decides whether DR7 R/W = 10 is an I/O breakpoint
  if (hub.armed()) hub.each([&](Observer& o) { o.on_control_register_write(4, v); });
}

}  // namespace mkemu::cpu
