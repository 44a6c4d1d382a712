#pragma once
// Runs one x87 instruction on the host's FPU (internal to cpu/fpu).
#include <cstdint>

namespace mkemu::x87_host {

// The FSAVE image the host FPU is loaded from and saved to: the 32-bit
// protected-mode layout (108 bytes), which x86-64 uses for FSAVE/FRSTOR.
constexpr unsigned kImageBytes = 108;

// Loads `image` into the host x87 (FRSTOR), sets the host's arithmetic flags
// to `rflags` & (CF|PF|AF|ZF|SF|OF), executes `opcode modrm` (a memory form
// addresses `mem`, at least 16 bytes), saves the result to `image` (FNSAVE,
// which also discards any pending host exception) and restores the host's
// control word. Returns the host's RFLAGS right after the instruction.
// The caller must only pass encodings that x87_decode() calls valid.
uint64_t run(uint8_t opcode, uint8_t modrm, uint8_t image[kImageBytes], void* mem, uint64_t rflags);

}  // namespace mkemu::x87_host
