#pragma once
// Decoding of protected-mode descriptors (Intel SDM vol. 3, 3.4.5 and 6.11)
// and of the 32-bit TSS with its I/O-permission bitmap (SDM vol. 1, 19.5.2),
// read from guest memory without side effects.
#include <cstdint>
#include <string>

#include "platform/machine.h"

namespace mkemu {

struct Descriptor {
  uint32_t base = 0;
  uint32_t limit = 0;  // byte-granular (scaled by G)
  uint8_t type = 0;    // 4-bit type field
  bool s = false;      // code/data (true) or system
  uint8_t dpl = 0;
  bool present = false;
  bool avl = false, db = false, g = false;
  // Gates: target selector, offset and parameter count.
  uint16_t selector = 0;
  uint32_t offset = 0;
  uint8_t params = 0;
  bool is_gate() const;
};

Descriptor decode_descriptor(const uint8_t raw[8]);
// "code 32-bit exec/read accessed", "32-bit interrupt gate", ...
std::string descriptor_type_name(const Descriptor& d);
std::string format_descriptor(const Descriptor& d);

// Looks up a selector in the GDT or LDT. False when outside the table or unreadable.
bool read_segment_descriptor(const Machine& m, uint16_t selector, Descriptor& out);

// Command output: one line per entry (`count` 0 means the whole table).
std::string format_gdt(const Machine& m, uint32_t first, uint32_t count);
std::string format_ldt(const Machine& m, uint32_t first, uint32_t count);
std::string format_idt(const Machine& m, uint32_t first, uint32_t count);
// The current TSS (TR): fields and the ports its I/O bitmap allows.
std::string format_tss(const Machine& m);

}  // namespace mkemu
