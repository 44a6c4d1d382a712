#pragma once
// The CPU's internal state and the small helpers every handler uses (register
// access, lazy flags, segmented memory, stack, exceptions). Internal to cpu/.
#include <array>
#include <cstdint>
#include <cstring>

#include "cpu/cpu.h"
#include "cpu/decode_cache.h"
#include "cpu/fpu/x87.h"
#include "cpu/insn.h"

namespace mkemu::cpu {

// An architectural exception in flight. Thrown by handlers, caught by the run
// loop, which restores EIP/ESP to the faulting instruction and delivers it.
struct CpuException {
  uint8_t vector;
  bool has_error;
  uint32_t error;
  bool code_breakpoint = false;  // the one fault whose pushed EFLAGS keeps RF as it is
};

// Exception vectors (SDM vol. 3, table 6-1).
inline constexpr uint8_t kDE = 0, kDB = 1, kNMI = 2, kBP = 3, kOverflow = 4, kBR = 5, kUD = 6,
                         kNM = 7, kDoubleFault = 8, kTS = 10, kNP = 11, kSS = 12, kGP = 13,
                         kPageFault = 14, kMF = 16, kAlignCheck = 17, kMC = 18;

// EFLAGS bits.
inline constexpr uint32_t kCF = 1u << 0, kPF = 1u << 2, kAF = 1u << 4, kZF = 1u << 6, kSF = 1u << 7,
                          kTF = 1u << 8, kIF = 1u << 9, kDF = 1u << 10, kOF = 1u << 11,
                          kIOPL = 3u << 12, kNT = 1u << 14, kRF = 1u << 16, kVM = 1u << 17,
                          kAC = 1u << 18, kVIF = 1u << 19, kVIP = 1u << 20, kID = 1u << 21;
inline constexpr uint32_t kArithFlags = kCF | kPF | kAF | kZF | kSF | kOF;

// DR6 status and DR7 control bits (SDM vol. 3, 17.2).
inline constexpr uint32_t kDr6Bd = 1u << 13, kDr6Bs = 1u << 14, kDr6Bt = 1u << 15,
                          kDr7Gd = 1u << 13;

enum class LazyOp : uint8_t { kNone, kAdd, kSub, kLogic, kInc, kDec };
enum class Mode : uint8_t { kReal, kProtected, kVm86 };

// Offsets a segment accepts, precomputed at every segment load.
struct SegCheck {
  uint32_t lo = 0;
  uint32_t hi = 0xFFFF;  // inclusive
  bool readable = true;
  bool writable = true;
  bool usable = true;
};

struct Msrs {
  uint64_t sysenter_cs = 0, sysenter_esp = 0, sysenter_eip = 0;
  uint64_t pat = 0x0007'0406'0007'0406ull;
  uint64_t mtrr_def_type = 0;
  uint64_t mtrr_fixed[11] = {};
  uint64_t mtrr_var[16] = {};
  uint64_t tsc_offset = 0;  // TSC = cycles + offset (WRMSR to TSC sets the offset)
  uint64_t misc_enable = 1;
};

struct CpuCore {
  CpuCore(const CpuConfig& cfg, Mmu& m, IoBus& bus, Clock& clk, ObserverHub& observers);

  CpuConfig config;
  Mmu& mmu;
  PhysicalMemoryMap& phys;
  IoBus& io;
  Clock& clock;
  ObserverHub& hub;
  InterruptController* pic = nullptr;
  MsrPlatform* msr_platform = nullptr;

  CpuState s;
  Mode mode = Mode::kReal;
  bool stack32 = false;
  bool code32 = false;
  uint32_t saved_esp = 0;       // ESP at instruction start (restored when it faults)
  bool delivering_ext = false;  // error codes get EXT while delivering an external event
  SegCheck segchk[6];
  uint32_t next_eip = 0;

  // EFLAGS: `flags_bits` holds every bit; its arithmetic bits are stale while
  // lazy_op != kNone, when they follow from (lz_a, lz_b, lz_r) instead.
  uint32_t flags_bits = 2;
  LazyOp lazy_op = LazyOp::kNone;
  uint8_t lz_bits = 32;
  uint32_t lz_a = 0, lz_b = 0, lz_r = 0;

