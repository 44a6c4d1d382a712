// Lazy arithmetic flags: the last ALU operation's operands and result are
// kept, and each flag is computed only when something reads it.
#include "cpu/cpu_core.h"

namespace mkemu::cpu {
namespace {

uint32_t msb(uint8_t bits) {
  return 1u << (bits - 1);
}

}  // namespace

bool CpuCore::cf() const {
  const uint32_t a = lz_a, b = lz_b, r = lz_r;
  switch (lazy_op) {
    case LazyOp::kAdd: return ((a & b) | ((a | b) & ~r)) & msb(lz_bits);
    case LazyOp::kSub: return ((~a & b) | ((~a | b) & r)) & msb(lz_bits);
    case LazyOp::kLogic: return false;
    default: return flags_bits & kCF;
  }
}

bool CpuCore::sf() const {
  if (lazy_op == LazyOp::kNone) return flags_bits & kSF;
  return lz_r & msb(lz_bits);
}

bool CpuCore::pf() const {
  if (lazy_op == LazyOp::kNone) return flags_bits & kPF;
  return parity(static_cast<uint8_t>(lz_r));
}

bool CpuCore::of() const {
  const uint32_t a = lz_a, b = lz_b, r = lz_r;
  switch (lazy_op) {
    case LazyOp::kAdd:
    case LazyOp::kInc: return ((a ^ r) & (b ^ r)) & msb(lz_bits);
    case LazyOp::kSub:
    case LazyOp::kDec: return ((a ^ b) & (a ^ r)) & msb(lz_bits);
    case LazyOp::kLogic: return false;
    default: return flags_bits & kOF;
  }
}

uint32_t CpuCore::eflags() const {
  if (lazy_op == LazyOp::kNone) return flags_bits;
  uint32_t f = flags_bits & ~kArithFlags;
  if (cf()) f |= kCF;
  if (pf()) f |= kPF;
  if (lazy_op != LazyOp::kLogic && ((lz_a ^ lz_b ^ lz_r) & 0x10)) f |= kAF;
  if (lz_r == 0) f |= kZF;
  if (sf()) f |= kSF;
  if (of()) f |= kOF;
  return f;
}

bool CpuCore::cond(unsigned cc) const {
  bool r = false;
  switch ((cc >> 1) & 7) {
    case 0: r = of(); break;
    case 1: r = cf(); break;
    case 2: r = zf(); break;
    case 3: r = cf() || zf(); break;
    case 4: r = sf(); break;
    case 5: r = pf(); break;
    case 6: r = sf() != of(); break;
    case 7: r = zf() || (sf() != of()); break;
  }
  return (cc & 1) ? !r : r;
}

void CpuCore::set_eflags_raw(uint32_t v) {
  uint32_t old = eflags();
  lazy_op = LazyOp::kNone;
  // Bit 1 is always set; bits 3, 5, 15 and 22-31 always clear.
  flags_bits = (v & 0x003F'7FD5u) | 2u;
  if (!(config.features_edx & (1u << 1))) flags_bits &= ~(kVIF | kVIP);
  Mode m = !(s.cr0 & 1) ? Mode::kReal : (flags_bits & kVM) ? Mode::kVm86 : Mode::kProtected;
  if (m != mode) {
    mode = m;
    refresh_all();
  }
  // RF set: the boundary must see it (it suppresses instruction breakpoints
  // for one instruction and is cleared when that instruction starts).
  if (((old ^ flags_bits) & (kIF | kTF)) != 0 || (flags_bits & kRF)) poke_loop();
  if ((old ^ flags_bits) & kAC) refresh_alignment_check();
}

}  // namespace mkemu::cpu
