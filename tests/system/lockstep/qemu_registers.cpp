#include "tests/system/lockstep/qemu_registers.h"

#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace mkemu::lockstep {

const std::vector<RegisterSlot>& qemu_register_slots() {
  static const std::vector<RegisterSlot> slots = [] {
    std::vector<RegisterSlot> s;
    unsigned offset = 0;
    auto add = [&](const char* name, unsigned bytes) {
      s.push_back({name, offset, bytes});
      offset += bytes;
    };
    for (const char* n :
         {"eax",       "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",     "eip",
          "eflags",    "cs",  "ss",  "ds",  "es",  "fs",  "gs",  "fs_base", "gs_base",
          "k_gs_base", "cr0", "cr2", "cr3", "cr4", "cr8", "efer"})
      add(n, 4);
    for (const char* n : {"st0", "st1", "st2", "st3", "st4", "st5", "st6", "st7"}) add(n, 10);
    for (const char* n : {"fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"})
      add(n, 4);
    for (const char* n : {"xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7"})
      add(n, 16);
    add("mxcsr", 4);
    if (offset != kQemuRegisterBytes) throw std::logic_error("register layout size");
    return s;
  }();
  return slots;
}

RegisterValue slot_value(const std::vector<uint8_t>& g, const RegisterSlot& slot) {
  RegisterValue v{};
  std::memcpy(v.data(), g.data() + slot.offset, slot.bytes);
  return v;
}

uint32_t slot_u32(const std::vector<uint8_t>& g, const char* name) {
  for (const RegisterSlot& s : qemu_register_slots()) {
    if (std::strcmp(s.name, name) != 0) continue;
    uint32_t v = 0;
    std::memcpy(&v, g.data() + s.offset, 4);
    return v;
  }
  throw std::logic_error(std::string("no register ") + name);
}

unsigned slot_number(const char* name) {
  const auto& slots = qemu_register_slots();
  for (unsigned i = 0; i < slots.size(); ++i)
    if (std::strcmp(slots[i].name, name) == 0) return i;
  throw std::logic_error(std::string("no register ") + name);
}

std::string format_value(const RegisterValue& v, unsigned bytes) {
  std::string s;
  char buf[3];
  for (unsigned i = bytes; i-- > 0;) {
    std::snprintf(buf, sizeof buf, "%02x", v[i]);
    s += buf;
  }
  return s;
}

}  // namespace mkemu::lockstep
