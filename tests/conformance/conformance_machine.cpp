#include "tests/conformance/conformance_machine.h"

#include <array>

namespace mkemu::conformance {
namespace {

// Enough for REP string instructions with CX = 0xFFFF (counted per iteration
// or not), small enough that a runaway test ends quickly.
constexpr uint64_t kInstructionBudget = 300'000;

// Where each MOO register lives in mkemu's register file.
struct Place {
  enum Kind : uint8_t { kNone, kGpr, kSeg, kEip, kFlags } kind;
  uint8_t index;
  const char* name;
};

constexpr std::array<Place, moo::kReg16Count> kPlaces16{{
    {Place::kGpr, kEax, "ax"},
    {Place::kGpr, kEbx, "bx"},
    {Place::kGpr, kEcx, "cx"},
    {Place::kGpr, kEdx, "dx"},
    {Place::kSeg, kCs, "cs"},
    {Place::kSeg, kSs, "ss"},
    {Place::kSeg, kDs, "ds"},
    {Place::kSeg, kEs, "es"},
    {Place::kGpr, kEsp, "sp"},
    {Place::kGpr, kEbp, "bp"},
    {Place::kGpr, kEsi, "si"},
    {Place::kGpr, kEdi, "di"},
    {Place::kEip, 0, "ip"},
    {Place::kFlags, 0, "flags"},
}};

// CR0, CR3, DR6 and DR7 of the 386 files describe the capture board (real
// mode, no breakpoints); they are neither loaded nor compared.
constexpr std::array<Place, moo::kReg32Count> kPlaces32{{
    {Place::kNone, 0, "cr0"},   {Place::kNone, 0, "cr3"},   {Place::kGpr, kEax, "eax"},
    {Place::kGpr, kEbx, "ebx"}, {Place::kGpr, kEcx, "ecx"}, {Place::kGpr, kEdx, "edx"},
    {Place::kGpr, kEsi, "esi"}, {Place::kGpr, kEdi, "edi"}, {Place::kGpr, kEbp, "ebp"},
    {Place::kGpr, kEsp, "esp"}, {Place::kSeg, kCs, "cs"},   {Place::kSeg, kDs, "ds"},
    {Place::kSeg, kEs, "es"},   {Place::kSeg, kFs, "fs"},   {Place::kSeg, kGs, "gs"},
    {Place::kSeg, kSs, "ss"},   {Place::kEip, 0, "eip"},    {Place::kFlags, 0, "eflags"},
    {Place::kNone, 0, "dr6"},   {Place::kNone, 0, "dr7"},
}};

const Place& place(bool wide, unsigned reg) {
  return wide ? kPlaces32[reg] : kPlaces16[reg];
}
unsigned reg_count(bool wide) {
  return wide ? moo::kReg32Count : moo::kReg16Count;
}

// The README: the 286 cannot set IOPL/NT in real mode (mask the top four FLAGS
// bits of the initial state); for 386 data only EFLAGS bits 0-17 are meaningful.
uint32_t initial_flags(bool wide, uint32_t value) {
  return wide ? (value & 0x0003'FFFFu) : (value & 0x0FFFu);
}
uint32_t comparable_flags_bits(bool wide) {
  return wide ? 0x0003'FFFFu : 0xFFFF'FFFFu;
}

uint32_t expected_register(const moo::TestCase& test, unsigned reg) {
  if (test.final.regs && test.final.regs->has(reg)) return test.final.regs->value[reg];
  return test.initial.regs->value[reg];
}

SegmentCache real_mode_segment(uint16_t selector) {
  return {selector, uint32_t{selector} << 4, 0xFFFF, 0x93};
}

}  // namespace

ConformanceMachine::ConformanceMachine() : cpu_(parse_cpu_option("p6"), mmu_, io_, clock_, hub_) {}

void ConformanceMachine::load(const moo::TestCase& test) {
  cpu_.reset();
  const moo::RegisterBlock& regs = *test.initial.regs;
  CpuState& s = cpu_.state();
  for (unsigned r = 0; r < reg_count(regs.wide); ++r) {
    if (!regs.has(r)) continue;
    const Place& p = place(regs.wide, r);
    uint32_t v = regs.value[r];
    switch (p.kind) {
      case Place::kGpr: s.gpr[p.index] = v; break;
      case Place::kSeg:
        cpu_.load_segment_unchecked(static_cast<SegReg>(p.index),
                                    real_mode_segment(static_cast<uint16_t>(v)));
        break;
      case Place::kEip: s.eip = v; break;
      case Place::kFlags: cpu_.set_eflags(initial_flags(regs.wide, v)); break;
      case Place::kNone: break;
    }
  }
  if (!regs.wide) {  // the 286 has no FS/GS: leave them null
    cpu_.load_segment_unchecked(kFs, real_mode_segment(0));
    cpu_.load_segment_unchecked(kGs, real_mode_segment(0));
  }
  for (const moo::RamByte& b : test.initial.ram) {
    if (b.address < kRamBytes) phys_.poke(b.address, {&b.value, 1});
  }
}

void ConformanceMachine::compare(const moo::TestCase& test, uint32_t flags_mask,
                                 std::vector<Mismatch>& out) {
  const moo::RegisterBlock& init = *test.initial.regs;
  const bool wide = init.wide;
  const CpuState& s = cpu_.state();
  for (unsigned r = 0; r < reg_count(wide); ++r) {
    const Place& p = place(wide, r);
    if (p.kind == Place::kNone) continue;
    bool in_final = test.final.regs && test.final.regs->has(r);
    uint32_t expected = in_final ? test.final.regs->value[r] : init.value[r];
    uint32_t mask = 0xFFFF'FFFFu;
    if (test.final.mask && test.final.mask->has(r)) mask &= test.final.mask->value[r];
    uint32_t got = 0;
    switch (p.kind) {
      case Place::kGpr: got = s.gpr[p.index]; break;
      case Place::kSeg: {
        const SegmentCache& seg = s.seg[p.index];
        got = seg.selector;
        // Real mode: the hidden base must follow the selector.
        if (seg.base != uint32_t{seg.selector} << 4)
          out.push_back({std::string(p.name) + ".base", uint32_t{seg.selector} << 4, seg.base});
        break;
      }
      case Place::kEip: got = s.eip; break;
      case Place::kFlags:
        got = cpu_.eflags();
        if (!in_final) expected = initial_flags(wide, expected);
        mask &= flags_mask & comparable_flags_bits(wide);
        break;
      case Place::kNone: break;
    }
    if ((expected & mask) != (got & mask)) out.push_back({p.name, expected & mask, got & mask});
  }
  // The FLAGS image an exception pushed holds the same undefined bits. It sits
  // at SS:SP+4 of the final state (the real-mode frame is IP, CS, FLAGS); the
  // EXCP chunk's address is one byte off when SP is odd, so it is not used.
  uint32_t pushed_flags = 0xFFFF'FFFFu, pushed_flags_high = 0xFFFF'FFFFu;
  if (test.exception) {
    uint32_t ss = expected_register(test, wide ? unsigned{moo::kSs32} : unsigned{moo::kSs});
    uint32_t sp = expected_register(test, wide ? unsigned{moo::kEsp} : unsigned{moo::kSp});
    pushed_flags = (ss << 4) + ((sp + 4) & 0xFFFF);
    pushed_flags_high = (ss << 4) + ((sp + 5) & 0xFFFF);
  }
  for (const moo::RamByte& b : test.final.ram) {
    uint8_t mask = 0xFF;
    if (b.address == pushed_flags) mask = static_cast<uint8_t>(flags_mask);
    if (b.address == pushed_flags_high) mask = static_cast<uint8_t>(flags_mask >> 8);
    uint8_t got = 0;
    if (b.address < kRamBytes) phys_.peek(b.address, {&got, 1});
    if ((got & mask) != (b.value & mask)) {
      char name[32];
      std::snprintf(name, sizeof name, "ram[%06x]", b.address);
      out.push_back({name, uint32_t{b.value} & mask, uint32_t{got} & mask});
    }
  }
}

void ConformanceMachine::clear(const moo::TestCase& test) {
  const uint8_t zero = 0;
  for (const auto* ram : {&test.initial.ram, &test.final.ram}) {
    for (const moo::RamByte& b : *ram) {
      if (b.address < kRamBytes) phys_.poke(b.address, {&zero, 1});
    }
  }
}

std::vector<Mismatch> ConformanceMachine::run(const moo::TestCase& test, uint32_t flags_mask) {
  std::vector<Mismatch> out;
  load(test);
  CpuStop stop = cpu_.run(UINT64_MAX, kInstructionBudget);
  if (stop != CpuStop::kHalted)
    out.push_back({"stop(0=deadline,1=limit,3=triple)", 2, static_cast<uint32_t>(stop)});
  compare(test, flags_mask, out);
  clear(test);
  return out;
}

}  // namespace mkemu::conformance
