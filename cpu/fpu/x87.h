#pragma once
// The x87 FPU as a self-contained unit the CPU calls.
//
// How the CPU uses it:
//   1. Decode D8..DF + ModRM, then ask x87_decode(opcode, modrm) for the form:
//      invalid encodings -> #UD; p6_only forms (FCMOVcc, FCOMI family) -> #UD
//      on models without CMOV; memory forms tell their operand size.
//   2. Before every instruction: CR0.EM or CR0.TS -> #NM (TS with MP for
//      WAIT). Before a *waiting* instruction (info.waiting) and before WAIT
//      (9B): if pending_exception(), raise #MF (CR0.NE=1) or signal FERR#.
//   3. Fill an X87Insn and call execute(insn, mem). Memory operands are read
//      and written through X87Memory at insn.addr + byte offset. The reads
//      happen before any state changes and the write happens last, so when a
//      X87Memory call throws (the CPU's fault), the FPU state is unchanged.
//   4. Apply the X87Result: AX for FNSTSW AX, EFLAGS (CF/PF/ZF/AF/SF/OF) for
//      FCOMI/FUCOMI(P); result.exception_pending mirrors pending_exception().
//   FXSAVE/FXRSTOR (0F AE /0, /1) are not D8..DF: the CPU checks alignment and
//   moves the bytes, calling fxsave()/fxrstor() for the x87 part of the image.
//
// Every numeric operation runs on the host's x87 with the guest's control
// word, tags and registers loaded (see docs/x87.md): results and flags are
// the host's bit for bit, so this unit needs an x86-64 host.
#include <cstdint>

#include "platform/core/state_io.h"

