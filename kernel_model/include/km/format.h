// A tiny printf-style formatter shared by the kernel and user level
// (%s %c %d %u %x %08x-style zero padding and widths, %%).
#pragma once

#include <stdarg.h>
#include <stdint.h>

namespace km {

template <typename Out>
void format_number(Out& out, uint32_t value, unsigned base, int width, char pad, bool negative) {
  char digits[12];
  int n = 0;
  do {
    unsigned d = value % base;
    digits[n++] = static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10);
    value /= base;
  } while (value != 0);
  if (negative) digits[n++] = '-';
  for (int i = n; i < width; ++i) out(pad);
  while (n > 0) out(digits[--n]);
}

template <typename Out>
void vformat(Out& out, const char* fmt, va_list ap) {
  for (; *fmt; ++fmt) {
    if (*fmt != '%') {
      out(*fmt);
      continue;
    }
    ++fmt;
    char pad = ' ';
    if (*fmt == '0') {
      pad = '0';
      ++fmt;
    }
    int width = 0;
    while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
    switch (*fmt) {
      case 's': {
        const char* s = va_arg(ap, const char*);
        if (!s) s = "(null)";
        while (*s) out(*s++);
        break;
      }
      case 'c': out(static_cast<char>(va_arg(ap, int))); break;
      case 'd': {
        int v = va_arg(ap, int);
        format_number(out, v < 0 ? 0u - static_cast<uint32_t>(v) : static_cast<uint32_t>(v), 10,
                      width, pad, v < 0);
        break;
      }
      case 'u': format_number(out, va_arg(ap, uint32_t), 10, width, pad, false); break;
      case 'x': format_number(out, va_arg(ap, uint32_t), 16, width, pad, false); break;
      case '%': out('%'); break;
      case '\0': return;
      default: out(*fmt); break;
    }
  }
}

}  // namespace km
