#pragma once
// A bare protected-mode test bench for the CPU unit tests: 1 MiB of RAM, a
// flat GDT with ring-0/ring-3 segments, a TSS with an I/O bitmap, an IDT whose
// handlers each execute HLT at a known address. Descriptor layouts follow the
// Intel SDM vol. 3 (figures 3-8, 5-8, 6-2, 7-2).
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "cpu/cpu.h"
#include "mmu/mmu.h"
#include "platform/core/clock.h"
#include "platform/core/io_bus.h"
#include "platform/core/observer.h"
#include "platform/core/phys_memory.h"

namespace mkemu::cputest {

inline constexpr uint32_t kGdt = 0x1000, kIdt = 0x2000, kTss = 0x3000, kCode0 = 0x4000,
                          kCode3 = 0x5000, kStack3 = 0x8000, kStack0 = 0x9000, kHandlers = 0x6000;
inline constexpr uint16_t kCs0 = 0x08, kDs0 = 0x10, kCs3 = 0x1B, kDs3 = 0x23, kTssSel = 0x28,
                          kGateSel = 0x33, kAbsentSel = 0x3B, kDs0AsRpl3 = 0x13;
inline constexpr uint32_t kIoBitmapOffset = 0x68;

// Each vector's handler is `hlt` at kHandlers + 16 * vector.
inline uint32_t handler_of(unsigned vector) {
  return kHandlers + 16 * vector;
}

class PortEcho : public IoHandler {
 public:
  uint32_t io_read(uint16_t port, unsigned) override { return 0xA500u + port; }
  void io_write(uint16_t port, unsigned, uint32_t value) override {
    last_port = port;
    last_value = value;
    ++writes;
  }
  uint32_t io_peek(uint16_t port, unsigned) const override { return 0xA500u + port; }
  uint16_t last_port = 0;
  uint32_t last_value = 0;
  unsigned writes = 0;
};

class TestMachine {
 public:
  explicit TestMachine(const char* model = "p6")
      : cpu(parse_cpu_option(model), mmu, io, clock, hub) {
    io.claim(0x100, 0x20, &ports, "echo");
  }

