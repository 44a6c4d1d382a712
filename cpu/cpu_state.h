#pragma once
// The architectural register file, as observers (debugger, gdb stub, traces,
// conformance runner) see it. EFLAGS is kept lazily inside the CPU: read and
// write it through Cpu::eflags()/set_eflags(), never from here.
#include <cstdint>

namespace mkemu {

enum Gpr : uint8_t { kEax, kEcx, kEdx, kEbx, kEsp, kEbp, kEsi, kEdi };
enum SegReg : uint8_t { kEs, kCs, kSs, kDs, kFs, kGs };

// A segment register with its hidden descriptor cache.
struct SegmentCache {
  uint16_t selector = 0;
  uint32_t base = 0;
  uint32_t limit = 0xFFFF;  // byte-granular, already scaled by G
  uint16_t attributes =
      0;  // descriptor bits 40-47 (type, S, DPL, P) | bits 52-55 << 8 (AVL, L, D/B, G)
};

struct TableRegister {
  uint32_t base = 0;
  uint16_t limit = 0xFFFF;
};

struct CpuState {
  uint32_t gpr[8] = {};
  uint32_t eip = 0;
  SegmentCache seg[6];
  SegmentCache ldtr;
  SegmentCache tr;
  TableRegister gdtr;
  TableRegister idtr;
  uint32_t cr0 = 0x6000'0010u;
  uint32_t cr2 = 0;
  uint32_t cr3 = 0;
  uint32_t cr4 = 0;
  uint32_t dr[8] = {0, 0, 0, 0, 0xFFFF0FF0u, 0x400u, 0xFFFF0FF0u, 0x400u};
  uint8_t cpl = 0;
};

}  // namespace mkemu
