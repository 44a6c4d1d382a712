#pragma once
// The x87 state as the console and gdb show it (Intel SDM vol. 1, 8.1).
#include <cstdint>
#include <string>

#include "cpu/fpu/x87.h"

namespace mkemu {

// The full tag word (2 bits per physical register: 00 valid, 01 zero,
// 10 special, 11 empty), derived from the abridged tags and the contents as
// FSTENV does (SDM vol. 1, 8.1.7).
uint16_t x87_full_tag_word(const X87State& s);
// ST(i): the physical register R[(TOP + i) mod 8].
const X87Reg& x87_st(const X87State& s, unsigned i);
std::string format_x87(const X87State& s);

}  // namespace mkemu
