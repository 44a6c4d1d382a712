// One inline-asm stub per x87 encoding, generated from templates: the
// encoding is emitted as literal bytes, memory forms use ModRM rm=110 so the
// operand is [rsi]. The stubs never leave the host FPU with a pending
// exception (FNSAVE reinitialises it), so no host #MF/SIGFPE can follow.
#include "cpu/fpu/x87_host.h"

#include <array>
#include <cstddef>
#include <utility>

#if !defined(__x86_64__)
#error "cpu/fpu executes x87 instructions on the host: it needs an x86-64 host"
#endif

namespace mkemu::x87_host {
namespace {

using Stub = uint64_t (*)(uint8_t*, void*, uint64_t);

template <unsigned Opcode, unsigned Modrm>
uint64_t stub(uint8_t* image, void* mem, uint64_t rflags) {
  uint16_t host_cw;
  // The red zone below RSP may hold the caller's locals: step over it before
  // pushing. RSP-relative operands are only used outside that window.
  asm volatile(
      "fnstcw %[hcw]\n\t"
      "frstor (%[img])\n\t"
      "lea -128(%%rsp), %%rsp\n\t"
      "pushq %[fl]\n\t"
      "popfq\n\t"
      ".byte %c[op], %c[modrm]\n\t"
      "pushfq\n\t"
      "popq %[fl]\n\t"
      "lea 128(%%rsp), %%rsp\n\t"
      "fnsave (%[img])\n\t"
      "fldcw %[hcw]\n\t"
      : [fl] "+r"(rflags), [hcw] "=m"(host_cw)
      : [img] "r"(image), "S"(mem), [op] "i"(Opcode), [modrm] "i"(Modrm)
      : "memory", "cc", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
  return rflags;
}

// Index: (opcode & 7) * 64 + (modrm & 63) for register forms, and
// 512 + (opcode & 7) * 8 + reg for memory forms.
template <unsigned Index>
constexpr Stub stub_for() {
  if constexpr (Index < 512) {
    return &stub<0xD8 + Index / 64, 0xC0 + Index % 64>;
  } else {
    return &stub<0xD8 + (Index - 512) / 8, (((Index - 512) % 8) << 3) | 6>;
  }
}

template <std::size_t... I>
constexpr std::array<Stub, sizeof...(I)> make_table(std::index_sequence<I...>) {
  return {stub_for<I>()...};
}

constexpr auto kStubs = make_table(std::make_index_sequence<512 + 64>());

}  // namespace

uint64_t run(uint8_t opcode, uint8_t modrm, uint8_t image[kImageBytes], void* mem,
             uint64_t rflags) {
  constexpr uint64_t kArithFlags = 0x8D5;  // CF PF AF ZF SF OF; TF, DF stay clear
  const unsigned op = opcode & 7;
  const unsigned index =
      (modrm >= 0xC0) ? op * 64 + (modrm & 63) : 512 + op * 8 + ((modrm >> 3) & 7);
  return kStubs[index](image, mem, (rflags & kArithFlags) | 0x2);
}

}  // namespace mkemu::x87_host