namespace mkemu {

// Guest memory as the CPU sees it. May throw the CPU's fault exception.
class X87Memory {
 public:
  virtual ~X87Memory() = default;
  virtual void read(uint32_t addr, void* out, unsigned n) = 0;
  virtual void write(uint32_t addr, const void* in, unsigned n) = 0;
};

// One decoded x87 instruction (escape opcode D8..DF and its operand).
struct X87Insn {
  uint8_t opcode = 0xD8;  // D8..DF
  uint8_t modrm = 0;      // mod == 3: register form; otherwise memory form at `addr`
  bool operand32 = true;  // operand size: FSTENV/FLDENV/FSAVE/FRSTOR layout width
  // CR0.PE=1 and EFLAGS.VM=0: protected-mode layouts; otherwise the real-mode
  // ones (real and virtual-8086 mode), which store FIP/FDP as (sel << 4) + off.
  bool protected_mode = true;
  uint32_t addr = 0;  // the memory operand's address, as X87Memory understands it
  // FCS:FIP of this instruction: the offset of its first prefix byte (SDM
  // Vol. 1 8.1.8). The real-mode layouts store (selector << 4) + offset.
  uint16_t fcs = 0;
  uint32_t fip = 0;
  uint16_t fds = 0;     // selector of the memory operand's segment
  uint32_t fdp = 0;     // offset of the memory operand
  uint32_t eflags = 0;  // guest EFLAGS: FCMOVcc reads CF/PF/ZF
};

// What the CPU must do after execute().
struct X87Result {
  bool write_ax = false;  // FNSTSW AX
  uint16_t ax = 0;
  bool write_eflags = false;       // FCOMI, FCOMIP, FUCOMI, FUCOMIP
  uint32_t eflags_mask = 0;        // the bits execute() defines (CF PF AF ZF SF OF)
  uint32_t eflags = 0;             // their new values
  bool exception_pending = false;  // SW.ES after the instruction
};

// Static facts about one encoding, for the CPU's decoder and checks.
struct X87OpInfo {
  bool valid = false;     // false: #UD
  bool memory = false;    // memory form
  bool waiting = true;    // checks pending exceptions first (not FNINIT, FNCLEX, FNSTSW, ...)
  bool p6_only = false;   // FCMOVcc, FCOMI family: needs CPUID.CMOV
  bool control = false;   // does not update FIP/FCS/FOP (FLDCW, FNSTENV, FNINIT, ...)
  uint8_t mem_bytes = 0;  // memory operand size; env/save forms: 0 (size depends on mode)
  const char* mnemonic = "";
};

X87OpInfo x87_decode(uint8_t opcode, uint8_t modrm);

// An 80-bit register: 64-bit significand (bit 63 = J bit) and sign/exponent.
struct X87Reg {
  uint64_t mantissa = 0;
  uint16_t sign_exp = 0;
  bool operator==(const X87Reg&) const = default;
  // The value as the host's 80-bit long double, for display only (debugger,
  // register dumps); never feed it back into guest-visible state.
  long double to_long_double() const {
    static_assert(sizeof(long double) >= 10, "needs the x86 80-bit long double");
    long double v = 0;
    __builtin_memcpy(&v, &mantissa, 8);
    __builtin_memcpy(reinterpret_cast<char*>(&v) + 8, &sign_exp, 2);
    return v;
  }
};

// The architectural state. Registers are indexed physically (R0..R7);
// ST(i) is R[(TOP + i) & 7]. Like P6 and later, the tag is kept abridged (one
// "valid" bit per physical register); the full tag word is derived from the
// register contents whenever it is read (FSTENV/FSAVE).
struct X87State {
  X87Reg reg[8];
  uint16_t cw = 0x0040;      // power-on value (SDM Table 9-1)
  uint16_t sw = 0;           // TOP is bits 11..13
  uint8_t tag_valid = 0xFF;  // power-on: all registers +0.0 and valid (FTW 0x5555)
  uint16_t fop = 0;          // 11 bits
  uint16_t fcs = 0;
  uint32_t fip = 0;
  uint16_t fds = 0;
  uint32_t fdp = 0;
  bool operator==(const X87State&) const = default;
};

class X87 : public Stateful {
 public:
  static constexpr uint16_t kSwIe = 0x0001, kSwDe = 0x0002, kSwZe = 0x0004, kSwOe = 0x0008,
                            kSwUe = 0x0010, kSwPe = 0x0020, kSwSf = 0x0040, kSwEs = 0x0080,
                            kSwC0 = 0x0100, kSwC1 = 0x0200, kSwC2 = 0x0400, kSwC3 = 0x4000,
                            kSwBusy = 0x8000;
  static constexpr unsigned kFxsaveX87Bytes = 160;  // FXSAVE bytes 0..159 (minus MXCSR 24..31)

  X87() { power_on(); }

  // RESET values: CW 0x0040, FTW 0x5555, registers +0.0 (SDM Vol. 3 Table
  // 9-1). INIT leaves the x87 state unchanged: do not call this on INIT.
  void power_on();
  void fninit();  // FNINIT values: CW 0x037F, SW 0, all empty, pointers 0

  X87Result execute(const X87Insn& insn, X87Memory& mem);

  // SW.ES: an unmasked exception is pending (WAIT and waiting insns raise #MF).
  bool pending_exception() const { return (state_.sw & kSwEs) != 0; }

  // FXSAVE/FXRSTOR image bytes 0..23 and 32..159 (bytes 24..31 are MXCSR and
  // MXCSR_MASK, which belong to SSE: fxsave() leaves them untouched).
  void fxsave(uint8_t image[kFxsaveX87Bytes]) const;
  void fxrstor(const uint8_t image[kFxsaveX87Bytes]);

  // The full 16-bit tag word as FSTENV/FSAVE store it.
  uint16_t full_tag_word() const;
  unsigned top() const { return (state_.sw >> 11) & 7; }
  const X87Reg& st(unsigned i) const { return state_.reg[(top() + i) & 7]; }

  const X87State& state() const { return state_; }
  // Replaces the state (debugger, tests); ES/B are recomputed from the flags.
  void set_state(const X87State& s);

  std::string_view state_name() const override { return "x87"; }
  void save_state(StateWriter& out) const override;
  void load_state(StateReader& in) override;

 private:
  X87State state_;
};

}  // namespace mkemu
