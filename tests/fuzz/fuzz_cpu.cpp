// Fuzzes the CPU: the input chooses a mode, register values and the contents
// of the descriptor tables and code, then a bounded number of instructions
// run. Any input must end in a CpuStop: no crash, hang or sanitizer report.
//
// Input layout (missing bytes read as zero):
//   [0]      mode: bits 0-1 real / protected 16 / protected 32 / VM86; bit 2 sets CR4.VME|PVI
//   [1]      CPL (protected mode)
//   [2..33]  EAX..EDI
//   [34..37] EFLAGS
//   [38]     code length L, then L bytes of code at EIP
//   the rest is XORed over valid default tables (GDT, IDT, TSS), so that both
//   sane and broken descriptors are reached.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cpu/cpu.h"
#include "mmu/mmu.h"

namespace {

using namespace mkemu;

constexpr uint32_t kGdt = 0x1000, kIdt = 0x2000, kTss = 0x3000, kCode = 0x8000;

struct Input {
  const uint8_t* data;
  size_t size;
  size_t pos = 0;
  uint8_t byte() { return pos < size ? data[pos++] : 0; }
  uint32_t u32() {
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) v |= uint32_t{byte()} << (8 * k);
    return v;
  }
};

class Echo : public IoHandler {
 public:
  uint32_t io_read(uint16_t port, unsigned) override { return port * 0x01010101u; }
  void io_write(uint16_t, unsigned, uint32_t) override {}
  uint32_t io_peek(uint16_t port, unsigned) const override { return port; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static PhysicalMemoryMap* memory = new PhysicalMemoryMap(1u << 20);
  static IoBus* io = [] {
    auto* bus = new IoBus;
    static Echo echo;
    bus->claim(0x80, 0x80, &echo, "echo");
    return bus;
  }();
  Clock clock;
  ObserverHub hub;
  std::memset(memory->ram().data(), 0, memory->ram().size());
  Mmu mmu(*memory, clock, hub);
  Cpu cpu(parse_cpu_option("p6"), mmu, *io, clock, hub);

  Input in{data, size};
  const uint8_t mode = in.byte();
  const uint8_t priv = in.byte();
  CpuState& s = cpu.state();
  for (uint32_t& r : s.gpr) r = in.u32();
  uint32_t eflags = in.u32() & ~0x0002'0000u;  // VM comes from the mode byte
  uint8_t* ram = memory->ram().data();
  const unsigned code_len = in.byte();
  for (uint32_t k = 0; k < code_len; ++k) ram[kCode + k] = in.byte();
  ram[kCode + code_len] = 0xF4;
  // Default tables: flat ring-0/3 code and data, a TSS, a call gate, a 16-bit
  // code segment; interrupt gates to a HLT; then the input perturbs them.
  const uint64_t gdt[8] = {0,
                           0x00CF'9A00'0000'FFFFull,
                           0x00CF'9200'0000'FFFFull,
                           0x00CF'FA00'0000'FFFFull,
                           0x00CF'F200'0000'FFFFull,
                           0x0000'8B00'3000'007Full,
                           0x0000'EC02'0008'9000ull,
                           0x0000'9A00'0000'FFFFull};
  std::memcpy(ram + kGdt, gdt, sizeof gdt);
  for (uint32_t v = 0; v < 32; ++v) {
    uint64_t g = 0x0000'8E00'0008'9000ull | (v == 31 ? 0x6000'0000'0000ull : 0);
    std::memcpy(ram + kIdt + 8 * v, &g, 8);
  }
  ram[0x9000] = 0xF4;
  std::memset(ram + kTss, 0, 128);
  ram[kTss + 4] = 0x00;
  ram[kTss + 5] = 0x90;  // ESP0 = 0x9000
  ram[kTss + 8] = 0x10;  // SS0
  ram[kTss + 0x66] = 0x68;
  for (uint32_t k = 0; in.pos < size && k < 64 + 256 + 128; ++k) {
    uint32_t at = k < 64 ? kGdt + k : k < 320 ? kIdt + (k - 64) : kTss + (k - 320);
    ram[at] ^= in.byte();
  }

  s.gdtr = {kGdt, 63};
  s.idtr = {kIdt, 255};
  s.tr = {0x28, kTss, 0x7F, 0x8B};
  s.ldtr = {0, 0, 0, 0};
  const unsigned kind = mode & 3;
  const uint32_t cr4 = (mode & 4) ? 3u : 0u;
  if (kind == 0) {
    cpu.set_control_registers(0x10, 0, cr4);
    cpu.set_eflags(eflags);
    for (SegReg r : {kEs, kCs, kSs, kDs, kFs, kGs})
      cpu.load_segment_unchecked(r, {0, 0, 0xFFFF, 0x93});
  } else {
    cpu.set_control_registers(0x11, 0, cr4);
    const bool big = kind == 2;
    const unsigned cpl = kind == 3 ? 3 : (priv & 3);
    const uint16_t attr_big = big ? 0xC00 : 0;
    s.cpl = static_cast<uint8_t>(cpl);
    cpu.set_eflags(eflags | (kind == 3 ? 0x0002'0000u : 0));
    if (kind == 3) {
      for (SegReg r : {kEs, kCs, kSs, kDs, kFs, kGs})
        cpu.load_segment_unchecked(r, {0, 0, 0xFFFF, 0xF3});
    } else {
      uint16_t dpl = static_cast<uint16_t>(cpl << 5);
      cpu.load_segment_unchecked(kCs, {static_cast<uint16_t>(0x08 | cpl), 0, 0xF'FFFF,
                                       static_cast<uint16_t>(0x9B | dpl | attr_big)});
      for (SegReg r : {kEs, kSs, kDs, kFs, kGs}) {
        cpu.load_segment_unchecked(r, {static_cast<uint16_t>(0x10 | cpl), 0, 0xF'FFFF,
                                       static_cast<uint16_t>(0x93 | dpl | attr_big)});
      }
    }
  }
  s.eip = kCode;
  s.gpr[kEsp] = (s.gpr[kEsp] & 0xFFF) | 0x7000;
  for (int round = 0; round < 4; ++round) {
    CpuStop stop = cpu.run(clock.cycles + 20000, 500);
    if (stop == CpuStop::kTripleFault) break;
    if (stop == CpuStop::kHalted && !cpu.interrupts_enabled()) break;
    if (stop == CpuStop::kHalted) cpu.raise_nmi();
  }
  // Exercise snapshot save/restore on whatever state the run produced.
  StateWriter w;
  cpu.save_state(w);
  StateReader r(w.bytes(), "fuzz");
  cpu.load_state(r);
  return 0;
}
