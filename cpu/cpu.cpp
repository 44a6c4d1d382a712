// The public Cpu: the run loop (fetch from the decode cache, execute the
// pre-bound handler, account cycles), event checks at instruction boundaries
// and exception delivery with double/triple-fault escalation.
#include "cpu/cpu.h"

#include <cstdio>

#include "cpu/cpu_core.h"
#include "cpu/cpu_impl.h"

namespace mkemu {

using cpu::CpuCore;
using cpu::CpuException;

namespace {

bool contributory(uint8_t v) {
  return v == 0 || (v >= 10 && v <= 13);
}

// Delivers an exception raised by an instruction (or by a delivery), turning
// a second fault into #DF and a fault during #DF into a triple fault.
void handle_exception(CpuCore& c, CpuException e) {
  for (int depth = 0;; ++depth) {
    if (c.hub.armed()) {
      c.hub.each([&](Observer& o) { o.on_exception(e.vector, e.has_error, e.error); });
    }
    try {
      // P6 and later push RF=1 for every fault except an instruction
      // breakpoint, so that IRET restarts the instruction without hitting
      // its breakpoint again (SDM vol. 3, 17.3.1.1). Delivery clears RF.
      if (!e.code_breakpoint) c.flags_bits |= cpu::kRF;
      c.delivering_ext = true;
      c.deliver(e.vector, false, e.has_error, e.error, true);
      c.delivering_ext = false;
      c.clock.cycles += 20;
      return;
    } catch (const CpuException& second) {
      c.delivering_ext = false;
      c.fault_in_new_task = false;  // delivery already runs in the new task's context
      uint8_t prev = e.vector;
      if (prev == cpu::kDoubleFault || depth > 4) {
        c.triple_fault = true;
        return;
      }
      bool escalate = (contributory(prev) && contributory(second.vector)) ||
                      (prev == cpu::kPageFault &&
                       (second.vector == cpu::kPageFault || contributory(second.vector)));
      e = escalate ? CpuException{cpu::kDoubleFault, true, 0} : second;
    }
  }
}

}  // namespace

Cpu::Cpu(const CpuConfig& config, Mmu& mmu, IoBus& io, Clock& clock, ObserverHub& hub)
    : impl_(std::make_unique<Impl>(config, mmu, io, clock, hub)) {
  CpuCore* core = &impl_->core;
  core->cache.set_mmu(mmu);
  // The TLBs are shaped like the model's (docs/mmu.md).
  mmu.set_tlb_geometry(config.model == CpuModelId::kI486      ? TlbGeometry::i486()
                       : config.model == CpuModelId::kPentium ? TlbGeometry::pentium()
                                                              : TlbGeometry::p6());
  mmu.phys().on_code_write = [core](uint32_t paddr, unsigned size) {
    core->cache.on_write(paddr, size);
  };
  reset();
}

Cpu::~Cpu() {
  impl_->core.phys.on_code_write = nullptr;
}

void Cpu::reset() {
  CpuCore& c = impl_->core;
  c.s = CpuState{};
  c.s.seg[kCs] = {0xF000, 0xFFFF0000u, 0xFFFF, 0x9B};
  for (unsigned seg : {kEs, kSs, kDs, kFs, kGs}) c.s.seg[seg] = {0, 0, 0xFFFF, 0x93};
  c.s.ldtr = {0, 0, 0xFFFF, 0x82};
  c.s.tr = {0, 0, 0xFFFF, 0x8B};
  c.s.eip = 0xFFF0;
  // EDX after reset holds the processor signature (family/model/stepping).
  c.s.gpr[kEdx] = c.config.model == CpuModelId::kI486      ? 0x0480u
                  : c.config.model == CpuModelId::kPentium ? 0x0525u
                                                           : 0x0663u;
  c.flags_bits = 2;
  c.lazy_op = cpu::LazyOp::kNone;
  c.halted = false;
  c.nmi_pending = false;
  c.nmi_blocked = false;
  c.inhibit_irq = false;
  c.triple_fault = false;
  c.msr = cpu::Msrs{};
  c.fpu.power_on();  // FCW 0040h, FTW 5555h (SDM vol. 3, table 9-1)
  c.refresh_breakpoints();
  c.mmu.set_cr0(c.s.cr0);
  c.mmu.set_cr3(0);
  c.mmu.set_cr4(0);
  c.refresh_all();
  c.cache.forget_current();
  c.poke_loop();
}

namespace {

// Delivers the #DB trap the last instruction left pending: single-step (BS)
// and data/I/O breakpoints (B0-B3), reported together (SDM vol. 3, 17.3.1.2).
void deliver_debug_trap(CpuCore& c) {
  const uint32_t trap = c.debug_trap;
  c.debug_trap = 0;
  c.halted = false;
  if (trap & 0xFu) c.s.dr[6] &= ~0xFu;
  c.s.dr[6] |= trap;
  c.next_eip = c.s.eip;
  c.deliver(cpu::kDB, false, false, 0, true);
  c.s.eip = c.next_eip;
  c.clock.cycles += 20;
}

// The slow path at an instruction boundary, in the priority order of SDM
// vol. 3 table 6-2: traps of the last instruction, deadline, NMI, INTR, HLT.
// Returns true with `stop` set when run() must return.
bool boundary(CpuCore& c, CpuStop& stop) {
  if (c.debug_trap) deliver_debug_trap(c);
  if (c.clock.cycles >= c.deadline) {
    c.check_at = c.deadline;
    stop = CpuStop::kDeadline;
    return true;
  }
  const bool shadow = c.inhibit_irq && c.insns == c.inhibit_at;
  if (c.inhibit_irq && c.insns != c.inhibit_at) c.inhibit_irq = false;
  if (!shadow && c.nmi_pending && !c.nmi_blocked) {
    c.nmi_pending = false;
    c.nmi_blocked = true;
    c.halted = false;
    if (c.hub.armed()) c.hub.each([&](Observer& o) { o.on_interrupt(cpu::kNMI); });
    c.next_eip = c.s.eip;
    c.delivering_ext = true;
    c.deliver(cpu::kNMI, false, false, 0, true);
    c.delivering_ext = false;
    c.s.eip = c.next_eip;
    c.clock.cycles += 20;
  } else if (!shadow && c.intr && (c.flags_bits & cpu::kIF) && c.pic) {
    uint8_t vector = c.pic->acknowledge_interrupt();
    c.halted = false;
    if (c.hub.armed()) c.hub.each([&](Observer& o) { o.on_interrupt(vector); });
    c.next_eip = c.s.eip;
    c.delivering_ext = true;
    c.deliver(vector, false, false, 0, true);
    c.delivering_ext = false;
    c.s.eip = c.next_eip;
    c.clock.cycles += 20;
  }
  // A trap the delivery itself raised (a task gate's T flag, a data
  // breakpoint on the pushed frame) comes before the handler's first instruction.
  if (c.debug_trap) deliver_debug_trap(c);
  if (c.halted) {
    c.check_at = 0;
    stop = CpuStop::kHalted;
    return true;
  }
  const bool wants_irq = c.intr && (c.flags_bits & cpu::kIF);
  c.check_at = (wants_irq || (c.nmi_pending && !c.nmi_blocked) || c.inhibit_irq || c.dr_exec_armed)
                   ? 0
                   : c.deadline;
  return false;
}

// Just before an instruction starts: instruction breakpoints (DR0-DR3 with
// R/W = 00) fault unless RF is set, and RF is cleared once that check is done
// (SDM vol. 3, 17.3.1.1).
void instruction_start(CpuCore& c) {
  if (c.flags_bits & cpu::kRF) {
    c.flags_bits &= ~cpu::kRF;
  } else if (c.dr_exec_armed) {
    if (uint32_t hits = c.code_breakpoint_hits(c.s.seg[kCs].base + c.s.eip)) {
      c.s.dr[6] = (c.s.dr[6] & ~0xFu) | hits;
      throw CpuException{cpu::kDB, false, 0, true};
    }
  }
}

[[gnu::always_inline]] inline void step(CpuCore& c) {
  const uint32_t eip = c.s.eip;
  const uint32_t lin = c.s.seg[kCs].base + eip;
  // Before the fetch: a fetch that faults (a page not yet mapped after an
  // IRET or CALL) must push this instruction's ESP, not the previous one's.
  c.saved_esp = c.s.gpr[kEsp];
  const cpu::Insn& i = c.cache.fetch(c, lin, c.code32, c.s.cpl == 3);
  if (uint64_t{eip} + (i.len - 1) > c.segchk[kCs].hi) c.raise(cpu::kGP, 0);
  c.eip_ring[c.eip_ring_pos++ & 255] = lin;
  // 16-bit code: IP wraps at 64 KiB.
  c.next_eip = (eip + i.len) & (i.code32 ? 0xFFFF'FFFFu : 0xFFFFu);
  const bool trap = c.flags_bits & cpu::kTF;
  i.fn(c, i);
  c.s.eip = c.next_eip;
  c.clock.cycles += i.cycles;
  ++c.insns;
  if (trap) {
    // Single-step trap after the instruction (SDM vol. 3, 17.3.1.4),
    // delivered at the boundary with any data breakpoint it also hit.
    c.debug_trap |= cpu::kDr6Bs;
    c.poke_loop();
  }
}

}  // namespace

CpuStop Cpu::run(uint64_t cycle_deadline, uint64_t max_instructions) {
  CpuCore& c = impl_->core;
  c.deadline = cycle_deadline;
  c.refresh_breakpoints();  // DR7 may have been edited through state()
  c.check_at = 0;
  const uint64_t limit =
      max_instructions > UINT64_MAX - c.insns ? UINT64_MAX : c.insns + max_instructions;
  if (c.halted && !(c.flags_bits & cpu::kIF) && !c.nmi_pending) return CpuStop::kHalted;
  for (;;) {
    uint32_t start_eip = c.s.eip;
    try {
      for (;;) {
        CpuStop stop;
        if (c.clock.cycles >= c.check_at) {
          // A fault raised here (interrupt delivery) restarts this instruction.
          start_eip = c.s.eip;
          c.saved_esp = c.s.gpr[kEsp];
          if (boundary(c, stop)) return stop;
          if (c.insns >= limit) return CpuStop::kInsnLimit;
          // An observer's stop comes before the instruction starts (RF intact).
          if (c.hub.armed() && c.hub.take_stop_request()) return CpuStop::kObserver;
          // The instruction now starts (possibly a handler's first one).
          start_eip = c.s.eip;
          c.saved_esp = c.s.gpr[kEsp];
          instruction_start(c);
        }
        if (c.insns >= limit) return CpuStop::kInsnLimit;
        if (c.hub.armed()) {
          if (c.hub.take_stop_request()) return CpuStop::kObserver;
          uint32_t lin = c.s.seg[kCs].base + c.s.eip;
          c.hub.each([&](Observer& o) { o.before_instruction(lin); });
          start_eip = c.s.eip;
          step(c);
          c.hub.each([](Observer& o) { o.after_instruction(); });
          continue;
        }
        start_eip = c.s.eip;
        step(c);
      }
    } catch (const CpuException& e) {
      // Faults restart: EIP and ESP of the faulting instruction, or of the
      // new task's first instruction after a task switch's commit point.
      if (c.fault_in_new_task) {
        c.fault_in_new_task = false;
        start_eip = c.s.eip;
        c.saved_esp = c.s.gpr[kEsp];
      }
      c.s.eip = start_eip;
      c.next_eip = start_eip;
      c.s.gpr[kEsp] = c.saved_esp;
      c.halted = false;
      c.debug_trap = 0;  // a faulting instruction reports no breakpoint or step trap
      handle_exception(c, e);
      c.s.eip = c.next_eip;
      ++c.insns;
      if (c.triple_fault) {
        c.triple_fault = false;
        return CpuStop::kTripleFault;
      }
    }
  }
}

void Cpu::lower_deadline(uint64_t cycle) {
  CpuCore& c = impl_->core;
  if (cycle < c.deadline) c.deadline = cycle;
  if (cycle < c.check_at) c.check_at = cycle;
}

void Cpu::set_intr(bool level) {
  CpuCore& c = impl_->core;
  c.intr = level;
  if (level) c.poke_loop();
}

void Cpu::raise_nmi() {
  impl_->core.nmi_pending = true;
  impl_->core.poke_loop();
}

void Cpu::set_interrupt_controller(InterruptController* controller) {
  impl_->core.pic = controller;
}

void Cpu::set_msr_platform(MsrPlatform* platform) {
  impl_->core.msr_platform = platform;
}

bool Cpu::halted() const {
  return impl_->core.halted;
}
uint64_t Cpu::instructions_retired() const {
  return impl_->core.insns;
}
const CpuConfig& Cpu::config() const {
  return impl_->core.config;
}
X87& Cpu::x87() {
  return impl_->core.fpu;
}
const X87& Cpu::x87() const {
  return impl_->core.fpu;
}
CpuState& Cpu::state() {
  return impl_->core.s;
}
const CpuState& Cpu::state() const {
  return impl_->core.s;
}
uint32_t Cpu::eflags() const {
  return impl_->core.eflags();
}
void Cpu::set_eflags(uint32_t value) {
  impl_->core.set_eflags_raw(value);
}

void Cpu::load_segment_unchecked(SegReg reg, const SegmentCache& cache) {
  CpuCore& c = impl_->core;
  c.refresh_all();
  SegmentCache v = cache;
  if (c.mode != cpu::Mode::kProtected) v.base = uint32_t{cache.selector} << 4;
  c.set_seg(reg, v);
}

void Cpu::set_control_registers(uint32_t cr0, uint32_t cr3, uint32_t cr4) {
  CpuCore& c = impl_->core;
  c.s.cr0 = cr0;
  c.s.cr3 = cr3;
  c.s.cr4 = cr4;
  c.mmu.set_cr0(cr0);
  c.mmu.set_cr3(cr3);
  c.mmu.set_cr4(cr4);
  c.cache.forget_current();
  c.refresh_all();
}

std::vector<uint32_t> Cpu::recent_eips(size_t n) const {
  const CpuCore& c = impl_->core;
  size_t have = c.eip_ring_pos < c.eip_ring.size() ? c.eip_ring_pos : c.eip_ring.size();
  if (n > have) n = have;
  std::vector<uint32_t> out;
  out.reserve(n);
  for (size_t k = n; k > 0; --k) out.push_back(c.eip_ring[(c.eip_ring_pos - k) & 255]);
  return out;
}

std::string Cpu::format_registers() const {
  const CpuCore& c = impl_->core;
  const CpuState& s = c.s;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n"
                "ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n"
                "EIP=%08x EFL=%08x CPL=%u CR0=%08x CR2=%08x CR3=%08x CR4=%08x\n"
                "CS=%04x ES=%04x SS=%04x DS=%04x FS=%04x GS=%04x\n",
                s.gpr[kEax], s.gpr[kEbx], s.gpr[kEcx], s.gpr[kEdx], s.gpr[kEsi], s.gpr[kEdi],
                s.gpr[kEbp], s.gpr[kEsp], s.eip, c.eflags(), s.cpl, s.cr0, s.cr2, s.cr3, s.cr4,
                s.seg[kCs].selector, s.seg[kEs].selector, s.seg[kSs].selector, s.seg[kDs].selector,
                s.seg[kFs].selector, s.seg[kGs].selector);
  return buf;
}

}  // namespace mkemu