  static uint64_t segment(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags) {
    uint64_t lo = (limit & 0xFFFF) | ((base & 0xFFFF) << 16);
    uint64_t hi = ((base >> 16) & 0xFF) | (uint64_t{access} << 8) | (limit & 0xF0000) |
                  (uint64_t{flags} << 20) | (base & 0xFF00'0000u);
    return lo | (hi << 32);
  }
  static uint64_t gate(uint16_t selector, uint32_t offset, uint8_t access, uint8_t params = 0) {
    uint64_t lo = (offset & 0xFFFF) | (uint32_t{selector} << 16);
    uint64_t hi = (offset & 0xFFFF'0000u) | (uint32_t{access} << 8) | params;
    return lo | (hi << 32);
  }

  void put8(uint32_t a, uint8_t v) { memory.poke(a, {&v, 1}); }
  void put16(uint32_t a, uint16_t v) {
    for (unsigned k = 0; k < 2; ++k) put8(a + k, static_cast<uint8_t>(v >> (8 * k)));
  }
  void put32(uint32_t a, uint32_t v) {
    for (unsigned k = 0; k < 4; ++k) put8(a + k, static_cast<uint8_t>(v >> (8 * k)));
  }
  void put64(uint32_t a, uint64_t v) {
    put32(a, static_cast<uint32_t>(v));
    put32(a + 4, static_cast<uint32_t>(v >> 32));
  }
  void put_bytes(uint32_t a, std::initializer_list<uint8_t> bytes) {
    for (uint8_t b : bytes) put8(a++, b);
  }
  uint8_t get8(uint32_t a) {
    uint8_t v = 0;
    memory.peek(a, {&v, 1});
    return v;
  }
  uint32_t get32(uint32_t a) {
    uint32_t v = 0;
    for (unsigned k = 0; k < 4; ++k) v |= uint32_t{get8(a + k)} << (8 * k);
    return v;
  }
  void set_gdt_entry(unsigned index, uint64_t descriptor) { put64(kGdt + 8 * index, descriptor); }

  // Builds the tables; `tss_limit` sets how much of the I/O bitmap exists.
  void build(uint32_t tss_limit = kIoBitmapOffset + 0x2000 / 8 + 1) {
    set_gdt_entry(1, segment(0, 0xFFFFF, 0x9A, 0xC));       // ring-0 code
    set_gdt_entry(2, segment(0, 0xFFFFF, 0x92, 0xC));       // ring-0 data
    set_gdt_entry(3, segment(0, 0xFFFFF, 0xFA, 0xC));       // ring-3 code
    set_gdt_entry(4, segment(0, 0xFFFFF, 0xF2, 0xC));       // ring-3 data
    set_gdt_entry(5, segment(kTss, tss_limit, 0x8B, 0x0));  // busy 32-bit TSS
    set_gdt_entry(6, gate(kCs0, kCode0, 0xEC, 2));          // 32-bit call gate, DPL 3, 2 params
    set_gdt_entry(7, segment(0, 0xFFFFF, 0x72, 0xC));       // ring-3 data, not present
    for (unsigned v = 0; v < 32; ++v) {
      put64(kIdt + 8 * v, gate(kCs0, handler_of(v), 0x8E));  // 32-bit interrupt gates, DPL 0
      put8(handler_of(v), 0xF4);
    }
    // Vector 31 is the tests' "done" call from ring 3: a DPL-3 gate.
    put64(kIdt + 8 * 31, gate(kCs0, handler_of(31), 0xEE));
    put32(kTss + 4, kStack0);  // ESP0
    put16(kTss + 8, kDs0);     // SS0
    put16(kTss + 0x66, kIoBitmapOffset);
    // Bitmap: every port denied except the ones a test opens.
    for (uint32_t k = 0; k <= 0x2000 / 8 && kIoBitmapOffset + k <= tss_limit; ++k) {
      put8(kTss + kIoBitmapOffset + k, 0xFF);
    }
    CpuState& s = cpu.state();
    s.gdtr = {kGdt, 8 * 8 - 1};
    s.idtr = {kIdt, 32 * 8 - 1};
    s.tr = {kTssSel, kTss, tss_limit, 0x8B};
    cpu.set_control_registers(0x11, 0, 0);  // PE, ET
  }

  void open_port(uint16_t port) {
    uint32_t a = kTss + kIoBitmapOffset + port / 8;
    put8(a, get8(a) & ~(1u << (port % 8)));
  }

  // Enters ring 3 at kCode3 with `code`, flat segments, the given IOPL.
  void start_ring3(std::initializer_list<uint8_t> code, unsigned iopl = 0) {
    put_bytes(kCode3, code);
    CpuState& s = cpu.state();
    cpu.load_segment_unchecked(kCs, {kCs3, 0, 0xFFFF'FFFFu, 0xCFB});
    for (SegReg r : {kSs, kDs, kEs, kFs, kGs}) {
      cpu.load_segment_unchecked(r, {kDs3, 0, 0xFFFF'FFFFu, 0xCF3});
    }
    s.cpl = 3;
    s.eip = kCode3;
    s.gpr[kEsp] = kStack3;
    cpu.set_eflags(0x2 | (iopl << 12));
  }
  // Enters ring 0 at kCode0 with `code`.
  void start_ring0(std::initializer_list<uint8_t> code) {
    put_bytes(kCode0, code);
    CpuState& s = cpu.state();
    cpu.load_segment_unchecked(kCs, {kCs0, 0, 0xFFFF'FFFFu, 0xC9B});
    for (SegReg r : {kSs, kDs, kEs, kFs, kGs}) {
      cpu.load_segment_unchecked(r, {kDs0, 0, 0xFFFF'FFFFu, 0xC93});
    }
    s.cpl = 0;
    s.eip = kCode0;
    s.gpr[kEsp] = kStack0;
    cpu.set_eflags(0x2);
  }

  CpuStop run(uint64_t max = 1000) { return cpu.run(UINT64_MAX, max); }
  // Builds the tables, runs ring-0 `code` followed by HLT, and returns the
  // vector whose handler stopped the CPU (-1: the code's own HLT).
  int run_ring0(std::initializer_list<uint8_t> code) {
    build();
    start_ring0(code);
    put8(kCode0 + static_cast<uint32_t>(code.size()), 0xF4);
    run();
    return halted_vector();
  }
  // After a fault into a handler: the vector whose HLT stopped the CPU, or -1.
  int halted_vector() {
    uint32_t eip = cpu.state().eip - 1;
    if (eip < kHandlers || eip >= kHandlers + 32 * 16 || (eip - kHandlers) % 16) return -1;
    return static_cast<int>((eip - kHandlers) / 16);
  }
  // The exception frame on the ring-0 stack (error code first when pushed).
  uint32_t stack0(unsigned index) { return get32(cpu.state().gpr[kEsp] + 4 * index); }

  PhysicalMemoryMap memory{1u << 20};
  IoBus io;
  Clock clock;
  ObserverHub hub;
  Mmu mmu{memory, clock, hub};
  Cpu cpu;
  PortEcho ports;
};

}  // namespace mkemu::cputest
