#include "frontend/debugger/x87_view.h"

#include <cstdio>
#include <cstring>

namespace mkemu {

const X87Reg& x87_st(const X87State& s, unsigned i) {
  return s.reg[(((s.sw >> 11) & 7) + i) & 7];
}

uint16_t x87_full_tag_word(const X87State& s) {
  uint16_t tw = 0;
  for (unsigned r = 0; r < 8; ++r) {
    unsigned tag = 3;  // empty
    if ((s.tag_valid >> r) & 1) {
      const X87Reg& v = s.reg[r];
      const unsigned exponent = v.sign_exp & 0x7FFF;
      const bool j = (v.mantissa >> 63) & 1;
      if (exponent == 0 && v.mantissa == 0) {
        tag = 1;  // zero
      } else if (exponent == 0x7FFF || exponent == 0 || !j) {
        tag = 2;  // NaN, infinity, denormal or unsupported
      } else {
        tag = 0;  // valid
      }
    }
    tw = static_cast<uint16_t>(tw | tag << (2 * r));
  }
  return tw;
}

std::string format_x87(const X87State& s) {
  char line[200];
  std::string out;
  std::snprintf(line, sizeof line,
                "fctrl=%04x fstat=%04x (TOP=%u C3..C0=%u%u%u%u ES=%u) ftag=%04x fop=%03x\n"
                "fip=%04x:%08x fdp=%04x:%08x\n",
                s.cw, s.sw, (s.sw >> 11) & 7, (s.sw >> 14) & 1, (s.sw >> 10) & 1, (s.sw >> 9) & 1,
                (s.sw >> 8) & 1, (s.sw >> 7) & 1, x87_full_tag_word(s), s.fop, s.fcs, s.fip, s.fds,
                s.fdp);
  out += line;
  const uint16_t tw = x87_full_tag_word(s);
  static const char* const kTags[] = {"valid", "zero", "special", "empty"};
  for (unsigned i = 0; i < 8; ++i) {
    const unsigned phys = (((s.sw >> 11) & 7) + i) & 7;
    const X87Reg& r = s.reg[phys];
    // The host's long double is the same 80-bit format on x86-64.
    long double value = 0;
    uint8_t raw[16] = {};
    std::memcpy(raw, &r.mantissa, 8);
    std::memcpy(raw + 8, &r.sign_exp, 2);
    std::memcpy(&value, raw, 10);
    std::snprintf(line, sizeof line, "st%u (R%u) %04x:%016llx  %-7s %.18Lg\n", i, phys, r.sign_exp,
                  static_cast<unsigned long long>(r.mantissa), kTags[(tw >> (2 * phys)) & 3],
                  value);
    out += line;
  }
  return out;
}

}  // namespace mkemu
