#pragma once
// The one register layout mkemu's stub serves, described to gdb by a fixed
// target description (qXfer:features:read:target.xml) so that gdb never
// guesses the size of the `g` packet. Numbering follows gdb's i386 features:
//   0-7   eax ecx edx ebx esp ebp esi edi   9  eflags   8 eip
//   10-15 cs ss ds es fs gs (32 bits each)
//   16-23 st0-st7 (80 bits)  24-31 fctrl fstat ftag fiseg fioff foseg fooff fop
//   32-39 xmm0-xmm7 (128 bits)  40 mxcsr
//   41-44 cr0 cr2 cr3 cr4 (org.mkemu.i386.control, shown by `info all-registers`)
#include <cstdint>
#include <string>
#include <string_view>

#include "frontend/debugger/debugger.h"

namespace mkemu {

inline constexpr unsigned kGdbRegisterCount = 45;

const std::string& gdb_target_xml();
// Size in bytes of register `n` (0 for numbers beyond the layout).
unsigned gdb_register_size(unsigned n);
// Hex of register `n` in target byte order; "" for an unknown number.
std::string gdb_read_register(const Debugger& dbg, unsigned n);
// All registers, as the `g` packet answers.
std::string gdb_read_registers(const Debugger& dbg);
// Sets register `n` from raw little-endian bytes; registers mkemu does not
// do not let gdb change (x87 and SSE) accept and ignore writes.
// False for an unknown number or a wrong size.
bool gdb_write_register(Debugger& dbg, unsigned n, std::string_view bytes);

}  // namespace mkemu
