#pragma once
// Small formatting helpers for reports and dumps.
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>

namespace mkemu::traces {

inline std::string hex(uint64_t value, int digits = 0) {
  static const char kDigits[] = "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), kDigits[value & 15]);
    value >>= 4;
  } while (value);
  if (static_cast<int>(s.size()) < digits) s.insert(0, static_cast<size_t>(digits) - s.size(), '0');
  return "0x" + s;
}

inline std::string hex_bytes(std::span<const uint8_t> bytes) {
  std::string s;
  char b[4];
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::snprintf(b, sizeof b, i ? " %02x" : "%02x", bytes[i]);
    s += b;
  }
  return s;
}

}  // namespace mkemu::traces