  // Run control.
  uint64_t deadline = 0;
  uint64_t check_at = 0;  // the loop leaves its fast path when cycles reach this
  uint64_t insns = 0;
  bool halted = false;
  bool intr = false;
  bool nmi_pending = false;
  bool nmi_blocked = false;
  bool inhibit_irq = false;  // after STI / MOV SS / POP SS
  uint64_t inhibit_at = 0;   // instruction count the inhibit applies to
  uint8_t delivering = 0;    // nesting of exception delivery (double/triple fault)
  bool triple_fault = false;
  // Debug registers and alignment checks (debug.cpp). Each is a flag that is
  // false unless the guest enabled the feature, so the hot paths pay nothing.
  bool dr_exec_armed = false;    // DR7 enables an instruction breakpoint: check every boundary
  bool dr_data_armed = false;    // DR7 enables a data breakpoint (R/W = 01 or 11)
  bool dr_io_armed = false;      // DR7 enables an I/O breakpoint (R/W = 10 with CR4.DE)
  bool ac_armed = false;         // CR0.AM, EFLAGS.AC and CPL 3: misaligned accesses raise #AC
  bool data_checks = false;      // dr_data_armed || ac_armed: the MMU fast path is off
  bool fast_path_before = true;  // the MMU fast-path setting to restore afterwards
  uint32_t debug_trap = 0;       // #DB trap pending for the boundary, in DR6 layout (B0-B3, BS)
  Msrs msr;
  X87 fpu;

  std::array<uint32_t, 256> eip_ring{};
  uint32_t eip_ring_pos = 0;

  DecodeCache cache;

