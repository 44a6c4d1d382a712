// String instructions with REP/REPE/REPNE. A repeated instruction runs a
// bounded batch of iterations and then restarts itself, so interrupts and
// deadlines are honoured between iterations as on hardware.
#include "cpu/cpu_core.h"
#include "cpu/handlers.h"

namespace mkemu::cpu {
namespace {

constexpr unsigned kBatch = 256;

struct Regs {
  CpuCore& c;
  const Insn& i;
  uint32_t mask() const { return i.a32 ? 0xFFFF'FFFFu : 0xFFFFu; }
  uint32_t si() const { return c.s.gpr[kEsi] & mask(); }
  uint32_t di() const { return c.s.gpr[kEdi] & mask(); }
  uint32_t count() const { return c.s.gpr[kEcx] & mask(); }
  void set(unsigned r, uint32_t v) {
    c.s.gpr[r] = i.a32 ? v : ((c.s.gpr[r] & 0xFFFF'0000u) | (v & 0xFFFF));
  }
  void step(unsigned r, unsigned size) {
    uint32_t d = (c.flags_bits & kDF) ? static_cast<uint32_t>(-static_cast<int32_t>(size)) : size;
    set(r, c.s.gpr[r] + d);
  }
  void dec_count() { set(kEcx, c.s.gpr[kEcx] - 1); }
};

// Runs `body` once, or under REP until the count (or the ZF condition) ends it.
// `body` returns false to stop a REPE/REPNE loop.
template <typename F>
void repeat(CpuCore& c, const Insn& i, bool uses_zf, F body) {
  Regs r{c, i};
  if (!i.rep && !i.repne) {
    body();
    return;
  }
  unsigned n = 0;
  while (r.count() != 0) {
    bool go_on = body();
    r.dec_count();
    ++n;
    if (uses_zf && !go_on) break;
    // TF traps after every iteration, so a single-stepped REP runs one at a time.
    if (n >= kBatch || c.clock.cycles + n * i.cycles >= c.check_at || (c.flags_bits & kTF)) {
      if (r.count() != 0) {
        // Continue in the next step. Events between iterations push RF=1, and
        // the restart does not hit an instruction breakpoint again (SDM vol.
        // 3, 17.3.1.1).
        c.next_eip = c.s.eip;
        c.set_resume_flag();
      }
      break;
    }
  }
  if (n > 1) c.clock.cycles += uint64_t{n - 1} * i.cycles;
}

template <typename T>
void movs(CpuCore& c, const Insn& i) {
  Regs r{c, i};
  repeat(c, i, false, [&] {
    T v = c.read<T>(i.seg, r.si());
    c.write<T>(kEs, r.di(), v);
    r.step(kEsi, sizeof(T));
    r.step(kEdi, sizeof(T));
    return true;
  });
}
template <typename T>
void stos(CpuCore& c, const Insn& i) {
  Regs r{c, i};
  T v = c.reg<T>(kEax);
  repeat(c, i, false, [&] {
    c.write<T>(kEs, r.di(), v);
    r.step(kEdi, sizeof(T));
    return true;
  });
}
template <typename T>
void lods(CpuCore& c, const Insn& i) {
  Regs r{c, i};
  repeat(c, i, false, [&] {
    c.set_reg<T>(kEax, c.read<T>(i.seg, r.si()));
    r.step(kEsi, sizeof(T));
    return true;
  });
}
template <typename T>
void cmps(CpuCore& c, const Insn& i) {
  Regs r{c, i};
  repeat(c, i, true, [&] {
    T a = c.read<T>(i.seg, r.si());
    T b = c.read<T>(kEs, r.di());
    c.lazy<T>(LazyOp::kSub, a, b, static_cast<T>(a - b));
    r.step(kEsi, sizeof(T));
    r.step(kEdi, sizeof(T));
    return (a == b) == static_cast<bool>(i.rep);
  });
}
template <typename T>
void scas(CpuCore& c, const Insn& i) {
  Regs r{c, i};
  T a = c.reg<T>(kEax);
  repeat(c, i, true, [&] {
    T b = c.read<T>(kEs, r.di());
    c.lazy<T>(LazyOp::kSub, a, b, static_cast<T>(a - b));
    r.step(kEdi, sizeof(T));
    return (a == b) == static_cast<bool>(i.rep);
  });
}
template <typename T>
void ins(CpuCore& c, const Insn& i) {
  Regs r{c, i};
  uint16_t port = c.reg16(kEdx);
  c.check_io(port, sizeof(T));
  repeat(c, i, false, [&] {
    c.lin(kEs, r.di(), sizeof(T), true);  // segment checks before the port is read
    T v = static_cast<T>(c.port_in(port, sizeof(T)));
    c.write<T>(kEs, r.di(), v);
    r.step(kEdi, sizeof(T));
    return true;
  });
}
template <typename T>
void outs(CpuCore& c, const Insn& i) {
  Regs r{c, i};
  uint16_t port = c.reg16(kEdx);
  c.check_io(port, sizeof(T));
  repeat(c, i, false, [&] {
    T v = c.read<T>(i.seg, r.si());
    c.port_out(port, sizeof(T), v);
    r.step(kEsi, sizeof(T));
    return true;
  });
}

}  // namespace

void movs8(CpuCore& c, const Insn& i) {
  movs<uint8_t>(c, i);
}
void movs16(CpuCore& c, const Insn& i) {
  movs<uint16_t>(c, i);
}
void movs32(CpuCore& c, const Insn& i) {
  movs<uint32_t>(c, i);
}
void stos8(CpuCore& c, const Insn& i) {
  stos<uint8_t>(c, i);
}
void stos16(CpuCore& c, const Insn& i) {
  stos<uint16_t>(c, i);
}
void stos32(CpuCore& c, const Insn& i) {
  stos<uint32_t>(c, i);
}
void lods8(CpuCore& c, const Insn& i) {
  lods<uint8_t>(c, i);
}
void lods16(CpuCore& c, const Insn& i) {
  lods<uint16_t>(c, i);
}
void lods32(CpuCore& c, const Insn& i) {
  lods<uint32_t>(c, i);
}
void cmps8(CpuCore& c, const Insn& i) {
  cmps<uint8_t>(c, i);
}
void cmps16(CpuCore& c, const Insn& i) {
  cmps<uint16_t>(c, i);
}
void cmps32(CpuCore& c, const Insn& i) {
  cmps<uint32_t>(c, i);
}
void scas8(CpuCore& c, const Insn& i) {
  scas<uint8_t>(c, i);
}
void scas16(CpuCore& c, const Insn& i) {
  scas<uint16_t>(c, i);
}
void scas32(CpuCore& c, const Insn& i) {
  scas<uint32_t>(c, i);
}
void ins8(CpuCore& c, const Insn& i) {
  ins<uint8_t>(c, i);
}
void ins16(CpuCore& c, const Insn& i) {
  ins<uint16_t>(c, i);
}
void ins32(CpuCore& c, const Insn& i) {
  ins<uint32_t>(c, i);
}
void outs8(CpuCore& c, const Insn& i) {
  outs<uint8_t>(c, i);
}
void outs16(CpuCore& c, const Insn& i) {
  outs<uint16_t>(c, i);
}
void outs32(CpuCore& c, const Insn& i) {
  outs<uint32_t>(c, i);
}

}  // namespace mkemu::cpu
