#include "frontend/gdb/gdb_registers.h"

#include "frontend/debugger/x87_view.h"
#include "frontend/gdb/gdb_packet.h"

namespace mkemu {
namespace {

// gdb's register names for numbers 0..15 and 41..44, in `g` order.
constexpr const char* kNames32[] = {"eax", "ecx",    "edx", "ebx", "esp", "ebp", "esi", "edi",
                                    "eip", "eflags", "cs",  "ss",  "ds",  "es",  "fs",  "gs"};
constexpr const char* kControl[] = {"cr0", "cr2", "cr3", "cr4"};

std::string build_xml() {
  std::string x =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
      "<target version=\"1.0\">\n"
      "<architecture>i386</architecture>\n"
      "<feature name=\"org.gnu.gdb.i386.core\">\n"
      "<flags id=\"i386_eflags\" size=\"4\">\n";
  // EFLAGS bits (Intel SDM vol. 1, 3.4.3).
  const char* flags[][2] = {{"CF", "0"},   {"", "1"},    {"PF", "2"},  {"AF", "4"},  {"ZF", "6"},
                            {"SF", "7"},   {"TF", "8"},  {"IF", "9"},  {"DF", "10"}, {"OF", "11"},
                            {"NT", "14"},  {"RF", "16"}, {"VM", "17"}, {"AC", "18"}, {"VIF", "19"},
                            {"VIP", "20"}, {"ID", "21"}};
  for (auto& f : flags) {
    x += std::string("  <field name=\"") + f[0] + "\" start=\"" + f[1] + "\" end=\"" + f[1] +
         "\"/>\n";
  }
  x += "</flags>\n";
  for (unsigned i = 0; i < 16; ++i) {
    const char* type = i == 4 || i == 5 ? "data_ptr"
                       : i == 8         ? "code_ptr"
                       : i == 9         ? "i386_eflags"
                                        : "int32";
    x += std::string("<reg name=\"") + kNames32[i] + "\" bitsize=\"32\" type=\"" + type +
         "\" regnum=\"" + std::to_string(i) + "\"/>\n";
  }
  for (unsigned i = 0; i < 8; ++i) {
    x += "<reg name=\"st" + std::to_string(i) + "\" bitsize=\"80\" type=\"i387_ext\" regnum=\"" +
         std::to_string(16 + i) + "\"/>\n";
  }
  const char* fpu[] = {"fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"};
  for (unsigned i = 0; i < 8; ++i) {
    x += std::string("<reg name=\"") + fpu[i] +
         "\" bitsize=\"32\" type=\"int\" group=\"float\" regnum=\"" + std::to_string(24 + i) +
         "\"/>\n";
  }
  x += "</feature>\n<feature name=\"org.gnu.gdb.i386.sse\">\n";
  for (unsigned i = 0; i < 8; ++i) {
    x += "<reg name=\"xmm" + std::to_string(i) + "\" bitsize=\"128\" type=\"uint128\" regnum=\"" +
         std::to_string(32 + i) + "\" group=\"vector\"/>\n";
  }
  x += "<reg name=\"mxcsr\" bitsize=\"32\" type=\"int\" group=\"vector\" regnum=\"40\"/>\n";
  x += "</feature>\n<feature name=\"org.mkemu.i386.control\">\n";
  for (unsigned i = 0; i < 4; ++i) {
    x += std::string("<reg name=\"") + kControl[i] + "\" bitsize=\"32\" type=\"int32\" regnum=\"" +
         std::to_string(41 + i) + "\" group=\"system\"/>\n";
  }
  x += "</feature>\n</target>\n";
  return x;
}

}  // namespace

const std::string& gdb_target_xml() {
  static const std::string xml = build_xml();
  return xml;
}

unsigned gdb_register_size(unsigned n) {
  if (n < 16) return 4;
  if (n < 24) return 10;
  if (n < 32) return 4;
  if (n < 40) return 16;
  if (n < kGdbRegisterCount) return 4;
  return 0;
}

std::string gdb_read_register(const Debugger& dbg, unsigned n) {
  const unsigned size = gdb_register_size(n);
  if (size == 0) return {};
  uint64_t value = 0;
  if (n < 16) {
    value = dbg.value_of(kNames32[n]).value_or(0);
  } else if (n >= 41) {
    value = dbg.value_of(kControl[n - 41]).value_or(0);
  } else if (n >= 16 && n < 24) {
    // i387_ext: the 64-bit significand then sign and exponent, little-endian.
    const X87Reg& r = x87_st(dbg.machine().cpu.x87().state(), n - 16);
    return to_hex_le(r.mantissa, 8) + to_hex_le(r.sign_exp, 2);
  } else if (n >= 24 && n < 32) {
    const X87State& f = dbg.machine().cpu.x87().state();
    const uint32_t fpu[] = {f.cw, f.sw, x87_full_tag_word(f), f.fcs, f.fip, f.fds, f.fdp, f.fop};
    value = fpu[n - 24];
  } else if (n == 40) {
    value = 0x1F80;  // MXCSR's power-on value
  }
  if (size <= 8) return to_hex_le(value, size);
  return std::string(size * 2, '0');
}

std::string gdb_read_registers(const Debugger& dbg) {
  std::string out;
  for (unsigned n = 0; n < kGdbRegisterCount; ++n) out += gdb_read_register(dbg, n);
  return out;
}

bool gdb_write_register(Debugger& dbg, unsigned n, std::string_view bytes) {
  const unsigned size = gdb_register_size(n);
  if (size == 0 || bytes.size() != size) return false;
  if (size > 4 || (n >= 24 && n <= 40)) return true;  // x87/SSE: read-only here
  uint32_t value = 0;
  for (unsigned i = 0; i < 4; ++i) value |= uint32_t{static_cast<uint8_t>(bytes[i])} << (8 * i);
  const char* name = n < 16 ? kNames32[n] : kControl[n - 41];
  if (dbg.value_of(name) == value) return true;  // unchanged: no segment reload
  return dbg.set_register(name, value);
}

}  // namespace mkemu