  // ---- registers ----
  uint8_t reg8(unsigned r) const {
    return r < 4 ? static_cast<uint8_t>(s.gpr[r]) : static_cast<uint8_t>(s.gpr[r - 4] >> 8);
  }
  void set_reg8(unsigned r, uint8_t v) {
    if (r < 4) {
      s.gpr[r] = (s.gpr[r] & ~0xFFu) | v;
    } else {
      s.gpr[r - 4] = (s.gpr[r - 4] & ~0xFF00u) | (uint32_t{v} << 8);
    }
  }
  uint16_t reg16(unsigned r) const { return static_cast<uint16_t>(s.gpr[r]); }
  void set_reg16(unsigned r, uint16_t v) { s.gpr[r] = (s.gpr[r] & 0xFFFF'0000u) | v; }
  template <typename T>
  T reg(unsigned r) const {
    if constexpr (sizeof(T) == 1) return reg8(r);
    if constexpr (sizeof(T) == 2) return reg16(r);
    if constexpr (sizeof(T) == 4) return s.gpr[r];
  }
  template <typename T>
  void set_reg(unsigned r, T v) {
    if constexpr (sizeof(T) == 1) set_reg8(r, v);
    if constexpr (sizeof(T) == 2) set_reg16(r, v);
    if constexpr (sizeof(T) == 4) s.gpr[r] = v;
  }

  // ---- flags ----
  uint32_t eflags() const;
  void set_eflags_raw(uint32_t v);  // all bits, no privilege rules; updates mode
  // Replaces the EFLAGS bits in `changeable` (after privilege rules are applied by the caller).
  void write_eflags(uint32_t v, uint32_t changeable) {
    set_eflags_raw((eflags() & ~changeable) | (v & changeable));
  }
  bool cf() const;
  bool zf() const { return lazy_op == LazyOp::kNone ? (flags_bits & kZF) : (lz_r == 0); }
  bool sf() const;
  bool of() const;
  bool pf() const;
  bool cond(unsigned cc) const;
  void materialize() {
    if (lazy_op != LazyOp::kNone) {
      flags_bits = eflags();
      lazy_op = LazyOp::kNone;
    }
  }
  // Sets the arithmetic flags in `mask` to `value` (other bits kept).
  void set_flags(uint32_t mask, uint32_t value) {
    materialize();
    flags_bits = (flags_bits & ~mask) | (value & mask);
  }
  void set_cf(bool v) { set_flags(kCF, v ? kCF : 0); }
  template <typename T>
  void lazy(LazyOp op, T a, T b, T r) {
    if (op == LazyOp::kInc || op == LazyOp::kDec) {
      bool carry = cf();
      flags_bits = (flags_bits & ~kCF) | (carry ? kCF : 0);
    }
    lazy_op = op;
    lz_bits = sizeof(T) * 8;
    lz_a = a;
    lz_b = b;
    lz_r = r;
  }
  // SF, ZF, PF of a result, as explicit bits.
  template <typename T>
  static uint32_t szp(T r) {
    uint32_t f = 0;
    if (r == 0) f |= kZF;
    if (r >> (sizeof(T) * 8 - 1)) f |= kSF;
    if (parity(static_cast<uint8_t>(r))) f |= kPF;
    return f;
  }
  static bool parity(uint8_t v) { return !__builtin_parity(v); }

  // ---- exceptions ----
  [[noreturn]] void raise(uint8_t vector) { throw CpuException{vector, false, 0}; }
  [[noreturn]] void raise(uint8_t vector, uint32_t error) {
    throw CpuException{vector, true, error};
  }
  [[noreturn]] void page_fault(const PageFaultInfo& f);
  [[noreturn]] void seg_fault(unsigned seg) { raise(seg == kSs ? kSS : kGP, 0); }

  // ---- memory ----
  bool user() const { return s.cpl == 3; }
  uint32_t lin(unsigned seg, uint32_t off, unsigned size, bool write) {
    const SegCheck& k = segchk[seg];
    if (off < k.lo || uint64_t{off} + (size - 1) > k.hi || !(write ? k.writable : k.readable)) {
      seg_fault(seg);
    }
    return s.seg[seg].base + off;
  }
  uint32_t read_slow(uint32_t l, unsigned size, bool user_access);
  void write_slow(uint32_t l, unsigned size, uint32_t v, bool user_access);
  void check_writable(uint32_t l, unsigned size, bool user_access);
  template <typename T>
  T read_lin(uint32_t l, bool user_access) {
    if (uint8_t* p = mmu.fast_read(l, sizeof(T), user_access)) {
      T v;
      std::memcpy(&v, p, sizeof(T));
      return v;
    }
    return static_cast<T>(read_slow(l, sizeof(T), user_access));
  }
  template <typename T>
  void write_lin(uint32_t l, T v, bool user_access) {
    if (uint8_t* p = mmu.fast_write(l, sizeof(T), user_access)) {
      std::memcpy(p, &v, sizeof(T));
      return;
    }
    write_slow(l, sizeof(T), v, user_access);
  }
  template <typename T>
  T read(unsigned seg, uint32_t off) {
    return read_lin<T>(lin(seg, off, sizeof(T), false), user());
  }
  template <typename T>
  void write(unsigned seg, uint32_t off, T v) {
    write_lin<T>(lin(seg, off, sizeof(T), true), v, user());
  }
  // Read for a read-modify-write: faults as a write would, before anything changes.
  template <typename T>
  T read_rmw(uint32_t l) {
    if (uint8_t* p = mmu.fast_write(l, sizeof(T), user())) {
      T v;
      std::memcpy(&v, p, sizeof(T));
      return v;
    }
    check_writable(l, sizeof(T), user());
    return static_cast<T>(read_slow(l, sizeof(T), user()));
  }
  // Supervisor accesses to system tables (GDT, LDT, IDT, TSS).
  uint32_t sys_read32(uint32_t l) { return read_lin<uint32_t>(l, false); }
  uint16_t sys_read16(uint32_t l) { return read_lin<uint16_t>(l, false); }

  // Effective address (offset) of a memory operand.
  uint32_t ea(const Insn& i) const {
    uint32_t a = i.disp;
    if (i.base != kNoReg) a += s.gpr[i.base];
    if (i.index != kNoReg) a += s.gpr[i.index] << i.scale;
    return i.a32 ? a : (a & 0xFFFF);
  }
  // r/m operand access.
  template <typename T>
  T rm_read(const Insn& i) {
    if (i.mod == 3) return reg<T>(i.rm);
    return read<T>(i.seg, ea(i));
  }
  // MOV r/m, Sreg and SLDT/STR: a register destination with 32-bit operand
  // size gets the selector zero-extended (P6 family), memory gets 16 bits.
  void store_selector(const Insn& i, uint16_t selector) {
    if (i.mod == 3 && i.o32) {
      s.gpr[i.rm] = selector;
    } else {
      rm_write<uint16_t>(i, selector);
    }
  }
  template <typename T>
  void rm_write(const Insn& i, T v) {
    if (i.mod == 3) {
      set_reg<T>(i.rm, v);
    } else {
      write<T>(i.seg, ea(i), v);
    }
  }

  // ---- stack ----
  uint32_t sp_mask() const { return stack32 ? 0xFFFF'FFFFu : 0xFFFFu; }
  uint32_t sp() const { return s.gpr[kEsp] & sp_mask(); }
  void set_sp(uint32_t v) {
    s.gpr[kEsp] = stack32 ? v : ((s.gpr[kEsp] & 0xFFFF'0000u) | (v & 0xFFFF));
  }
  template <typename T>
  void push(T v) {
    uint32_t n = (sp() - sizeof(T)) & sp_mask();
    write<T>(kSs, n, v);
    set_sp(n);
  }
  template <typename T>
  T pop() {
    T v = read<T>(kSs, sp());
    set_sp(sp() + sizeof(T));
    return v;
  }
  template <typename T>
  T peek_stack(uint32_t offset) {
    return read<T>(kSs, (sp() + offset) & sp_mask());
  }

  // ---- segments (segments.cpp) ----
  void refresh_seg_check(unsigned seg);
  void refresh_all();  // mode, stack32, every SegCheck (after external state edits)
  void load_seg_real(unsigned seg, uint16_t selector);
  // Loads DS/ES/FS/GS/SS in the current mode with all protection checks.
  void load_seg(unsigned seg, uint16_t selector);
  bool fetch_descriptor(uint16_t selector, uint32_t& lo, uint32_t& hi);  // false: outside table
  uint32_t descriptor_addr(uint16_t selector);
  void set_accessed(uint16_t selector, uint32_t hi);
  static SegmentCache cache_from(uint16_t selector, uint32_t lo, uint32_t hi);
  void set_seg(unsigned seg, const SegmentCache& cache);
  void set_cpl(uint8_t cpl);

  // ---- control transfers (exec_far.cpp, interrupts.cpp) ----
  void jump_near(uint32_t target, bool o32);
  void far_jump(uint16_t selector, uint32_t offset, bool o32);
  void far_call(uint16_t selector, uint32_t offset, bool o32);
  void far_return(bool o32, uint16_t pop_bytes);
  void iret(bool o32);
  // Delivers an interrupt/exception. `software`: INT n/INT3/INTO (DPL checked).
  void deliver(uint8_t vector, bool software, bool has_error, uint32_t error, bool ext);
  void deliver_exception(const CpuException& e);
  void task_switch(uint16_t selector, uint32_t lo, uint32_t hi, int reason, bool has_error,
                   uint32_t error);
  // The new task's LDTR and segment registers, with their checks (task.cpp).
  void load_task_segments(const uint16_t (&segs)[6], uint16_t ldt);
  // Set when a task switch faults after its commit point: the run loop then
  // delivers the fault with the new task's EIP and ESP, not the old ones.
  bool fault_in_new_task = false;

  // The ring-`dpl` stack from the current TSS (#TS on a short TSS).
  void tss_stack(unsigned dpl, uint16_t& ss, uint32_t& esp, uint32_t ext_bit);
  // Checks a stack segment for a privilege change to `dpl` (#TS otherwise).
  SegmentCache check_new_ss(uint16_t selector, unsigned dpl, uint32_t ext_bit);
  // Pushes `value` (width 2 or 4) on a stack that is not yet SS (an inner
  // ring's), with supervisor accesses: #SS(ss_error) past its limit.
  void push_on_stack(const SegmentCache& ss, uint32_t mask, unsigned width, uint32_t& sp,
                     uint32_t value, uint32_t ss_error);
  // RET/IRET to an outer ring (far.cpp): the popped SS must be a present,
  // writable data segment of ring `rpl` (#GP(selector), #SS if not present).
  SegmentCache outer_stack_segment(uint16_t ss_sel, unsigned rpl, uint32_t& hi);
  // Commits such a return: CPL = CS.RPL, CS, SS, ESP and EIP, and data
  // segments the new CPL may not use become null.
  void enter_outer_ring(SegmentCache cs, uint32_t cs_hi, SegmentCache ss, uint32_t ss_hi,
                        uint32_t esp, uint32_t eip);

  // ---- I/O ----
  void check_io(uint16_t port, unsigned size);
  uint32_t port_in(uint16_t port, unsigned size);
  void port_out(uint16_t port, unsigned size, uint32_t value);

  // ---- control registers ----
  void write_cr0(uint32_t v);
  void write_cr3(uint32_t v);
  void write_cr4(uint32_t v);
  void flush_code_tlb() { cache.forget_current(); }
  uint64_t tsc() const { return clock.cycles + msr.tsc_offset; }
  void require_cpl0() {
    if (s.cpl != 0) raise(kGP, 0);
  }
  // ---- debug registers and alignment checks (debug.cpp) ----
  // Recomputes the dr_*_armed flags after DR7 or CR4.DE changes.
  void refresh_breakpoints();
  // Recomputes ac_armed after CR0.AM, EFLAGS.AC or CPL changes.
  void refresh_alignment_check();
  // Slow-path data access checks while data_checks is set: #AC, data breakpoints.
  void check_data_access(uint32_t l, unsigned size, bool write, bool user_access);
  void match_io_breakpoints(uint16_t port, unsigned size);
  // DR0-DR3 instruction breakpoints matching the linear address `lin` (B0-B3 bits).
  uint32_t code_breakpoint_hits(uint32_t lin) const;
  // #AC(0) for an operand at linear `l` whose type requires `align` bytes.
  void check_alignment(uint32_t l, unsigned align) {
    if (ac_armed && (l & (align - 1))) raise(kAlignCheck, 0);
  }
  // The alignment an x87 memory operand needs (SDM vol. 3, table 6-7).
  static unsigned x87_alignment(const X87OpInfo& info, const Insn& i);
  // Sets RF and asks the boundary to clear it after the next instruction starts.
  void set_resume_flag() {
    flags_bits |= kRF;
    poke_loop();
  }
  // Requests the loop's slow path at the next instruction boundary.
  void poke_loop() { check_at = 0; }
  uint32_t iopl() const { return (flags_bits >> 12) & 3; }
};

}  // namespace mkemu::cpu
